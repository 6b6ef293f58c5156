package dev.copydesk.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import dev.copydesk.detect.NameAgreement;
import org.junit.jupiter.api.Test;

class BandIndexTest {
    private static final long[] NO_NAMES = {};

    private static List<String> found(BandIndex index, long band, long from, long to, int limit) {
        LongList out = new LongList(4);
        index.lookup(band, from, to, limit, out);
        List<String> r = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            long v = out.get(i);
            r.add(index.key((int) (v >>> 32)) + "#" + (int) v);
        }
        return r;
    }

    @Test
    void lookupAllGivesTheResultsOfOneLookUpPerBandInOrder() {
        Random random = new Random(11);
        BandIndex walked = new BandIndex();
        BandIndex stepped = new BandIndex();
        int frozenSeen = 0;
        for (int article = 0; article < 3_000; article++) {
            long time = article * 10L + random.nextInt(200); // slightly out of order
            int limit = 3;
            long[] bands = new long[1 + random.nextInt(40)];
            for (int i = 0; i < bands.length; i++) {
                bands[i] = random.nextInt(i > 0 && random.nextInt(10) == 0 ? 1 : 400); // a crowded key space, some repeats
                if (i > 0 && random.nextInt(12) == 0) {
                    bands[i] = bands[i - 1]; // the same band twice in one batch
                }
            }
            long from = time - 2_000;
            long to = time + 50; // later articles exist (out of order): the window's both ends matter
            LongList all = new LongList(4);
            int[] ends = new int[bands.length];
            boolean[] full = new boolean[bands.length];
            walked.lookupAll(bands, bands.length, from, to, limit, all, ends, full);
            int start = 0;
            for (int i = 0; i < bands.length; i++) {
                LongList one = new LongList(4);
                boolean oneFull = stepped.lookup(bands[i], from, to, limit, one);
                assertThat(full[i]).as("article %d band %d full", article, i).isEqualTo(oneFull);
                List<Long> expected = new ArrayList<>();
                for (int k = 0; k < one.size(); k++) {
                    expected.add(one.get(k));
                }
                List<Long> actual = new ArrayList<>();
                for (int k = start; k < ends[i]; k++) {
                    actual.add(all.get(k));
                }
                assertThat(actual).as("article %d band %d", article, i).isEqualTo(expected);
                start = ends[i];
                frozenSeen += oneFull ? 1 : 0;
            }
            String key = "a" + article;
            int w = walked.register(key, time, NO_NAMES);
            int s = stepped.register(key, time, NO_NAMES);
            for (int i = 0; i < bands.length; i++) {
                if (!full[i]) {
                    walked.post(bands[i], w, i);
                    stepped.post(bands[i], s, i);
                }
            }
            if (article % 700 == 699) { // compaction renumbers and unfreezes: both the same way
                walked.expireBefore(time - 3_000);
                stepped.expireBefore(time - 3_000);
            }
        }
        assertThat(frozenSeen).as("bands were found full").isGreaterThan(1_000);
    }

    @Test
    void returnsThePostingsOfABandWithinTheTimeWindow() {
        BandIndex index = new BandIndex();
        int a = index.register("a", 1_000, NO_NAMES);
        int b = index.register("b", 5_000, NO_NAMES);
        index.post(42L, a, 3);
        index.post(42L, a, 7);
        index.post(42L, b, 0);
        index.post(43L, b, 1);

        assertThat(found(index, 42L, 0, 10_000, 16)).containsExactlyInAnyOrder("a#3", "a#7", "b#0");
        assertThat(found(index, 42L, 2_000, 10_000, 16)).containsExactly("b#0");
        assertThat(found(index, 43L, 0, 10_000, 16)).containsExactly("b#1");
        assertThat(found(index, 44L, 0, 10_000, 16)).isEmpty();
        assertThat(index.ordinal("b")).isEqualTo(b);
        assertThat(index.ordinal("zzz")).isEqualTo(-1);
        assertThat(index.register("a", 9_999, NO_NAMES)).as("an article keeps its ordinal").isEqualTo(a);
    }

    @Test
    void aCrowdedBandKeepsItsEarliestArticlesAndTakesNoMore() {
        BandIndex index = new BandIndex();
        // registered out of time order: "earliest" means by publication time
        long[] times = {500, 100, 400, 200, 300};
        for (int i = 0; i < times.length; i++) {
            index.post(7L, index.register("n" + i, times[i], NO_NAMES), i);
        }
        LongList out = new LongList(4);
        assertThat(index.lookup(7L, 0, 1_000, 3, out)).as("5 articles > limit 3: full").isTrue();
        assertThat(found(index, 7L, 0, 1_000, 3)).containsExactlyInAnyOrder("n1#1", "n3#3", "n4#4");
        // full is judged in the look-up's window: in [250, 1000] three articles (n4, n2, n0), not more than 3
        LongList inWindow = new LongList(4);
        assertThat(index.lookup(7L, 250, 1_000, 3, inWindow)).isFalse();
        assertThat(inWindow.size()).isEqualTo(3);
        // whether to post to a full band is the caller's choice (IndexProcessor posts only the bands its look-up
        // found not full); the frozen band takes the posting as its chain would
        index.post(7L, index.register("late", 50, NO_NAMES), 9);
        assertThat(found(index, 7L, 0, 1_000, 3)).containsExactlyInAnyOrder("late#9", "n1#1", "n3#3");
        assertThat(index.lookup(7L, 0, 1_000, 3, new LongList(4))).isTrue();
        // under the limit the band is not full
        assertThat(index.lookup(8L, 0, 1_000, 3, new LongList(4))).isFalse();
    }

    @Test
    void expiryDropsOldArticlesAndKeepsTheRest() {
        BandIndex index = new BandIndex();
        Random random = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            int o = index.register("x" + i, i, NO_NAMES);
            for (int k = 0; k < 4; k++) {
                index.post(random.nextInt(2_000), o, k);
            }
        }
        index.post(123_456L, index.ordinal("x4999"), 9);
        assertThat(index.lookup(5L, 0, 10_000, 2, new LongList(4))).as("a frozen band survives compaction as postings").isTrue();
        int postingsBefore = index.postings();

        assertThat(index.expireBefore(4_000)).isEqualTo(4_000);
        assertThat(index.articles()).isEqualTo(1_000);
        assertThat(index.postings()).isLessThan(postingsBefore / 4);
        assertThat(index.ordinal("x10")).isEqualTo(-1);
        int o = index.ordinal("x4999");
        assertThat(index.key(o)).isEqualTo("x4999");
        assertThat(index.time(o)).isEqualTo(4999);
        assertThat(found(index, 123_456L, 0, 10_000, 16)).containsExactly("x4999#9");
        // every surviving posting belongs to a surviving article
        for (long band = 0; band < 2_000; band++) {
            for (String p : found(index, band, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE)) {
                assertThat(Integer.parseInt(p.substring(1, p.indexOf('#')))).isGreaterThanOrEqualTo(4_000);
            }
        }
    }

    @Test
    void theNameFilterNeverRejectsAPairThatSharesEnoughNames() {
        Random random = new Random(7);
        BandIndex index = new BandIndex();
        int rejected = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            long[] mine = names(random, 1 + random.nextInt(40));
            long[] theirs = random.nextBoolean() ? names(random, 1 + random.nextInt(40)) : overlapping(random, mine);
            int o = index.register("t" + trial, 0, theirs);
            int[] bits = new int[mine.length];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = NameSketch.bit(mine[i]);
            }
            double share = NameAgreement.share(mine, theirs);
            boolean may = index.mayShareNames(o, new NameSketch.Probe(mine), 0.45);
            long[] sketch = new long[NameSketch.WORDS];
            NameSketch.sketch(theirs, sketch, 0);
            assertThat(NameSketch.sharedAtMost(new NameSketch.Probe(mine), sketch, 0))
                    .as("the popcount bound equals the per-name bound").isEqualTo(NameSketch.sharedAtMost(bits, sketch, 0));
            if (share >= 0.45) {
                assertThat(may).as("share %.3f passes, the filter must too", share).isTrue();
            } else if (!may) {
                rejected++;
            }
        }
        assertThat(rejected).as("the filter does reject most unrelated name sets").isGreaterThan(500);
    }

    @Test
    void theBatchedNameFilterAnswersAsOneCheckPerArticle() {
        Random random = new Random(11);
        BandIndex index = new BandIndex();
        int n = 3_000;
        for (int o = 0; o < n; o++) {
            index.register("t" + o, o, names(random, random.nextInt(30))); // some with no names at all
        }
        long[] mine = names(random, 12);
        NameSketch.Probe probe = new NameSketch.Probe(mine);
        int[] ordinals = new int[n];
        for (int i = 0; i < n; i++) {
            ordinals[i] = random.nextInt(n); // in any order, repeats allowed
        }
        boolean[] may = new boolean[n + 5];
        index.mayShareNames(ordinals, n, probe, 0.25, may);
        int passed = 0;
        for (int i = 0; i < n; i++) {
            assertThat(may[i]).as("ordinal %d", ordinals[i]).isEqualTo(index.mayShareNames(ordinals[i], probe, 0.25));
            passed += may[i] ? 1 : 0;
        }
        assertThat(passed).as("both answers occur").isBetween(1, n - 1);
    }

    private static long[] names(Random random, int n) {
        TreeSet<Long> s = new TreeSet<>();
        while (s.size() < n) {
            s.add(random.nextLong() >> 6);
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] overlapping(Random random, long[] base) {
        TreeSet<Long> s = new TreeSet<>();
        for (long v : base) {
            if (random.nextDouble() < 0.6) {
                s.add(v);
            }
        }
        while (s.size() < base.length) {
            s.add(random.nextLong() >> 6);
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }
}
