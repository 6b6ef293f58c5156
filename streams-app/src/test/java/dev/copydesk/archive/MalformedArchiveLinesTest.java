package dev.copydesk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copydesk.avro.Article;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive lines and labels that are malformed are reported, never half read and never a crash (found in review). */
class MalformedArchiveLinesTest {
    @TempDir
    Path dir;

    static String line(String id, String publishedAt) {
        return "{\"id\":\"" + id + "\",\"source\":\"s\",\"title\":\"t\",\"body\":\"b\",\"published_at\":" + publishedAt + "}";
    }

    static List<ArchiveRecord> readAll(Path file) throws Exception {
        List<ArchiveRecord> out = new ArrayList<>();
        try (ArchiveReader r = ArchiveReader.open(file)) {
            for (ArchiveRecord rec : r) {
                out.add(rec);
            }
        }
        return out;
    }

    /** Two objects on one line (a lost newline): the second article vanishes without a problem record. */
    @Test
    void twoObjectsOnOneLineAreNotSilentlyDropped() throws Exception {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, line("a1", "\"2024-06-17T08:30:00Z\"") + line("a2", "\"2024-06-17T08:31:00Z\"") + "\n"
                + line("a3", "\"2024-06-17T08:32:00Z\"") + "\n");
        List<ArchiveRecord> recs = readAll(f);
        // every item is either read or reported: a2 must show up somewhere
        boolean a2Read = recs.stream().anyMatch(r -> r.isOk() && r.article().getId().equals("a2"));
        boolean line1Reported = recs.stream().anyMatch(r -> !r.isOk() && r.lineNumber() == 1);
        assertThat(a2Read || line1Reported).as("records: %s", recs).isTrue();
    }

    /** Trailing garbage after the object is accepted as if the line were well-formed. */
    @Test
    void trailingGarbageOnALineIsReported() throws Exception {
        Path f = dir.resolve("b.jsonl");
        Files.writeString(f, line("a1", "\"2024-06-17T08:30:00Z\"") + " garbage\n");
        List<ArchiveRecord> recs = readAll(f);
        assertThat(recs).as("records: %s", recs).hasSize(1);
        assertThat(recs.get(0).isOk()).as("records: %s", recs).isFalse();
    }

    /** published_at given as a string of digits too long for a long: NumberFormatException escapes the reader. */
    @Test
    void overlongDigitTimestampIsAMalformedLineNotACrash() throws Exception {
        Path f = dir.resolve("c.jsonl");
        Files.writeString(f, line("a1", "\"99999999999999999999\"") + "\n" + line("a2", "\"2024-06-17T08:31:00Z\"") + "\n");
        List<ArchiveRecord> recs = readAll(f);
        assertThat(recs).hasSize(2);
        assertThat(recs.get(0).isOk()).isFalse();
        assertThat(recs.get(1).isOk()).isTrue();
    }

    /** An ISO time beyond the epoch-millisecond range (year 999999999) is a malformed line; replay crashed with "long overflow". */
    @Test
    void isoTimestampBeyondEpochMillisIsAMalformedLine() throws Exception {
        Path f = dir.resolve("far.jsonl");
        Files.writeString(f, line("a1", "\"+999999999-12-31T00:00:00Z\"") + "\n" + line("a2", "\"2024-06-17T08:31:00Z\"") + "\n");
        List<ArchiveRecord> recs = readAll(f);
        assertThat(recs).hasSize(2);
        assertThat(recs.get(0).isOk()).isFalse();
        assertThat(recs.get(0).error()).contains("out of range");
        assertThat(recs.get(1).isOk()).isTrue();
    }

    /** ArticleJson.fromJson (used for copydesk.input.format=json) must throw ArticleFormatException, not NFE. */
    @Test
    void overlongDigitTimestampThrowsArticleFormatException() {
        try {
            ArticleJson.fromJson(line("a1", "\"99999999999999999999\""));
        } catch (ArticleFormatException expected) {
            return;
        } catch (RuntimeException other) {
            throw new AssertionError("expected ArticleFormatException, got " + other, other);
        }
        throw new AssertionError("accepted");
    }

    /** An integral JSON number beyond long range silently wraps to a wrong time. */
    @Test
    void overlongNumericTimestampIsRejected() {
        Article a = null;
        try {
            a = ArticleJson.fromJson(line("a1", "18446744073709551616001"));
        } catch (ArticleFormatException expected) {
            return;
        }
        throw new AssertionError("accepted with published_at " + a.getPublishedAt());
    }

    @Test
    void labelsWithBom() throws Exception {
        Path f = dir.resolve("labels.jsonl");
        Files.write(f, ("\uFEFF{\"id\":\"a1\",\"cluster\":\"c1\"}\n{\"id\":\"a2\",\"cluster\":\"c1\"}\n").getBytes(StandardCharsets.UTF_8));
        Labels l = Labels.read(f);
        assertThat(l.copyCluster()).containsEntry("a1", "c1").containsEntry("a2", "c1");
    }

    @Test
    void textSidecarWithOverlongDigitTimestampIsReportedNotThrown() throws Exception {
        Path d = Files.createDirectories(dir.resolve("txt"));
        Files.writeString(d.resolve("x.txt"), "Headline\nBody text here.");
        Files.writeString(d.resolve("x.json"), "{\"published_at\":\"99999999999999999999\"}");
        Files.writeString(d.resolve("y.txt"), "Headline\nBody text here.");
        List<ArchiveRecord> recs = readAll(d);
        assertThat(recs).hasSize(2);
        assertThat(recs.get(0).isOk()).isFalse();
    }
}
