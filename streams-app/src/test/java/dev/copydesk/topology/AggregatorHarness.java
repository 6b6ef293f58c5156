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
 * record's time moves stream time, then the record is processed; the punctuations run when a test says so. Without a
 * hold (the default here), an article that opened a cluster goes to the unique stream at once.
 */
final class AggregatorHarness {
    final List<SpecificRecord> out = new ArrayList<>();
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final LinkAggregator aggregator;
    /** The aggregator's kept headers (store 'bodies'). */
    final KeyValueStore<String, ArticleHeader> bodies;
    private long streamTime = Long.MIN_VALUE;

    AggregatorHarness() {
        this(Duration.ZERO, TopologyMetrics.NONE);
    }

    /** With {@code copydesk.unique.hold} = {@code hold}; the wall clock starts at 0 and moves by {@link #wallClock}. */
    AggregatorHarness(Duration hold, TopologyMetrics metrics) {
        KeyValueStore<String, ArticleState> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("state"),
                Serdes.String(), InternalSerde.of(ArticleState.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, Long> held = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("held"),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        held.init(context.getStateStoreContext(), held);
        context.addStateStore(held);
        bodies = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("bodies"),
                Serdes.String(), InternalSerde.of(ArticleHeader.class)).withLoggingDisabled().build();
        bodies.init(context.getStateStoreContext(), bodies);
        context.addStateStore(bodies);
        context.setCurrentSystemTimeMs(0);
        aggregator = new LinkAggregator("state", "held", "bodies", new LinkRule(LinkConfig.defaults()), Duration.ofDays(3), hold, metrics);
        aggregator.init(context);
    }

    /** Moves the wall clock to {@code ms} and runs the wall-clock punctuation (the end of holds), as a stream task would. */
    void wallClock(long ms) {
        context.setCurrentSystemTimeMs(ms);
        context.resetForwards();
        wallClockTicks().forEach(p -> p.getPunctuator().punctuate(ms));
        context.forwarded().forEach(f -> out.add(f.record().value()));
    }

    /** The wall-clock punctuations scheduled and not cancelled (the release tick runs only while articles are held). */
    List<MockProcessorContext.CapturedPunctuator> wallClockTicks() {
        return context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME && !p.cancelled())
                .toList();
    }

    /** The ids of the articles sent to the unique stream, in order. */
    List<String> unique() {
        return out.stream().filter(r -> r instanceof Article).map(r -> ((Article) r).getId()).toList();
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

    /** The ids of the articles among {@code out} (what went to articles.unique), in order. */
    static List<String> publishedIds(List<SpecificRecord> out) {
        return out.stream().filter(r -> r instanceof Article).map(r -> ((Article) r).getId()).toList();
    }

    /** The number of entries in {@code store}. */
    static long count(org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, ?> store) {
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
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
