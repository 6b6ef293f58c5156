package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import org.junit.jupiter.api.Test;

/**
 * Reviewer's check of ac263af: cached (app) and uncached (offline) in-memory key-value stores give the same outputs on
 * input that exercises the expiry punctuations (short retention), articles sent again (kept-aside versions, successors),
 * out-of-order input (late links), a unique hold with bursts (held / released / withheld), in every output and order.
 */
class StoreCacheEquivalenceTest {
    @Test
    void cachedAndUncachedStoresGiveTheSameOutputs() {
        List<Article> sent = IndexCacheTest.corpus();
        Random r = new Random(11);
        List<Article> shuffled = new ArrayList<>(sent);
        // local shuffles: windows of 12 reversed or swapped, so many pairs go the late path
        for (int i = 0; i + 12 <= shuffled.size(); i += 12) {
            if (r.nextBoolean()) {
                java.util.Collections.reverse(shuffled.subList(i, i + 12));
            }
        }
        for (String hold : List.of("0s", "30s")) {
            Map<String, String> s = Map.of(Settings.RETENTION, "3h", Settings.UNIQUE_HOLD, hold, Settings.INDEX_SHARDS, "2");
            try (TopologyFixture cached = new TopologyFixture(s, TopologyMetrics.NONE, true);
                 TopologyFixture uncached = new TopologyFixture(s, TopologyMetrics.NONE, false)) {
                int n = 0;
                for (Article a : shuffled) {
                    if (n++ % 5 == 0) {
                        cached.sendInBurst(a);
                        uncached.sendInBurst(a);
                    } else {
                        cached.send(a);
                        uncached.send(a);
                    }
                    if (n % 50 == 0) {
                        cached.settle();
                        uncached.settle();
                    }
                }
                cached.settle();
                uncached.settle();
                assertThat(cached.evidences).as("copies").hasSizeGreaterThan(50);
                assertThat(uncached.annotations).as(hold).isEqualTo(cached.annotations);
                assertThat(uncached.storyUpdates).as(hold).isEqualTo(cached.storyUpdates);
                assertThat(uncached.evidences).as(hold).isEqualTo(cached.evidences);
                assertThat(uncached.uniqueIds).as(hold).isEqualTo(cached.uniqueIds);
                assertThat(uncached.deadLetters).as(hold).isEqualTo(cached.deadLetters);
            }
        }
    }
}
