package dev.copydesk.archive;

import dev.copydesk.avro.Article;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextDirectoryTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void readsTextFilesSortedByNameWithTitleRuleAndBaseTime() throws IOException {
        write("b_story.txt", "Putin lands in Pyongyang for rare visit\nRussian President Vladimir Putin arrived.\nSecond paragraph.\n");
        write("a_story.txt", "Russian President Vladimir Putin is set to travel to North Korea on Tuesday for a visit amid suspicion "
                + "that Moscow seeks munitions. It is his first trip in 24 years.\nMore text.");
        write("notes.md", "ignored: not a .txt file");
        Instant base = Instant.parse("2024-06-17T00:00:00Z");
        List<ArchiveRecord> records;
        try (ArchiveReader reader = ArchiveReader.open(dir, base)) {
            assertThat(reader.format()).isEqualTo(ArchiveReader.Format.TEXT_DIRECTORY);
            records = reader.stream().toList();
        }
        assertThat(records).hasSize(2).allMatch(ArchiveRecord::isOk);
        Article first = records.get(0).article();
        Article second = records.get(1).article();

        assertThat(first.getId()).isEqualTo("a_story");
        assertThat(first.getSource()).isEqualTo("file");
        // first line is a long sentence: title is the first sentence cut to 120 chars, the line stays in the body
        assertThat(first.getTitle()).hasSizeLessThanOrEqualTo(120).startsWith("Russian President Vladimir Putin is set");
        assertThat(first.getBody()).startsWith("Russian President Vladimir Putin is set").endsWith("More text.");
        assertThat(first.getPublishedAt()).isEqualTo(base);

        assertThat(second.getId()).isEqualTo("b_story");
        // a headline-like first line becomes the title and leaves the body
        assertThat(second.getTitle()).isEqualTo("Putin lands in Pyongyang for rare visit");
        assertThat(second.getBody()).isEqualTo("Russian President Vladimir Putin arrived.\nSecond paragraph.");
        assertThat(second.getPublishedAt()).isEqualTo(base.plusSeconds(60));
    }

    @Test
    void timeFromFileNameThenSidecarElseMtime() throws IOException {
        write("2024-06-18T09-15_report.txt", "Headline\nBody.");
        write("plain.txt", "Headline two\nBody two.");
        write("side.txt", "Headline three\nBody three.");
        Files.writeString(dir.resolve("side.json"),
                "{\"published_at\": \"2024-06-19T10:00:00Z\", \"source\": \"example.org\", \"wire\": \"AFP\", \"url\": \"https://example.org/x\"}");
        Instant mtime = Instant.parse("2023-01-02T03:04:05Z");
        Files.setLastModifiedTime(dir.resolve("plain.txt"), FileTime.from(mtime));

        List<Article> articles = ArchiveReader.readArticles(dir);
        assertThat(articles).extracting(Article::getId).containsExactly("2024-06-18T09-15_report", "plain", "side");
        assertThat(articles.get(0).getPublishedAt()).isEqualTo(Instant.parse("2024-06-18T09:15:00Z"));
        assertThat(articles.get(1).getPublishedAt()).isEqualTo(mtime);
        Article side = articles.get(2);
        assertThat(side.getPublishedAt()).isEqualTo(Instant.parse("2024-06-19T10:00:00Z"));
        assertThat(side.getSource()).isEqualTo("example.org");
        assertThat(side.getWire()).isEqualTo("AFP");
        assertThat(side.getBody()).isEqualTo("Body three.");
    }

    @Test
    void emptyFilesAndBadSidecarsAreReportedNotDropped() throws IOException {
        write("a.txt", "  \n");
        write("b.txt", "Fine headline\nFine body.");
        write("c.txt", "Other\nText.");
        Files.writeString(dir.resolve("c.json"), "{not json");
        List<ArchiveRecord> records;
        try (ArchiveReader reader = ArchiveReader.open(dir, Instant.EPOCH)) {
            records = reader.stream().toList();
        }
        assertThat(records).extracting(ArchiveRecord::isOk).containsExactly(false, true, false);
        assertThat(records.get(0).origin()).isEqualTo("a.txt");
        assertThat(records.get(0).error()).contains("empty");
        assertThat(records.get(2).error()).contains("c.json");
        assertThat(records).extracting(ArchiveRecord::lineNumber).containsExactly(1L, 2L, 3L);
    }

    @Test
    void readsTheSeedArticles() throws IOException {
        Path seeds = SharedData.dir().resolve("seeds");
        SharedData.assumePresent(seeds);
        List<Article> articles = ArchiveReader.readArticles(seeds);
        assertThat(articles).hasSize(5);
        assertThat(articles).extracting(Article::getId).first().isEqualTo("000_d7952e7ffe9ffabc");
        assertThat(articles).allSatisfy(a -> {
            assertThat(a.getTitle()).isNotBlank().hasSizeLessThanOrEqualTo(200);
            assertThat(a.getBody().length()).isGreaterThan(1000);
        });
    }
}
