package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;

/**
 * The index task's cache of decoded articles is bounded by bytes ({@code copydesk.index.cache}): the estimated sizes of its
 * entries never add up to more than the budget, and what it holds changes no output.
 */
class IndexCacheTest {
    static final Instant T = Instant.parse("2026-03-03T08:00:00Z");

    /**
     * Generated articles over 24 hours (eight 3-hour retention windows), some sent again: soon after (the same text or an
     * update: looked up as first indexed), or 7 to 10 hours later, when the first version is behind the index's horizon
     * and the article is indexed anew under the same key (a cache that kept the first version's entry would answer with
     * its passages).
     */
    static List<Article> corpus() {
        List<Article> corpus = new WireStoryGenerator(42).generate(400, T, Duration.ofHours(24)).articles();
        List<Article> sent = new ArrayList<>(corpus);
        Random random = new Random(7);
        for (Article a : corpus) {
            int r = random.nextInt(8);
            if (r <= 1) {
                Duration later = r == 0 ? Duration.ofMinutes(random.nextInt(120)) : Duration.ofMinutes(420 + random.nextInt(180));
                sent.add(Article.newBuilder(a).setPublishedAt(a.getPublishedAt().plus(later))
                        .setBody(random.nextBoolean() ? a.getBody() : a.getBody() + "\n\nThis story has been updated.").build());
            }
        }
        sent.sort(java.util.Comparator.comparing(Article::getPublishedAt));
        return sent;
    }

    /** Counts what the index reports of its cache: the estimated bytes held (and their most), entries evicted. */
    static final class CacheMeter implements TopologyMetrics {
        long bytes;
        long most;
        long evictions;

        @Override
        public void indexCacheChanged(long delta, long evicted) {
            bytes += delta;
            most = Math.max(most, bytes);
            evictions += evicted;
        }
    }

    /**
     * The whole topology over the same articles with a cache of 16 KB (an entry or two: evicted all the time), none, and
     * 1 GB (nothing evicted): the same annotations, cluster updates, evidence, unique articles and dead letters.
     */
    @Test
    void theOutputsDoNotDependOnTheBudget() {
        List<Article> sent = corpus();
        CacheMeter tiny = new CacheMeter();
        CacheMeter none = new CacheMeter();
        CacheMeter large = new CacheMeter();
        try (TopologyFixture small = fixture("16KB", tiny);
             TopologyFixture zero = fixture("0", none);
             TopologyFixture big = fixture("1GB", large)) {
            for (Article a : sent) {
                small.send(a);
                zero.send(a);
                big.send(a);
            }
            for (TopologyFixture f : List.of(small, zero, big)) {
                f.settle();
            }
            assertThat(big.evidences).as("the articles have copies").hasSizeGreaterThan(50);
            assertThat(big.uniqueIds).isNotEmpty();
            for (TopologyFixture f : List.of(small, zero)) {
                assertThat(f.annotations).isEqualTo(big.annotations);
                assertThat(f.storyUpdates).isEqualTo(big.storyUpdates);
                assertThat(f.evidences).isEqualTo(big.evidences);
                assertThat(f.uniqueIds).isEqualTo(big.uniqueIds);
                assertThat(f.deadLetters).isEqualTo(big.deadLetters);
            }
        }
        assertThat(tiny.evictions).as("the small cache evicted all the time").isGreaterThan(sent.size());
        assertThat(tiny.most).isPositive().isLessThanOrEqualTo(16 << 10);
        assertThat(none.most).as("a budget of 0 keeps nothing").isZero();
        assertThat(large.evictions).as("the large cache kept everything").isZero();
        assertThat(large.most).as("over a megabyte: many entries").isGreaterThan(1L << 20);
        assertThat(large.bytes).as("every byte reported back at the close").isZero();
    }

    private static TopologyFixture fixture(String cache, TopologyMetrics metrics) {
        return new TopologyFixture(Map.of(Settings.RETENTION, "3h", Settings.INDEX_CACHE, cache), metrics, false);
    }

    /**
     * One index task (one shard: whole articles) with a budget of about ten articles: after every article the cache holds
     * at most the budget, and what it accounts is what its entries add up to.
     */
    @Test
    void theCacheHoldsAtMostItsBudget() {
        long budget = 48 << 10;
        IndexTask task = new IndexTask(Duration.ofHours(3), 8, budget);
        int most = 0;
        for (Article a : corpus()) {
            task.send(a);
            IndexCache cache = task.cache();
            assertThat(cache.bytes()).as("after %s", a.getId()).isLessThanOrEqualTo(budget).isEqualTo(cache.recount());
            most = Math.max(most, cache.size());
        }
        IndexCache cache = task.cache();
        assertThat(cache.evictions()).as("it was full").isGreaterThan(100);
        assertThat(most).as("entries held at once").isBetween(6, 20);
        // generated articles of the default length: about 4.1 KB decoded, 4.3 KB with the key and the map's entry (README,
        // Memory of an instance; the estimate was within 0.1% of the heap 2,000 decoded articles took, measured once)
        assertThat(cache.bytes() / cache.size()).isBetween(3_500L, 5_500L);
    }

    /** The estimate of a decoded article: the object, its arrays and their headers, as {@link Sizes} lays them out. */
    @Test
    void aDecodedArticleCountsItsArraysAndTheirHeaders() {
        ShardPassages data = new ShardPassages(0L, 9, Longs.pack(new long[] {1, 2}),
                List.of(passage(0, 5), passage(3, 7)), 1L);
        IndexProcessor.Indexed indexed = new IndexProcessor.Indexed(data);
        long expected = 64 // header 12, two longs, an int, seven 4-byte references: 60, rounded up to 8
                + (16 + 2 * 8) // names
                + 3 * (16 + 2 * 4) // numbers, starts, ends
                + (16 + 2 * 8) // exact hashes
                + (16 + 2 * 4) // the features' references
                + (16 + 5 * 8) + (16 + 7 * 8) // the features
                + (16 + 4 * 4); // passage number to slot, numbers 0 to 3
        assertThat(indexed.bytes()).isEqualTo(expected);
        // in the cache: the key's String (24) and its 8 bytes (16 + 8), the map's entry (40) and its table (8)
        assertThat(IndexCache.cost("0/abcdef", indexed)).isEqualTo(expected + 24 + 24 + 48);
        assertThat(IndexCache.cost("0/abcde€", indexed)).as("a character beyond Latin-1: two bytes each")
                .isEqualTo(expected + 24 + 32 + 48);
    }

    /** Least recently used out first: a read makes an entry the newest. An entry over the whole budget is not kept. */
    @Test
    void evictsTheLeastRecentlyUsedAndKeepsNothingLargerThanTheBudget() {
        IndexProcessor.Indexed entry = new IndexProcessor.Indexed(new ShardPassages(0L, 1, Longs.pack(new long[0]),
                List.of(passage(0, 100)), 1L));
        long cost = IndexCache.cost("0/a", entry);
        IndexCache cache = new IndexCache(3 * cost);
        cache.put("0/a", entry);
        cache.put("0/b", entry);
        cache.put("0/c", entry);
        assertThat(cache.get("0/a")).isSameAs(entry); // a is now the newest: b goes first
        cache.put("0/d", entry);
        assertThat(cache.get("0/b")).isNull();
        assertThat(cache.get("0/c")).isNotNull();
        assertThat(cache.get("0/a")).isNotNull();
        assertThat(cache.evictions()).isOne();
        assertThat(cache.bytes()).isEqualTo(3 * cost).isEqualTo(cache.recount());

        IndexProcessor.Indexed huge = new IndexProcessor.Indexed(new ShardPassages(0L, 1, Longs.pack(new long[0]),
                List.of(passage(0, 1000)), 1L));
        cache.put("0/a", huge); // a new version of a: the old entry must not stay
        assertThat(cache.get("0/a")).isNull();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.bytes()).isEqualTo(2 * cost).isEqualTo(cache.recount());

        IndexCache nothing = new IndexCache(0);
        nothing.put("0/a", entry);
        assertThat(nothing.size()).isZero();
        assertThat(nothing.bytes()).isZero();
    }

    private static ShardPassage passage(int number, int features) {
        long[] f = new long[features];
        for (int i = 0; i < features; i++) {
            f[i] = 31L * i + number;
        }
        ByteBuffer none = Longs.pack(new long[0]);
        return new ShardPassage(number, 10 * number, 10 * number + 9, 17L * number, none, Longs.pack(f));
    }
}
