package dev.copydesk.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.index.BandIndex;
import dev.copydesk.index.LongList;
import dev.copydesk.text.TextPipeline;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.internals.WindowKeySchema;

/**
 * A fast path into the candidate index, for {@code copydesk bench --history}: the changelog records of
 * the {@value CopydeskTopology#SHARD_PASSAGE_STORE} store that the index tasks would have written for
 * articles fed in this order, so that an app started afterwards restores them (and rebuilds its band
 * postings from them, as after any restart) instead of processing the articles one by one through the
 * broker.
 *
 * <p>The band keys stored are those the index would have posted: like {@link IndexProcessor}, a band
 * that is full when an article is looked up (more than the bucket limit of articles in the window) gets
 * no posting from it. That decision is made with a {@link BandIndex} of band keys only, in article order.
 * What the fast path skips: candidate look-up and verification of the preloaded articles among themselves,
 * and the other stores (per-article state, cluster nodes).
 *
 * <p>{@link #fingerprint} is thread-safe; {@link #records} is not, and must see the articles in the order
 * they would have been fed.
 */
public final class IndexPreload {
    private static final CopydeskTopology.ShardPartitioner SHARD_PARTITIONER = new CopydeskTopology.ShardPartitioner();
    private final Fingerprinting fingerprinting;
    private final InternalSerde<ShardPassages> values = InternalSerde.of(ShardPassages.class);
    private final long retentionMs;
    private final int bucketLimit;
    private final java.util.Map<Integer, BandIndex> postedByTask = new java.util.HashMap<>();
    private final LongList found = new LongList(64);
    private final java.util.Map<Integer, Long> newestByTask = new java.util.HashMap<>(); // the newest time each indexed

    public IndexPreload(TopologySettings settings) {
        this.fingerprinting = new Fingerprinting(TextPipeline.defaults(), new Fingerprinter(FingerprintConfig.defaults()), settings.shards());
        this.retentionMs = settings.retention().toMillis();
        this.bucketLimit = settings.bucketLimit();
    }

    /** The changelog topic of the passage store of application {@code applicationId}. */
    public static String changelogTopic(String applicationId) {
        return applicationId + "-" + CopydeskTopology.SHARD_PASSAGE_STORE + "-changelog";
    }

    /** The article's shard batches, as the topology's fingerprint step makes them. */
    public List<KeyValue<String, ShardBatch>> fingerprint(Article article) {
        return fingerprinting.apply(article).batches();
    }

    /**
     * The changelog records for {@code topic} of one article's {@link #fingerprint batches}, one per shard
     * it touches, each to the partition of the task that owns the shard when the index's repartition topic
     * has {@code partitions}.
     */
    public List<ProducerRecord<byte[], byte[]>> records(String topic, List<KeyValue<String, ShardBatch>> batches, int partitions) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batches.size());
        for (KeyValue<String, ShardBatch> kv : batches) {
            ShardBatch b = kv.value;
            long ts = b.getPublishedAt();
            String key = IndexProcessor.passageKey(kv.key, b.getArticleId());
            int partition = SHARD_PARTITIONER.partitions(topic, kv.key, b, partitions).orElseThrow().iterator().next();
            long newest = newestByTask.getOrDefault(partition, Long.MIN_VALUE); // each task's store has its own time
            BandIndex posted = postedByTask.computeIfAbsent(partition, p -> new BandIndex()); // and its own index
            long horizon = IndexProcessor.horizon(newest, retentionMs);
            int known = posted.ordinal(key);
            if (known >= 0 && posted.time(known) <= horizon) {
                posted.expireBefore(horizon + 1); // its first version is gone: indexed again as a new article
                known = posted.ordinal(key);
            }
            if (known >= 0) {
                continue; // sent again: the index task keeps it as it was first indexed
            }
            long from = IndexProcessor.lookupFrom(ts, horizon, retentionMs);
            List<ShardPassage> ps = b.getPassages();
            // as IndexProcessor: every band looked up first, then the ones that were not full posted
            long[][] bandKeys = new long[ps.size()][];
            boolean[][] full = new boolean[ps.size()][];
            boolean anyFull = false;
            for (int i = 0; i < bandKeys.length; i++) {
                bandKeys[i] = Longs.unpack(ps.get(i).getBandKeys());
                full[i] = new boolean[bandKeys[i].length];
                for (int j = 0; j < bandKeys[i].length; j++) {
                    found.clear();
                    full[i][j] = posted.lookup(bandKeys[i][j], from, ts + retentionMs, bucketLimit, found);
                    anyFull |= full[i][j];
                }
            }
            ShardPassages stored = IndexProcessor.post(posted, posted.register(key, ts, new long[0]), b, bandKeys, full, anyFull);
            // a window store's changelog key: the store key (key bytes, window start, sequence number 0)
            Bytes storeKey = WindowKeySchema.toStoreKeyBinary(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), ts, 0);
            out.add(new ProducerRecord<>(topic, partition, ts, storeKey.get(), values.serialize(topic, stored)));
            newestByTask.merge(partition, ts, Math::max);
        }
        return out;
    }

    /** Band postings kept so far (what the restored index will hold). */
    public int postings() {
        return postedByTask.values().stream().mapToInt(BandIndex::postings).sum();
    }
}
