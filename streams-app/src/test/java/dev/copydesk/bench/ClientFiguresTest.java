package dev.copydesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/**
 * What {@link ClientFigures.Sampler} takes from a KafkaStreams' metrics, on metrics named as Kafka 4.4 names them (the
 * real ones are exercised by {@code BenchCommandTest}): which counters count, which do not, and the completeness check.
 */
class ClientFiguresTest {
    private final Map<MetricName, Metric> metrics = new HashMap<>();

    private void put(String group, String name, Object value, String... tags) {
        Map<String, String> t = new HashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            t.put(tags[i], tags[i + 1]);
        }
        MetricName n = new MetricName(name, group, "", t);
        metrics.put(n, new Metric() {
            @Override
            public MetricName metricName() {
                return n;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    private ClientFigures.Sampler sampler(String... outputs) {
        return new ClientFigures.Sampler(() -> metrics, List.of("app-", "run.full0."), List.of(outputs));
    }

    @Test
    void countsSendsLessRetriesAndOnlyTheMainConsumersClientLevelReads() {
        String producer = "app-StreamThread-1-producer";
        put("producer-metrics", "record-send-total", 110.0, "client-id", producer);
        put("producer-metrics", "record-retry-total", 10.0, "client-id", producer);
        put("producer-topic-metrics", "record-send-total", 64.0, "client-id", producer, "topic", "app-band-shards-repartition");
        put("producer-topic-metrics", "record-retry-total", 4.0, "client-id", producer, "topic", "app-band-shards-repartition");
        put("producer-topic-metrics", "record-send-total", 40.0, "client-id", producer, "topic", "run.full0.articles.annotated");
        put("producer-topic-metrics", "record-send-total", 6.0, "client-id", producer, "topic", "other");
        put("consumer-fetch-manager-metrics", "records-consumed-total", 30.0, "client-id", "app-StreamThread-1-consumer");
        put("consumer-fetch-manager-metrics", "records-consumed-total", 30.0, "client-id", "app-StreamThread-1-consumer",
                "topic", "in"); // the per-topic figure of the same reads
        put("consumer-fetch-manager-metrics", "records-consumed-total", 500.0, "client-id", "app-StreamThread-1-restore-consumer");
        put("consumer-fetch-manager-metrics", "records-consumed-total", 7.0, "client-id", "app-global-consumer");

        ClientFigures f = sampler("articles.annotated", "articles.dlq").finish(40);

        assertThat(f.recordsSent()).isEqualTo(100);
        assertThat(f.recordsConsumed()).isEqualTo(30);
        assertThat(f.sentPerArticle()).isEqualTo(2.5);
        assertThat(f.consumedPerArticle()).isEqualTo(0.75);
        assertThat(f.sentByTopic()).containsExactly(Map.entry("band-shards-repartition", 60L),
                Map.entry("articles.annotated", 40L), Map.entry("other", 6L));
        assertThat(f.complete()).isTrue();
        assertThat(f.samples()).isZero(); // no stream thread reports ratios here
        assertThat(f.process()).isNaN();
    }

    @Test
    void fewerOutputRecordsThanArticlesFedMeansLostCounts() {
        put("producer-topic-metrics", "record-send-total", 38.0, "client-id", "p", "topic", "run.full0.articles.annotated");
        put("producer-topic-metrics", "record-send-total", 2.0, "client-id", "p", "topic", "run.full0.articles.dlq");
        assertThat(sampler("articles.annotated", "articles.dlq").finish(40).complete()).isTrue();
        assertThat(sampler("articles.annotated", "articles.dlq").finish(41).complete()).isFalse();
    }

    @Test
    void ratiosAreAveragedOverThreadsThenSamples() {
        put("stream-thread-metrics", "process-ratio", 0.6, "thread-id", "t1");
        put("stream-thread-metrics", "process-ratio", 0.8, "thread-id", "t2");
        put("stream-thread-metrics", "commit-ratio", 0.2, "thread-id", "t1");
        put("stream-thread-metrics", "commit-ratio", Double.NaN, "thread-id", "t2"); // not yet recorded: left out
        put("stream-thread-metrics", "poll-ratio", 0.1, "thread-id", "t1");
        put("stream-thread-metrics", "poll-ratio", 0.1, "thread-id", "t2");
        put("stream-task-metrics", "process-ratio", 0.99, "thread-id", "t1", "task-id", "0_0"); // a task's, not a thread's
        ClientFigures.Sampler s = sampler();
        s.sample();
        put("stream-thread-metrics", "process-ratio", 0.2, "thread-id", "t1");
        put("stream-thread-metrics", "process-ratio", 0.2, "thread-id", "t2");
        s.sample();

        ClientFigures f = s.finish(1);

        assertThat(f.samples()).isEqualTo(2); // finish samples only when nothing was sampled
        assertThat(f.process()).isCloseTo((0.7 + 0.2) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.commit()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.poll()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.punctuate()).isZero();
    }
}
