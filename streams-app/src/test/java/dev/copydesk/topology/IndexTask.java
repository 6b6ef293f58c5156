package dev.copydesk.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.detect.LinkConfig;
import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.text.TextPipeline;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * One index task of the real topology (IndexProcessor over a real in-memory 'shard-passages' window store, with the
 * window the topology gives it), one shard, fed the batches of the real Fingerprinting step. {@link #restart()} is
 * what Kafka Streams does when the task starts again: the store keeps its contents, a new processor is initialized
 * on it and rebuilds its band postings.
 */
final class IndexTask {
    static final String STORE = "shard-passages";
    final Duration retention;
    final int bucketLimit;
    final long cacheBytes;
    final WindowStore<String, ShardPassages> store;
    private final Fingerprinting fingerprinting =
            new Fingerprinting(TextPipeline.defaults(), new Fingerprinter(FingerprintConfig.defaults()), 1);
    private MockProcessorContext<String, ArticleEvent> context;
    private IndexProcessor processor;
    private long streamTime = Long.MIN_VALUE;

    IndexTask(Duration retention, int bucketLimit) {
        this(retention, bucketLimit, TopologySettings.INDEX_CACHE_DEFAULT);
    }

    /** @param cacheBytes the budget of the processor's cache of decoded articles ({@code copydesk.index.cache}) */
    IndexTask(Duration retention, int bucketLimit, long cacheBytes) {
        this.cacheBytes = cacheBytes;
        this.retention = retention;
        this.bucketLimit = bucketLimit;
        store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(STORE, retention.multipliedBy(2), Duration.ofMillis(1), false),
                Serdes.String(), InternalSerde.of(ShardPassages.class)).withLoggingDisabled().build();
        MockProcessorContext<String, ArticleEvent> first = new MockProcessorContext<>();
        store.init(first.getStateStoreContext(), store);
        start(first);
    }

    private void start(MockProcessorContext<String, ArticleEvent> ctx) {
        context = ctx;
        context.addStateStore(store);
        context.setCurrentStreamTimeMs(Math.max(0, streamTime));
        LinkConfig link = LinkConfig.defaults();
        processor = new IndexProcessor(STORE, retention, bucketLimit, link.passageThreshold(), link.minNameShare(), cacheBytes,
                TopologyMetrics.NONE);
        processor.init(context);
        nextPunctuation = Long.MIN_VALUE;
    }

    private long nextPunctuation = Long.MIN_VALUE;

    /** The running processor's cache of decoded articles. */
    IndexCache cache() {
        return processor.cache();
    }

    /** A restart of the task: same store contents, a new processor. */
    void restart() {
        processor.close();
        start(new MockProcessorContext<>());
    }

    /** What the task forwards for this article's batch: "key: response|late other@time ..." per record. */
    List<String> send(Article a) {
        List<String> out = new ArrayList<>();
        for (KeyValue<String, ShardBatch> kv : fingerprinting.apply(a).batches()) {
            long ts = kv.value.getPublishedAt();
            streamTime = Math.max(streamTime, ts);
            context.setCurrentStreamTimeMs(streamTime);
            context.resetForwards();
            processor.process(new Record<>(kv.key, kv.value, ts));
            for (MockProcessorContext.CapturedForward<? extends String, ? extends ArticleEvent> f : context.forwarded()) {
                StringBuilder sb = new StringBuilder(f.record().key()).append(':');
                sb.append(f.record().value().getShardResult().getResponse() ? " response" : " late");
                for (PairEvidence p : f.record().value().getShardResult().getPairs()) {
                    sb.append(' ').append(p.getOtherId()).append('@').append(p.getOtherPublishedAt());
                }
                out.add(sb.toString());
            }
            // the index's stream-time punctuator (it frees expired articles), on Kafka Streams' schedule: at the first
            // record, then at multiples of its interval
            MockProcessorContext.CapturedPunctuator p = context.scheduledPunctuators().get(0);
            long interval = p.getInterval().toMillis();
            if (streamTime >= nextPunctuation) {
                p.getPunctuator().punctuate(streamTime);
                nextPunctuation = (streamTime / interval + 1) * interval;
            }
        }
        return out;
    }
}
