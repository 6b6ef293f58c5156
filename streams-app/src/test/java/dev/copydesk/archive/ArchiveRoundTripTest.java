package dev.copydesk.archive;

import dev.copydesk.avro.Article;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveRoundTripTest {
    @TempDir
    Path dir;

    static List<Article> articles() {
        List<Article> list = new ArrayList<>();
        list.add(new Article("a1", "example-times.com", "https://example-times.com/a1", "Putin visits Pyongyang",
                "PARIS (AFP) — Russian President Vladimir Putin’s “friendly” visit.\nSecond paragraph — with ünïcödé and \"quotes\".",
                Instant.parse("2024-06-17T08:30:00Z"), "en", "AFP"));
        list.add(new Article("a2", "file", null, "No optional fields", "Body\n\nwith blank line",
                Instant.parse("2024-06-17T08:30:00.123Z"), null, null));
        list.add(new Article("a3", "x", null, "", "", Instant.EPOCH, "fr", null));
        return list;
    }

    @Test
    void articleJsonUsesAvroFieldNamesAndIsoTime() {
        String json = ArticleJson.toJson(articles().get(0));
        assertThat(json).contains("\"published_at\":\"2024-06-17T08:30:00Z\"", "\"wire\":\"AFP\"", "\"url\":")
                .doesNotContain("\n");
        assertThat(ArticleJson.toJson(articles().get(1))).doesNotContain("\"url\"", "\"language\"", "\"wire\"")
                .contains("\"published_at\":\"2024-06-17T08:30:00.123Z\"");
        for (Article a : articles()) {
            assertThat(ArticleJson.fromJson(ArticleJson.toJson(a))).isEqualTo(a);
        }
    }

    @Test
    void readsEpochMillisAndOffsetsAndNamesMissingFields() {
        Article a = ArticleJson.fromJson("{\"id\":\"x\",\"source\":\"s\",\"title\":\"t\",\"body\":\"b\",\"published_at\":1718613000000}");
        assertThat(a.getPublishedAt()).isEqualTo(Instant.parse("2024-06-17T08:30:00Z"));
        Article b = ArticleJson.fromJson("{\"id\":\"x\",\"source\":\"s\",\"title\":\"t\",\"body\":\"b\",\"published_at\":\"2024-06-17T10:30:00+02:00\",\"extra\":1}");
        assertThat(b.getPublishedAt()).isEqualTo(Instant.parse("2024-06-17T08:30:00Z"));

        assertThatThrownBy(() -> ArticleJson.fromJson("{\"id\":\"x\",\"source\":\"s\",\"body\":\"b\",\"published_at\":0}"))
                .isInstanceOf(ArticleFormatException.class)
                .hasMessageContaining("title")
                .satisfies(e -> assertThat(((ArticleFormatException) e).field()).isEqualTo("title"));
        assertThatThrownBy(() -> ArticleJson.fromJson("{\"id\":\"x\",\"source\":\"s\",\"title\":\"t\",\"body\":\"b\"}"))
                .hasMessageContaining("published_at");
        assertThatThrownBy(() -> ArticleJson.fromJson("{\"id\":\"x\",\"source\":\"s\",\"title\":\"t\",\"body\":\"b\",\"published_at\":\"yesterday\"}"))
                .hasMessageContaining("published_at").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> ArticleJson.fromJson("{\"id\":null,\"source\":\"s\",\"title\":\"t\",\"body\":\"b\",\"published_at\":0}"))
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> ArticleJson.fromJson("[1,2]")).hasMessageContaining("JSON object");
    }

    @Test
    void jsonLinesRoundTripPlainAndGzip() throws IOException {
        for (String name : new String[] {"a.jsonl", "a.jsonl.gz"}) {
            Path file = dir.resolve(name);
            assertThat(ArchiveWriter.writeAll(file, articles())).isEqualTo(3);
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                assertThat(reader.format()).isEqualTo(ArchiveReader.Format.JSON_LINES);
                List<ArchiveRecord> records = reader.stream().toList();
                assertThat(records).allMatch(ArchiveRecord::isOk);
                assertThat(records).extracting(ArchiveRecord::article).containsExactlyElementsOf(articles());
                assertThat(records).extracting(ArchiveRecord::lineNumber).containsExactly(1L, 2L, 3L);
            }
        }
        try (InputStream in = Files.newInputStream(dir.resolve("a.jsonl.gz"))) {
            assertThat(in.read()).isEqualTo(0x1f);
        }
    }

    @Test
    void gzipIsDetectedByMagicBytesWhateverTheName() throws IOException {
        Path gz = dir.resolve("x.jsonl.gz");
        ArchiveWriter.writeAll(gz, articles());
        Path renamed = Files.move(gz, dir.resolve("archive.data"));
        assertThat(ArchiveReader.readArticles(renamed)).containsExactlyElementsOf(articles());
    }

    @Test
    void malformedLinesAreReportedWithLineNumbersAndTheRestIsRead() throws IOException {
        List<String> lines = articles().stream().map(ArticleJson::toJson).collect(Collectors.toCollection(ArrayList::new));
        lines.add(1, "{\"id\": \"broken\", \"title\": ");                               // line 2: bad JSON
        lines.add(3, "");                                                                 // line 4: blank, skipped
        lines.add(4, "{\"id\":\"n\",\"source\":\"s\",\"title\":\"t\",\"published_at\":0}");   // line 5: no body
        lines.add("\"just a string\"");                                                   // line 7
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        List<ArchiveRecord> records;
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            records = new ArrayList<>();
            reader.forEach(records::add);
        }
        assertThat(records).extracting(ArchiveRecord::lineNumber).containsExactly(1L, 2L, 3L, 5L, 6L, 7L);
        assertThat(records).filteredOn(ArchiveRecord::isOk).extracting(r -> r.article().getId())
                .containsExactly("a1", "a2", "a3");
        List<ArchiveRecord> errors = records.stream().filter(r -> !r.isOk()).toList();
        assertThat(errors).extracting(ArchiveRecord::lineNumber).containsExactly(2L, 5L, 7L);
        assertThat(errors.get(0).error()).startsWith("invalid JSON");
        assertThat(errors.get(1).error()).contains("body");
        assertThat(errors.get(1).origin()).isEqualTo("mixed.jsonl:5");
        assertThat(errors.get(2).error()).contains("JSON object");

        assertThatThrownBy(() -> ArchiveReader.readArticles(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("mixed.jsonl:2");
    }

    @Test
    void avroContainerFile() throws IOException {
        Path file = dir.resolve("articles.avro");
        try (DataFileWriter<Article> w = new DataFileWriter<>(new SpecificDatumWriter<>(Article.class))) {
            w.create(Article.getClassSchema(), file.toFile());
            for (Article a : articles()) {
                w.append(a);
            }
        }
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            assertThat(reader.format()).isEqualTo(ArchiveReader.Format.AVRO);
            List<ArchiveRecord> records = reader.stream().toList();
            assertThat(records).extracting(ArchiveRecord::article).containsExactlyElementsOf(articles());
            assertThat(records).extracting(ArchiveRecord::lineNumber).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void truncatedAvroFileReportsAnErrorAfterTheGoodRecords() throws IOException {
        Path file = dir.resolve("big.avro");
        try (DataFileWriter<Article> w = new DataFileWriter<>(new SpecificDatumWriter<>(Article.class))) {
            w.setSyncInterval(1024);
            w.create(Article.getClassSchema(), file.toFile());
            for (int i = 0; i < 200; i++) {
                Article a = articles().get(0);
                a.setId("id" + i);
                w.append(a);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.avro"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (ArchiveReader reader = ArchiveReader.open(cut)) {
            List<ArchiveRecord> records = reader.stream().toList();
            assertThat(records.get(records.size() - 1).isOk()).isFalse();
            assertThat(records.get(records.size() - 1).error()).contains("Avro");
            assertThat(records.subList(0, records.size() - 1)).isNotEmpty().allMatch(ArchiveRecord::isOk);
        }
    }

    @Test
    void truncatedGzipIsReportedAfterTheLinesBeforeIt() throws IOException {
        Path gz = dir.resolve("t.jsonl.gz");
        List<Article> many = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 3000; i++) {
            Article a = articles().get(i % 3);
            a.setId("id" + i);
            a.setBody(Long.toHexString(random.nextLong()) + " " + Long.toHexString(random.nextLong()));
            many.add(a);
        }
        ArchiveWriter.writeAll(gz, many);
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        try (ArchiveReader reader = ArchiveReader.open(cut)) {
            List<ArchiveRecord> records = reader.stream().toList();
            ArchiveRecord last = records.get(records.size() - 1);
            assertThat(last.isOk()).isFalse();
            assertThat(last.error()).contains("unreadable input");
            List<ArchiveRecord> good = records.subList(0, records.size() - 1);
            assertThat(good).hasSizeBetween(1000, 2999).allMatch(ArchiveRecord::isOk);
            assertThat(good.get(good.size() - 1).article().getId()).isEqualTo("id" + (good.size() - 1));
        }
    }

    @Test
    void gzipCutInsideItsHeaderIsAnErrorThatNamesTheFile() throws IOException {
        Path gz = dir.resolve("h.jsonl.gz");
        ArchiveWriter.writeAll(gz, articles());
        Path cut = Files.write(dir.resolve("header-cut.jsonl.gz"), java.util.Arrays.copyOf(Files.readAllBytes(gz), 5));
        assertThatThrownBy(() -> ArchiveReader.open(cut)).isInstanceOf(IOException.class)
                .hasMessageContaining("header-cut.jsonl.gz").hasMessageContaining("truncated or corrupt compressed file");
    }

    @Test
    void streamCloseClosesTheReader() throws IOException {
        Path file = dir.resolve("c.jsonl");
        ArchiveWriter.writeAll(file, articles());
        ArchiveReader reader = ArchiveReader.open(file);
        try (Stream<ArchiveRecord> s = reader.stream()) {
            assertThat(s.limit(1).count()).isEqualTo(1);
        }
        assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
    }
}
