package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.WindowKeySchema;
import org.junit.jupiter.api.Test;

/**
 * IndexPreload's contract (its javadoc, README "copydesk bench"): "the changelog records of the shard-passages store
 * that the index tasks would have written for articles fed in this order". IndexPreloadTest covers 300 articles in
 * 8 hours with the default 3-day retention: nothing ever expires and no id comes twice. Two cases it does not cover.
 */
class IndexPreloadGapsTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");

    /** (store key @ window start) -> posted band keys per passage, as the store restores them. */
    private static Map<String, String> topologyStore(Map<String, String> overrides, List<Article> corpus) {
        Map<String, String> out = new TreeMap<>();
        try (TopologyFixture f = new TopologyFixture(overrides)) {
            corpus.forEach(f::send);
            WindowStore<String, ShardPassages> store = f.driver.getWindowStore(CopydeskTopology.SHARD_PASSAGE_STORE);
            try (KeyValueIterator<Windowed<String>, ShardPassages> it = store.all()) {
                it.forEachRemaining(kv -> out.put(kv.key.key() + "@" + kv.key.window().start(), describe(kv.value)));
            }
        }
        return out;
    }

    private static Map<String, String> preloaded(Map<String, String> overrides, List<Article> corpus) {
        IndexPreload preload = new IndexPreload(TopologySettings.from(Settings.defaults().with(overrides)));
        InternalSerde<ShardPassages> serde = InternalSerde.of(ShardPassages.class);
        Map<String, String> out = new TreeMap<>();
        for (Article a : corpus) {
            for (ProducerRecord<byte[], byte[]> r : preload.records("t", preload.fingerprint(a), 1)) {
                Windowed<Bytes> key = WindowKeySchema.fromStoreBytesKey(r.key(), 1);
                out.put(new String(key.key().get(), StandardCharsets.UTF_8) + "@" + key.window().start(),
                        describe(serde.deserialize("t", r.value())));
            }
        }
        return out;
    }

    private static String describe(ShardPassages sp) {
        StringBuilder sb = new StringBuilder("published_at=" + sp.getPublishedAt());
        for (ShardPassage p : sp.getPassages()) {
            sb.append(" | ").append(p.getPassage()).append(':').append(java.util.Arrays.toString(Longs.unpack(p.getBandKeys())));
        }
        return sb.toString();
    }

    @Test
    void aHistoryLongerThanTwoRetentionWindowsStoresWhatTheIndexTasksStore() {
        // retention 1h, history over 8h: the index tasks expire and compact their postings (which unfreezes full bands)
        Map<String, String> overrides = Map.of(Settings.BUCKET_LIMIT, "3", Settings.RETENTION, "1h", Settings.INDEX_SHARDS, "1");
        List<Article> corpus = new WireStoryGenerator(9).generate(300, Instant.parse("2026-03-01T06:00:00Z"), Duration.ofHours(8)).articles();
        Map<String, String> expected = topologyStore(overrides, corpus);
        Map<String, String> written = preloaded(overrides, corpus);
        List<String> differ = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(written.get(k))) {
                differ.add(k);
            }
        });
        assertThat(expected).isNotEmpty();
        assertThat(differ).as("entries (of the %d the store still holds) whose posted band keys differ", expected.size()).isEmpty();
    }

    @Test
    void anArticleSentTwiceIsStoredOnceAsByTheIndexTask() {
        Map<String, String> overrides = Map.of(Settings.INDEX_SHARDS, "1");
        String body = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);
        List<Article> corpus = List.of(
                article("wire-1", "afp.example", T0, "Valmora dock workers strike", body),
                article("wire-1", "afp.example", T0.plusSeconds(3600), "Valmora dock workers strike", body));
        // the index task stores the re-send under the window of the first (it keeps the time it first indexed the
        // article with): one entry, 0/wire-1@T0. The preload writes a second changelog record, 0/wire-1@T0+1h, which the
        // restored store then holds as a second entry of the same article
        assertThat(preloaded(overrides, corpus).keySet()).isEqualTo(topologyStore(overrides, corpus).keySet());
    }

    /**
     * An id sent again after its first version went behind the horizon (two windows behind the task's newest indexed
     * time) is indexed again by the task as a new article; the preload used to skip it as already seen (found in a
     * second review).
     */
    @Test
    void anIdSentAgainAfterItLeftTheIndexIsStoredAsByTheIndexTask() {
        Map<String, String> overrides = Map.of(Settings.RETENTION, "1h", Settings.INDEX_SHARDS, "1");
        String wire = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);
        String other = WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 1);
        List<Article> corpus = new ArrayList<>();
        corpus.add(article("wire-1", "afp.example", T0, "Valmora dock workers strike", wire));
        for (int i = 1; i <= 16; i++) { // other news every 10 minutes: the horizon moves past wire-1
            corpus.add(article("solar-" + i, "outlet" + i + ".example", T0.plus(Duration.ofMinutes(10L * i)), "Solar plant", other));
        }
        // the agency sends the story again under its id, 2h50 later (more than 2 x retention)
        corpus.add(article("wire-1", "afp.example", T0.plus(Duration.ofMinutes(170)), "Valmora dock workers strike", wire));
        Map<String, String> expected = topologyStore(overrides, corpus);
        Map<String, String> written = preloaded(overrides, corpus);
        assertThat(expected).as("the index task's store").containsKey("0/wire-1@" + T0.plus(Duration.ofMinutes(170)).toEpochMilli());
        List<String> differ = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(written.get(k))) {
                differ.add(k);
            }
        });
        assertThat(differ).as("entries (of the %d the store still holds) the preload does not write the same", expected.size()).isEmpty();
    }
}
