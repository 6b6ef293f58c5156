package dev.copydesk.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleHeader;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.avro.internal.PassagePair;
import dev.copydesk.avro.internal.ShardResult;
import dev.copydesk.detect.LinkConfig;
import dev.copydesk.detect.LinkRule;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One {@link LinkAggregator} (default link rule, retention 3 days) fed records by hand, as a stream task feeds it: a
 * record's time moves stream time, then the record is processed; the punctuation runs when a test says so.
 */
final class AggregatorHarness {
    final List<SpecificRecord> out = new ArrayList<>();
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final LinkAggregator aggregator;
    private long streamTime = Long.MIN_VALUE;

    AggregatorHarness() {
        KeyValueStore<String, ArticleState> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("state"),
                Serdes.String(), InternalSerde.of(ArticleState.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        aggregator = new LinkAggregator("state", new LinkRule(LinkConfig.defaults()), Duration.ofDays(3), TopologyMetrics.NONE);
        aggregator.init(context);
    }

    void send(String id, ArticleEvent e, long ts) {
        streamTime = Math.max(streamTime, ts);
        context.setCurrentStreamTimeMs(streamTime);
        context.resetForwards();
        aggregator.process(new Record<>(id, e, ts));
        context.forwarded().forEach(f -> out.add(f.record().value()));
    }

    /** The aggregator's stream-time punctuation (expiry), at the current stream time. */
    void punctuate() {
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(streamTime);
        context.forwarded().forEach(f -> out.add(f.record().value()));
    }

    List<CopyEvidence> evidences() {
        return out.stream().filter(r -> r instanceof CopyEvidence).map(r -> (CopyEvidence) r).toList();
    }

    /** The decisions (cluster events that are not late links). */
    List<ClusterEvent> decisions() {
        return out.stream().filter(r -> r instanceof ClusterEvent c && !c.getLate()).map(r -> (ClusterEvent) r).toList();
    }

    static PassagePair pp(int p, int q, double sim) {
        return new PassagePair(p, p * 100, p * 100 + 90, q, q * 100, q * 100 + 90, sim);
    }

    static PairEvidence pairs(String other, long otherTs, PassagePair... m) {
        return new PairEvidence(other, otherTs, 10, 1.0, List.of(m));
    }

    /** The header of one version (of the text) of the article. */
    static ArticleEvent header(String id, long ts, int passages, int shards, long version) {
        Article a = Article.newBuilder().setId(id).setSource("s").setTitle("t").setBody("b").setPublishedAt(Instant.ofEpochMilli(ts)).build();
        return new ArticleEvent(new ArticleHeader(a, passages, shards, version), null);
    }

    /** A shard's answer to a version's batch (shard -1: unknown, counts each time), or late pairs (response false). */
    static ArticleEvent answer(long version, int shard, boolean response, PairEvidence... p) {
        return new ArticleEvent(null, new ShardResult(response, version, shard, List.of(p)));
    }
}
