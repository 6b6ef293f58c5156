package dev.copydesk.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.text.TextPipeline;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.internals.WindowKeySchema;

/**
 * A fast path into the candidate index, for {@code copydesk bench --history}: the changelog records of
 * the {@value CopydeskTopology#SHARD_PASSAGE_STORE} store that the index tasks would have written for
 * an article, so that an app started afterwards restores them (and rebuilds its band postings from them,
 * as after any restart) instead of processing the articles one by one through the broker.
 *
 * <p>What it skips: the other stores (the per-article state, cluster nodes), and the bucket limit when
 * the postings are written: every band key of every passage is stored, and a crowded band is frozen to its
 * earliest articles at its first look-up, as {@link dev.copydesk.index.BandIndex#lookup} does. Candidates
 * found among preloaded articles are verified against their stored passages like any other.
 *
 * <p>Thread-safe (the fingerprinter keeps its scratch space per thread).
 */
public final class IndexPreload {
    private final Fingerprinting fingerprinting;
    private final int shards;
    private final InternalSerde<ShardPassages> values = InternalSerde.of(ShardPassages.class);

    public IndexPreload(int shards) {
        this.shards = shards;
        this.fingerprinting = new Fingerprinting(TextPipeline.defaults(), new Fingerprinter(FingerprintConfig.defaults()), shards);
    }

    /** The changelog topic of the passage store of application {@code applicationId}. */
    public static String changelogTopic(String applicationId) {
        return applicationId + "-" + CopydeskTopology.SHARD_PASSAGE_STORE + "-changelog";
    }

    /**
     * The article's records for {@code topic} (the changelog), one per shard it touches, each to the
     * partition of the task that owns the shard when the index's repartition topic has {@code partitions}.
     */
    public List<ProducerRecord<byte[], byte[]>> records(String topic, Article article, int partitions) {
        List<KeyValue<String, ShardBatch>> batches = fingerprinting.apply(article).batches();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batches.size());
        long ts = article.getPublishedAt().toEpochMilli();
        for (KeyValue<String, ShardBatch> kv : batches) {
            ShardBatch b = kv.value;
            ShardPassages stored = new ShardPassages(ts, b.getPassagesTotal(), b.getNames(), b.getPassages());
            // a window store's changelog key: the store key (key bytes, window start, sequence number 0)
            Bytes key = WindowKeySchema.toStoreKeyBinary(
                    Bytes.wrap(IndexProcessor.passageKey(kv.key, b.getArticleId()).getBytes(StandardCharsets.UTF_8)), ts, 0);
            int partition = new CopydeskTopology.ShardPartitioner().partitions(topic, kv.key, b, partitions).orElseThrow()
                    .iterator().next();
            out.add(new ProducerRecord<>(topic, partition, ts, key.get(), values.serialize(topic, stored)));
        }
        return out;
    }

    public int shards() {
        return shards;
    }
}
