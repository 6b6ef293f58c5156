package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.copydesk.archive.ArticleJson;
import dev.copydesk.avro.Article;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SortedArchive} puts an archive in exactly the order {@link LoadedArchive} gives, whether it fits in its memory
 * budget or is sorted in runs on disk, and leaves no run behind.
 */
class SortedArchiveTest {
    @TempDir
    Path tmp;

    /**
     * A shuffled archive with malformed lines, articles outside the time range, and articles sharing a publication time
     * (same id twice with different bodies, and different ids), sorted with a budget that forces many runs.
     */
    @Test
    void runsOnDiskGiveTheOrderOfTheInMemorySort() throws IOException {
        List<Article> generated = new ArrayList<>(new WireStoryGenerator(8).generate(3000,
                Instant.parse("2026-02-01T00:00:00Z"), Duration.ofDays(2)).articles());
        Instant tie = generated.get(1500).getPublishedAt();
        for (int i = 0; i < 40; i++) { // ties: the same instant, ids in both orders, one id three times
            Article a = generated.get(i * 7);
            generated.add(Article.newBuilder(a).setId(i % 4 == 0 ? "tie-same" : "tie-" + (40 - i)).setPublishedAt(tie)
                    .setBody(a.getBody() + " Version " + i + ".").build());
        }
        Collections.shuffle(generated, new Random(3));
        Path file = tmp.resolve("shuffled.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < generated.size(); i++) {
                if (i % 500 == 250) {
                    w.write("{\"id\": \"broken-" + i + "\", \"title\": \n");
                }
                w.write(ArticleJson.toJson(generated.get(i)) + "\n");
            }
        }
        Instant from = Instant.parse("2026-02-01T03:00:00Z");
        Instant to = Instant.parse("2026-02-02T21:00:00Z");
        LoadedArchive expected = LoadedArchive.load(file, from, to, false);
        assertThat(expected.outOfRange()).isPositive();

        try (SortedArchive onDisk = SortedArchive.sort(file, from, to, false, 300_000)) {
            assertThat(onDisk.runs()).as("runs written").isGreaterThan(10);
            Path dir = onDisk.runDirectory();
            assertThat(dir).isDirectory();
            List<String> got = new ArrayList<>();
            for (Article a : onDisk) {
                got.add(a.getId() + "|" + a.getPublishedAt() + "|" + a.getBody().hashCode());
            }
            assertThat(got).containsExactlyElementsOf(expected.articles().stream()
                    .map(a -> a.getId() + "|" + a.getPublishedAt() + "|" + a.getBody().hashCode()).toList());
            assertThat(onDisk.size()).isEqualTo(expected.articles().size());
            assertThat(onDisk.oldest()).isEqualTo(expected.articles().get(0).getPublishedAt());
            assertThat(onDisk.read()).isEqualTo(expected.read());
            assertThat(onDisk.outOfRange()).isEqualTo(expected.outOfRange());
            assertThat(onDisk.problems()).extracting(r -> r.origin()).containsExactlyElementsOf(
                    expected.problems().stream().map(r -> r.origin()).toList()).hasSize(6);
            // read to the end, the runs' readers are not held: a sweep reads the archive once per point, and each closed
            // reader held its last blocks (about 70 KB) until the archive was closed
            assertThat(onDisk.openReaders()).as("readers held after a whole iteration").isZero();
            int n = 0;
            for (Article ignored : onDisk) {
                n++;
            }
            assertThat(n).isEqualTo(expected.articles().size());
            assertThat(onDisk.openReaders()).as("readers held after a second one").isZero();
            // iterated again, and the runs are deleted at close even when an iteration stopped halfway
            assertThat(onDisk.iterator().next().getId()).isEqualTo(expected.articles().get(0).getId());
            onDisk.close();
            assertThat(dir).doesNotExist();
        }

        try (SortedArchive inMemory = SortedArchive.sort(file, from, to, false, Long.MAX_VALUE)) {
            assertThat(inMemory.runs()).isZero();
            assertThat(inMemory).containsExactlyElementsOf(expected.articles());
        }
    }

    /**
     * {@link SortedArchive#sortToDisk}: an archive that fits in the budget is written to a run too (nothing of it stays in
     * the heap), in the same order; and a cursor left before the end lets go of its runs' readers when closed.
     */
    @Test
    void sortedToDiskEvenWhenItFitsAndACursorLeftHalfwayClosesItsReaders() throws IOException {
        Path file = tmp.resolve("articles.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeGenerated(w, 9, 300);
        }
        LoadedArchive expected = LoadedArchive.load(file, null, null, false);
        try (SortedArchive fits = SortedArchive.sortToDisk(file, null, null, false, Long.MAX_VALUE, null)) {
            assertThat(fits.runs()).isEqualTo(1);
            assertThat(fits).containsExactlyElementsOf(expected.articles());
            assertThat(fits.size()).isEqualTo(300);
            assertThat(fits.oldest()).isEqualTo(expected.articles().get(0).getPublishedAt());
        }
        try (SortedArchive runs = SortedArchive.sortToDisk(file, null, null, false, 100_000, null)) {
            assertThat(runs.runs()).isGreaterThan(3);
            assertThat(runs).containsExactlyElementsOf(expected.articles());
            SortedArchive.Cursor halfway = runs.iterator();
            for (int i = 0; i < 150; i++) {
                assertThat(halfway.next().getId()).isEqualTo(expected.articles().get(i).getId());
            }
            assertThat(runs.openReaders()).isPositive();
            halfway.close();
            assertThat(runs.openReaders()).as("readers held after the cursor was closed").isZero();
            assertThat(halfway.hasNext()).isFalse();
        }
        try (SortedArchive empty = SortedArchive.sortToDisk(Files.createFile(tmp.resolve("empty.jsonl")), null, null, false,
                100_000, null)) {
            assertThat(empty.size()).isZero();
            assertThat(empty.iterator().hasNext()).isFalse();
        }
    }

    /**
     * Where snappy-java cannot load its native library (it unpacks it into {@code java.io.tmpdir}, and a host may mount
     * that {@code noexec}), Avro has no snappy codec: the runs were refused with "Cannot invoke
     * CodecFactory.createInstance() because c is null". A JVM of its own, told to look for the library only on the
     * system's library path (where it is not), sorts in runs as well.
     */
    @Test
    void runsAreWrittenWithoutSnappysNativeLibrary() throws Exception {
        Path file = tmp.resolve("articles.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeGenerated(w, 5, 400);
        }
        String output = child(List.of("-Dorg.xerial.snappy.use.systemlib=true"), file, 200_000);
        assertThat(output).contains("snappy available: false").containsPattern("in order: true, [1-9]\\d* runs");
    }

    /**
     * A file in another format is malformed line by line: its items are counted, and only the first ones kept. Keeping
     * them all, 2 million short lines ran a 96 MB heap out of memory, however small the sort's budget; here 600,000 in
     * 32 MB.
     */
    @Test
    void malformedItemsAreCountedNotAllKept() throws Exception {
        Path file = tmp.resolve("mostly-junk.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeGenerated(w, 6, 200);
            for (int i = 0; i < 600_000; i++) {
                w.write("x\n");
            }
        }
        String output = child(List.of("-Xmx32m"), file, 100_000);
        assertThat(output).containsPattern("in order: true, [1-9]\\d* runs, 200 articles, 600000 malformed, "
                + SortedArchive.KEPT_PROBLEMS + " kept");
    }

    /** Runs {@link SortMain} in a JVM of its own with {@code jvmArgs}; returns its output (it exits 0). */
    private static String child(List<String> jvmArgs, Path file, long budget) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Djava.io.tmpdir=" + file.getParent(), "-cp", cp, SortMain.class.getName(), file.toString(),
                Long.toString(budget)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /** Sorts an archive with a budget and says whether it came out in order (the archive need not fit in the heap). */
    public static final class SortMain {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            System.out.println("snappy available: " + (org.apache.avro.file.CodecFactory.snappyCodec() != null));
            int runs;
            long malformed;
            long kept;
            long count = 0;
            boolean inOrder = true;
            try (SortedArchive s = SortedArchive.sort(file, null, null, false, Long.parseLong(args[1]))) {
                runs = s.runs();
                malformed = s.malformed();
                kept = s.problems().size();
                Article before = null;
                for (Article a : s) {
                    inOrder &= before == null || LoadedArchive.ORDER.compare(before, a) <= 0;
                    before = a;
                    count++;
                }
            }
            System.out.println("in order: " + inOrder + ", " + runs + " runs, " + count + " articles, "
                    + malformed + " malformed, " + kept + " kept");
        }
    }

    /** {@code count} generated articles (one day from 2026-02-01), one JSON line each. */
    private static void writeGenerated(Writer w, long seed, int count) throws IOException {
        for (Article a : new WireStoryGenerator(seed).generate(count, Instant.parse("2026-02-01T00:00:00Z"), Duration.ofDays(1)).articles()) {
            w.write(ArticleJson.toJson(a) + "\n");
        }
    }
}
