package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.copydesk.app.RocksDbMemory;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * copydesk.rocksdb.memory: every RocksDB store uses one shared block cache of that size (RocksDB's own
 * property metrics, read from the running topology), and RocksDB is left as Kafka Streams configures it (a 50 MB cache
 * per store) with 0. The shared cache is closed with the last store. The outputs do not depend on it.
 */
class RocksDbMemoryTest {
    private static final List<Article> ARTICLES = new WireStoryGenerator(3).generate(120,
            Instant.parse("2026-02-01T00:00:00Z"), Duration.ofHours(6)).articles();

    @Test
    void everyStoreSharesOneCacheOfTheConfiguredSize() {
        Map<String, Double> capacity = new TreeMap<>();
        int before = RocksDbMemory.cachesInUse(); // other apps of this JVM may hold caches of other sizes
        int[] during = {0};
        OfflineRunner.Result bounded = OfflineRunner.run(ARTICLES, settings("64MB"), null, d -> {
            capacity.putAll(cacheCapacity(d));
            during[0] = RocksDbMemory.cachesInUse() - before;
        });
        assertThat(capacity).as("block-cache-capacity per store").containsKeys("shard-passages", "article-state",
                "unique-held", "article-bodies", "cluster-nodes", "clusters");
        assertThat(capacity.values()).as("64 MB each").allMatch(c -> c == 64.0 * 1024 * 1024);
        assertThat(during[0]).as("one cache shared by all the stores").isEqualTo(1);
        assertThat(RocksDbMemory.cachesInUse()).as("closed with the last store").isEqualTo(before);

        capacity.clear();
        OfflineRunner.Result defaults = OfflineRunner.run(ARTICLES, settings("0"), null, d -> capacity.putAll(cacheCapacity(d)));
        assertThat(capacity).isNotEmpty();
        assertThat(capacity.values()).as("Kafka Streams' own 50 MB per store").allMatch(c -> c == 50.0 * 1024 * 1024);
        assertThat(bounded.finalClusters()).isEqualTo(defaults.finalClusters());
        assertThat(bounded.unique()).isEqualTo(defaults.unique());
    }

    @Test
    void aBoundOfAFewKilobytesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.copydesk.app.CopydeskApp.streamsProperties(settings("1KB")))
                .isInstanceOf(dev.copydesk.config.ConfigException.class).hasMessageContaining("at least 16MB");
        assertThat(dev.copydesk.app.CopydeskApp.streamsProperties(settings("16MB"))).isNotEmpty();
    }

    private static Settings settings(String memory) {
        return Settings.defaults().with(Settings.STORE_TYPE, "rocksdb").with(Settings.ROCKSDB_MEMORY, memory);
    }

    /** Store name → block-cache-capacity (the largest over its tasks; they are equal). */
    private static Map<String, Double> cacheCapacity(TopologyTestDriver driver) {
        Map<String, Double> m = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("block-cache-capacity")) {
                String store = n.tags().entrySet().stream().filter(t -> t.getKey().endsWith("-state-id"))
                        .map(Map.Entry::getValue).findFirst().orElse("?");
                Object v = e.getValue().metricValue();
                if (v instanceof Number num) {
                    m.merge(store, num.doubleValue(), Math::max);
                }
            }
        }
        return m;
    }
}
