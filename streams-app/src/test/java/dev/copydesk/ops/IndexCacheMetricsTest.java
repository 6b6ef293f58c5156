package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The index tasks' caches of decoded articles as Prometheus meters: their estimated bytes and what they evicted. */
class IndexCacheMetricsTest {
    @Test
    void bytesAndEvictionsAddUpOverTheTasks() {
        try (Metrics m = new Metrics("cache-test")) {
            m.indexCacheChanged(4096, 0); // two tasks
            m.indexCacheChanged(8192, 2);
            m.indexCacheChanged(-1024, 3);
            assertThat(m.scrape()).contains("copydesk_index_cache_bytes{application=\"cache-test\"} 11264.0")
                    .contains("copydesk_index_cache_evictions_total{application=\"cache-test\"} 5.0");
        }
    }
}
