package dev.copydesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.copydesk.archive.ArticleJson;
import dev.copydesk.avro.Article;
import dev.copydesk.config.ConfigException;
import dev.copydesk.replay.LoadedArchive;
import dev.copydesk.replay.SortedArchive;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --input} reads its archive in bounded memory: {@link ArchivedArticles} gives the history, the warm-up and
 * the measured articles exactly as the whole archive in a list gave them (the first of each id, in event-time order), and
 * holds only the measured ones; the history and warm-up are read from the archive's sorted runs on disk each time.
 */
class ArchivedArticlesTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path tmp;

    /**
     * A shuffled archive with a malformed line and ids that come again: among the history, the warm-up, the measured
     * articles and after them, and once earlier in event time than the first in the file (that one is kept, as the list
     * kept the first in event-time order). Sorted into runs, read with a history of 200 and a warm-up of 20.
     */
    @Test
    void givesWhatTheWholeArchiveInAListGaveAndHoldsOnlyTheMeasured() throws IOException {
        List<Article> generated = new WireStoryGenerator(21).generate(600, START, Duration.ofHours(30)).articles();
        List<Article> sorted = new ArrayList<>(generated);
        sorted.sort(LoadedArchive.ORDER);
        List<Article> lines = new ArrayList<>(generated);
        // again 30 later: of an article in the history (its copy in the history, in the warm-up, among the measured), in the
        // warm-up, among the measured (twice) and after them; the copies among the history and the warm-up are the ones
        // each reading of the older articles must skip
        for (int k : new int[] {10, 150, 175, 205, 230, 310, 400}) {
            Article a = sorted.get(k);
            lines.add(Article.newBuilder(a).setTitle("Again " + k).setPublishedAt(sorted.get(k + 30).getPublishedAt()).build());
        }
        Article tie = sorted.get(190); // again at the same instant: the order in the file decides which is the first
        lines.add(Article.newBuilder(tie).setTitle("Tied").build());
        Article early = sorted.get(260); // again earlier in event time: this one is the first, in the history
        lines.add(Article.newBuilder(early).setTitle("Earlier").setPublishedAt(sorted.get(100).getPublishedAt()).build());
        Collections.shuffle(lines, new Random(4));
        Path file = tmp.resolve("archive.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines.size(); i++) {
                if (i == 300) {
                    w.write("{\"id\": \"broken\", \n");
                }
                w.write(ArticleJson.toJson(lines.get(i)) + "\n");
            }
        }
        List<Article> expected = firstOfEachId(LoadedArchive.load(file, null, null, false).articles());
        assertThat(expected).hasSize(600).anyMatch(a -> a.getTitle().equals("Earlier")).noneMatch(a -> a.getTitle().startsWith("Again"));

        try (SortedArchive archive = SortedArchive.sortToDisk(file, null, null, false, 200_000, null)) {
            assertThat(archive.runs()).as("sorted runs").isGreaterThan(3);
            assertThat(archive.malformed()).isEqualTo(1);
            ArchivedArticles a = ArchivedArticles.read(archive, new BenchOptions(100, 0, 200, 1, 20, false, true, 2));
            assertThat(a.size()).isEqualTo(600);
            assertThat(a.repeated()).isEqualTo(9);
            assertThat(a.describe()).isEqualTo("archive of 600 articles (" + expected.get(0).getPublishedAt() + " to "
                    + expected.get(599).getPublishedAt() + ")");
            assertThat(a.measuredCount()).isEqualTo(100);
            assertThat(a.retained()).as("articles held: the measured ones only").isEqualTo(100);
            // each phase's older articles, as often as the runner asks: the pass-through's warm-up, then a history with it
            assertThat(ids(a.older(20))).isEqualTo(ids(expected.subList(200, 220)));
            assertThat(ids(a.older(220))).isEqualTo(ids(expected.subList(0, 220)));
            assertThat(ids(a.older(70))).isEqualTo(ids(expected.subList(150, 220)));
            assertThat(a.older(220)).toIterable().containsExactlyElementsOf(expected.subList(0, 220));
            assertThat(a.older(0)).isExhausted();
            assertThatThrownBy(() -> a.older(221)).isInstanceOf(IllegalArgumentException.class);
            assertThat(archive.openReaders()).as("each reading of the older articles lets go of the runs' readers at its last article").isZero();
            assertThat(a.retained()).isEqualTo(100);
            assertThat(a.takeMeasured()).toIterable().containsExactlyElementsOf(expected.subList(220, 320));
            assertThat(a.retained()).as("handed over").isZero();

            // with no --count, all after the history and warm-up are measured; more asked for than there are: those
            assertThat(ArchivedArticles.read(archive, new BenchOptions(0, 0, 200, 1, 20, false, true, 2)).takeMeasured())
                    .toIterable().containsExactlyElementsOf(expected.subList(220, 600));
            ArchivedArticles few = ArchivedArticles.read(archive, new BenchOptions(1000, 0, 590, 1, 0, false, true, 2));
            assertThat(few.measuredCount()).isEqualTo(10);
            assertThat(few.older(590)).toIterable().containsExactlyElementsOf(expected.subList(0, 590));

            // nothing left to measure: the usage error the whole list gave, counting the first of each id
            assertThatThrownBy(() -> ArchivedArticles.read(archive, new BenchOptions(0, 0, 580, 1, 20, false, true, 2)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--input has 600 articles: --history 580 and --warmup 20 leave none to measure");
        }
    }

    /**
     * An archive larger than the heap: 40,000 articles of ~4 KB (about 170 MB of JSON) in a JVM of 64 MB. Read into one
     * list, as {@code bench --input} read it before, it runs out of memory; {@link ArchivedArticles} over the archive
     * sorted to disk reads it, and gives a history of 25,000 and a warm-up of 200 (three times: once per phase) and 500
     * measured articles, in event-time order, each id once.
     */
    @Test
    void anArchiveLargerThanTheHeapGivesItsHistoryAndWarmUpInBoundedMemory() throws Exception {
        Path file = tmp.resolve("big.jsonl");
        Iterator<LabelledArticle> it = new WireStoryGenerator(22).withLength(2).iterator(40_000, START, Duration.ofDays(2));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; it.hasNext(); i++) {
                Article a = it.next().article();
                w.write(ArticleJson.toJson(a) + "\n");
                if (i % 1000 == 500) { // an id again, later: left out
                    w.write(ArticleJson.toJson(Article.newBuilder(a).setPublishedAt(a.getPublishedAt().plusSeconds(600)).build()) + "\n");
                }
            }
        }
        String list = child("list", file);
        assertThat(list).contains("OutOfMemoryError");
        String bench = child("bench", file);
        assertThat(bench).contains("40000 articles, 40 left out, 500 measured, 500 held; older 200, 10200 and 25200 in order,"
                + " each id once, the shorter the ends of the longer, all before the measured; runs on disk: true");
    }

    /** Runs {@link ReadMain} in a JVM of 64 MB; returns its output. */
    private static String child(String mode, Path file) throws Exception {
        return ChildJvm.run(List.of("-Xmx64m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + file.getParent()), ReadMain.class,
                mode, file.toString());
    }

    /** {@code list}: the archive read into one list, as bench did; {@code bench}: read as bench reads it now. */
    public static final class ReadMain {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[1]);
            if (args[0].equals("list")) {
                try {
                    System.out.println(firstOfEachId(LoadedArchive.load(file, null, null, false).articles()).size() + " articles");
                } catch (OutOfMemoryError e) {
                    System.out.println("OutOfMemoryError");
                }
                return;
            }
            try (SortedArchive archive = SortedArchive.sortToDisk(file, null, null, false, SortedArchive.defaultBudget(), null)) {
                ArchivedArticles a = ArchivedArticles.read(archive, new BenchOptions(500, 0, 25_000, 1, 200, false, true, 2));
                int held = a.retained();
                List<Article> measured = new ArrayList<>();
                a.takeMeasured().forEachRemaining(measured::add);
                List<String> warmUp = ids(a.older(200));
                List<String> reference = ids(a.older(10_200));
                Article last = null;
                List<String> all = new ArrayList<>();
                boolean inOrder = true;
                for (Iterator<Article> it = a.older(25_200); it.hasNext(); ) {
                    Article x = it.next();
                    inOrder &= last == null || LoadedArchive.ORDER.compare(last, x) < 0;
                    last = x;
                    all.add(x.getId());
                }
                inOrder &= LoadedArchive.ORDER.compare(last, measured.get(0)) < 0;
                Set<String> ids = new HashSet<>(all);
                measured.forEach(m -> ids.add(m.getId()));
                boolean once = ids.size() == all.size() + measured.size();
                boolean ends = warmUp.equals(all.subList(25_000, 25_200)) && reference.equals(all.subList(15_000, 25_200));
                System.out.printf("%d articles, %d left out, %d measured, %d held; older %d, %d and %d%s%s%s; runs on disk: %s%n",
                        a.size(), a.repeated(), measured.size(), held, warmUp.size(), reference.size(), all.size(),
                        inOrder ? " in order" : " OUT OF ORDER", once ? ", each id once" : ", IDS REPEATED",
                        ends ? ", the shorter the ends of the longer, all before the measured" : ", ENDS DIFFER", archive.runs() > 0);
            }
        }
    }

    /** What {@code bench --input} fed before: the first of each id of the whole archive in event-time order. */
    private static List<Article> firstOfEachId(List<Article> archive) {
        Set<String> ids = new HashSet<>();
        List<Article> first = new ArrayList<>();
        for (Article a : archive) {
            if (ids.add(a.getId())) {
                first.add(a);
            }
        }
        return first;
    }

    private static List<String> ids(Iterator<Article> it) {
        List<String> ids = new ArrayList<>();
        it.forEachRemaining(a -> ids.add(a.getId()));
        return ids;
    }

    private static List<String> ids(List<Article> articles) {
        return articles.stream().map(Article::getId).toList();
    }
}
