package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.testing.Halves;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.WindowKeySchema;
import org.junit.jupiter.api.Test;

/**
 * The bench's fast path into the index, on the real broker: articles written straight into the passage
 * store's changelog are restored by the next app, which then finds them as candidates and links later
 * copies to them, as if it had processed them itself.
 */
class IndexPreloadTest {

    @Test
    void storesWhatTheIndexTasksStoreIncludingWhichBandsWereFull() {
        // a low bucket limit, so that many bands fill up and the posted keys differ from all keys
        Map<String, String> overrides = Map.of(Settings.BUCKET_LIMIT, "3");
        List<Article> corpus = new WireStoryGenerator(9).generate(300, Instant.parse("2026-03-01T06:00:00Z"), Duration.ofHours(8)).articles();
        Map<String, ShardPassages> expected = new HashMap<>();
        try (TopologyFixture f = new TopologyFixture(overrides)) {
            corpus.forEach(f::send);
            WindowStore<String, ShardPassages> store = f.driver.getWindowStore(CopydeskTopology.SHARD_PASSAGE_STORE);
            try (KeyValueIterator<Windowed<String>, ShardPassages> it = store.all()) {
                it.forEachRemaining(kv -> expected.put(kv.key.key(), kv.value));
            }
        }
        IndexPreload preload = new IndexPreload(TopologySettings.from(Settings.defaults().with(overrides)));
        InternalSerde<ShardPassages> serde = InternalSerde.of(ShardPassages.class);
        Map<String, ShardPassages> written = new HashMap<>();
        int trimmed = 0;
        for (Article a : corpus) {
            var batches = preload.fingerprint(a);
            int all = batches.stream().flatMap(b -> b.value.getPassages().stream()).mapToInt(p -> p.getBandKeys().remaining()).sum();
            int kept = 0;
            for (ProducerRecord<byte[], byte[]> r : preload.records("t", batches, 1)) {
                // the key as the window store reads it back from its changelog
                Windowed<Bytes> key = WindowKeySchema.fromStoreBytesKey(r.key(), 1);
                ShardPassages v = serde.deserialize("t", r.value());
                written.put(new String(key.key().get(), StandardCharsets.UTF_8), v);
                assertThat(key.window().start()).isEqualTo(a.getPublishedAt().toEpochMilli());
                kept += v.getPassages().stream().mapToInt(p -> p.getBandKeys().remaining()).sum();
            }
            trimmed += kept < all ? 1 : 0;
        }
        assertThat(written.keySet()).isEqualTo(expected.keySet());
        for (var e : expected.entrySet()) {
            List<ShardPassage> want = e.getValue().getPassages();
            List<ShardPassage> got = written.get(e.getKey()).getPassages();
            assertThat(got).as(e.getKey()).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                assertThat(Longs.unpack(got.get(i).getBandKeys())).as(e.getKey()).containsExactly(Longs.unpack(want.get(i).getBandKeys()));
                assertThat(got.get(i).getFeatures()).isEqualTo(want.get(i).getFeatures());
            }
        }
        assertThat(trimmed).as("articles some of whose bands were full").isGreaterThan(corpus.size() / 4);
    }

    @Test
    void preloadedArticlesAreRestoredAndLinkedTo() throws Exception {
        // the rewrites published after the first half are sent live; everything before is preloaded
        Halves halves = Halves.of(new WireStoryGenerator(5)
                .generate(120, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(6)).labels());
        List<LabelledArticle> earlier = halves.earlier();
        List<Article> live = halves.laterRewrites();

        try (AppHarness h = new AppHarness("preload", 2, Map.of(Settings.STORE_TYPE, "rocksdb"))) {
            CopydeskApp first = h.startInstance(); // creates the internal topics
            h.awaitAllRunning();
            // as the bench does: the first instance leaves the group, the next one starts without local state
            first.closeLeavingGroup();
            h.instances().remove(first);

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
            // the preloaded records carry publication times months before the broker's clock: they must outlive
            // a few retention passes of the test broker (one a second), as they outlive hours in production
            Thread.sleep(3_000);

            h.startInstance();
            h.awaitAllRunning();
            h.send(live);
            AppHarness.Outputs out = h.awaitOutputs(live.size(), Duration.ofSeconds(90), Duration.ofSeconds(1));
            halves.assertLinkedAcrossTheCut(out.annotated());
        }
    }
}
