package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * State is bounded by the event-time window, not by history: replaying four windows' worth of articles,
 * the candidate index (in-memory postings and stored passages), the per-article state and the cluster state
 * stop growing after the first window.
 */
class BoundedStateTest {

    @Test
    void storesStopGrowingOnceTheRetentionWindowIsFull() {
        List<Article> corpus = new WireStoryGenerator(99).generate(800, Instant.parse("2026-05-01T00:00:00Z"), Duration.ofHours(24)).articles();
        List<long[]> samples = new ArrayList<>(); // per checkpoint: band postings, shard passages, article states, clusters
        AtomicLong postings = new AtomicLong();
        TopologyMetrics metrics = new TopologyMetrics() {
            @Override
            public void indexChanged(long articles, long delta) {
                postings.addAndGet(delta);
            }
        };
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.RETENTION, "6h", Settings.STORE_TYPE, "rocksdb"), metrics)) {
            int i = 0;
            for (Article a : corpus) {
                f.send(a);
                if (++i % 100 == 0) {
                    samples.add(new long[] {
                            postings.get(),
                            count(f.driver.getWindowStore(CopydeskTopology.SHARD_PASSAGE_STORE).all()),
                            count(f.driver.getKeyValueStore(CopydeskTopology.ARTICLE_STATE_STORE).all()),
                            count(f.driver.getKeyValueStore(CopydeskTopology.CLUSTER_STORE).all())});
                }
            }
        }
        samples.forEach(s -> System.out.printf("state after each 100 articles (3h of event time): postings %d, shard passages %d, article states %d, clusters %d%n",
                s[0], s[1], s[2], s[3]));
        // 800 articles over 24 h = 4 windows of 6 h; after the first two windows (store retention is 2 windows
        // for the index, which looks both ways) each store holds at most what it held then, plus noise
        for (int store = 0; store < 4; store++) {
            long plateau = Math.max(samples.get(3)[store], samples.get(4)[store]);
            long last = samples.get(samples.size() - 1)[store];
            assertThat(last).as("store %d at the end vs after two windows", store).isLessThanOrEqualTo((long) (plateau * 1.5));
        }
        long total = samples.get(samples.size() - 1)[2];
        // the aggregator keeps an article two windows (as the index: a late article one window behind still links to
        // articles a window before it), freed every window/8 of stream time: about 2 of the 4 windows, plus 1/8 of one
        assertThat(total).as("article states: the last two windows' articles, not all seen").isLessThan(corpus.size() * 6 / 10);
    }

    private static long count(KeyValueIterator<?, ?> it) {
        long n = 0;
        try (it) {
            while (it.hasNext()) {
                KeyValue<?, ?> kv = it.next();
                if (kv != null) {
                    n++;
                }
            }
        }
        return n;
    }
}
