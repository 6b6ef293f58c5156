package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * An offline run holds no record the topology wrote once it has been processed. TopologyTestDriver keeps every record
 * written to any topic, repartition topics included, until it is read; unread, a backtest held all its internal records to
 * the end (about 12.7 KB per article: a 10,000-article backtest spread over 30 days ran out of a 320 MB heap, and needs
 * less than 250 MB now).
 */
class OfflineRunnerMemoryTest {
    @Test
    void noWrittenRecordIsLeftInTheDriverAfterARun() {
        List<Article> corpus = new WireStoryGenerator(5).generate(150, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(6))
                .articles();
        Map<String, Integer> left = new LinkedHashMap<>();
        List<String> topics = new ArrayList<>();
        OfflineRunner.Result r = OfflineRunner.run(corpus, Settings.defaults(), null, driver -> {
            topics.addAll(driver.producedTopicNames());
            for (String topic : driver.producedTopicNames()) {
                left.put(topic, (int) queueSize(driver, topic));
            }
        });
        assertThat(r.annotated()).hasSize(corpus.size());
        // the run did write to its repartition topics (so the check below is not vacuous) ...
        assertThat(topics).anyMatch(t -> t.endsWith("band-shards-repartition"))
                .anyMatch(t -> t.endsWith("by-article-repartition"))
                .anyMatch(t -> t.endsWith("cluster-events-repartition"));
        // ... and nothing it wrote is still kept
        assertThat(left).allSatisfy((topic, n) -> assertThat(n).as(topic).isZero());
    }

    /**
     * Offline, unless copydesk.index.cache is set, the index's cache of decoded articles takes an eighth of the heap, at
     * most the app's default: so it does not set the heap a backtest needs.
     */
    @Test
    void theIndexCacheTakesAnEighthOfTheHeapAtMostTheAppsDefault() {
        assertThat(OfflineRunner.indexCache(128L << 20)).isEqualTo(16L << 20);
        assertThat(OfflineRunner.indexCache(256L << 20)).isEqualTo(32L << 20);
        assertThat(OfflineRunner.indexCache(512L << 20)).isEqualTo(dev.copydesk.topology.TopologySettings.INDEX_CACHE_DEFAULT);
        assertThat(OfflineRunner.indexCache(3L << 30)).isEqualTo(dev.copydesk.topology.TopologySettings.INDEX_CACHE_DEFAULT);
    }

    private static long queueSize(TopologyTestDriver driver, String topic) {
        TestOutputTopic<byte[], byte[]> t = driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        return t.getQueueSize();
    }
}
