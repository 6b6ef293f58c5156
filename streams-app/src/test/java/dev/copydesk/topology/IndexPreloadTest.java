package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The bench's fast path into the index, on the real broker: articles written straight into the passage
 * store's changelog are restored by the next app, which then finds them as candidates and links later
 * copies to them, as if it had processed them itself.
 */
class IndexPreloadTest {

    @Test
    void preloadedArticlesAreRestoredAndLinkedTo() throws Exception {
        List<LabelledArticle> corpus = new WireStoryGenerator(5)
                .generate(120, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(6)).labels();
        // the rewrites published after the first half are sent live; everything before is preloaded
        List<LabelledArticle> earlier = corpus.subList(0, corpus.size() / 2);
        Set<String> earlierWires = earlier.stream().filter(l -> l.kind() == LabelledArticle.Kind.WIRE)
                .map(l -> l.article().getId()).collect(Collectors.toSet());
        List<Article> live = corpus.subList(corpus.size() / 2, corpus.size()).stream()
                .filter(l -> l.kind() == LabelledArticle.Kind.REWRITE && earlierWires.contains(l.copyClusterId()))
                .map(LabelledArticle::article).toList();
        assertThat(live).as("rewrites of preloaded wire stories in the sample").hasSizeGreaterThanOrEqualTo(3);

        try (AppHarness h = new AppHarness("preload", 2, Map.of(Settings.STORE_TYPE, "rocksdb"))) {
            CopydeskApp first = h.startInstance(); // creates the internal topics
            h.awaitAllRunning();
            h.stopInstance(first);

            String topic = IndexPreload.changelogTopic(h.settings.get("application.id"));
            IndexPreload preload = new IndexPreload(TopologySettings.from(h.settings));
            int records = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (LabelledArticle l : earlier) {
                    for (ProducerRecord<byte[], byte[]> r : preload.records(topic, preload.fingerprint(l.article()), 2)) {
                        producer.send(r);
                        records++;
                    }
                }
                producer.flush();
            }
            assertThat(records).isGreaterThanOrEqualTo(earlier.size());

            h.startInstance();
            h.awaitAllRunning();
            h.send(live);
            AppHarness.Outputs out = h.awaitOutputs(live.size(), Duration.ofSeconds(90), Duration.ofSeconds(1));
            assertThat(out.annotated()).hasSize(live.size());
            Map<String, String> wireOf = corpus.stream().collect(Collectors.toMap(l -> l.article().getId(), LabelledArticle::copyClusterId));
            for (AnnotatedArticle a : out.annotated()) {
                // linked to the preloaded wire story it copies (or to a preloaded rewrite of it)
                assertThat(a.getLinkedTo()).as(a.getId()).isNotEmpty();
                assertThat(a.getLinkedTo()).as(a.getId()).allMatch(id -> wireOf.get(id).equals(wireOf.get(a.getId())));
            }
        }
    }
}
