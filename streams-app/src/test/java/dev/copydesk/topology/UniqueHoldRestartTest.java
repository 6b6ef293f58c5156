package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.header;
import static dev.copydesk.topology.AggregatorHarness.pairs;
import static dev.copydesk.topology.AggregatorHarness.pp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.detect.LinkConfig;
import dev.copydesk.detect.LinkRule;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Review of 826d097: the hold before articles.unique across a restart of the aggregator task. The stores
 * ('article-state', 'unique-held') survive the restart (as restored from their changelogs); the processor and its
 * punctuation schedule are new, as after a restart or a task moving to another instance.
 */
class UniqueHoldRestartTest {
    static final long T = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();

    /** The restored stores, shared by the task before and after the restart. */
    private final KeyValueStore<String, ArticleState> state = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("state"),
            Serdes.String(), InternalSerde.of(ArticleState.class)).withLoggingDisabled().build();
    private final KeyValueStore<String, Long> held = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("held"),
            Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    private final KeyValueStore<String, dev.copydesk.avro.internal.ArticleHeader> bodies = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("bodies"), Serdes.String(),
            InternalSerde.of(dev.copydesk.avro.internal.ArticleHeader.class)).withLoggingDisabled().build();
    private final List<String> unique = new ArrayList<>();
    private final List<SpecificRecord> out = new ArrayList<>();
    private MockProcessorContext<String, SpecificRecord> context;
    private LinkAggregator aggregator;
    private long streamTime = Long.MIN_VALUE;

    UniqueHoldRestartTest() {
        MockProcessorContext<String, SpecificRecord> c = new MockProcessorContext<>();
        state.init(c.getStateStoreContext(), state);
        held.init(c.getStateStoreContext(), held);
        bodies.init(c.getStateStoreContext(), bodies);
    }

    /** Starts (or restarts) the aggregator task at wall-clock time {@code wallMs} with {@code hold}. */
    private void start(Duration hold, long wallMs) {
        context = new MockProcessorContext<>();
        context.addStateStore(state);
        context.addStateStore(held);
        context.addStateStore(bodies);
        context.setCurrentSystemTimeMs(wallMs);
        aggregator = new LinkAggregator("state", "held", "bodies", new LinkRule(LinkConfig.defaults()), Duration.ofDays(3), hold,
                TopologyMetrics.NONE);
        aggregator.init(context);
    }

    private void send(String id, ArticleEvent e, long ts) {
        streamTime = Math.max(streamTime, ts);
        context.setCurrentStreamTimeMs(streamTime);
        context.resetForwards();
        aggregator.process(new Record<>(id, e, ts));
        collect();
    }

    /** Moves the wall clock to {@code ms} and runs the task's wall-clock punctuations, if it has any. */
    private void wallClock(long ms) {
        context.setCurrentSystemTimeMs(ms);
        context.resetForwards();
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME && !p.cancelled())
                .forEach(p -> p.getPunctuator().punctuate(ms));
        collect();
    }

    private void collect() {
        context.forwarded().forEach(f -> {
            out.add(f.record().value());
            if (f.record().value() instanceof Article a) {
                unique.add(a.getId());
            }
        });
    }

    private void bDecidedUnique() {
        send("B", header("B", T, 10, 1, 1), T);
        send("B", AggregatorHarness.answer(1, 0, true), T);
    }

    /**
     * `copydesk.unique.hold=0s` "publishes at the decision" (README). An operator who turns the hold off and restarts
     * leaves the articles held before the restart in 'unique-held' and with their header in 'article-bodies': with no
     * hold, release() is never scheduled, so they reach articles.unique only when their state expires (two retention
     * windows of stream time later: 6 days by default), or never if the stream stops.
     */
    @Test
    void articlesHeldBeforeARestartWithTheHoldTurnedOffStillGoOut() {
        start(Duration.ofSeconds(5), 0);
        bDecidedUnique();
        assertThat(unique).as("held").isEmpty();
        start(Duration.ZERO, 1_000); // restart with copydesk.unique.hold=0s
        send("C", header("C", T + 60_000, 10, 1, 1), T + 60_000);
        send("C", AggregatorHarness.answer(1, 0, true), T + 60_000);
        wallClock(3_600_000); // an hour later
        assertThat(unique).as("C went out at its decision; B, held before the restart, must go out too")
                .containsExactlyInAnyOrder("B", "C");
    }

    /**
     * The hold is measured on the wall clock from the decision, also across the time the task was down. An article
     * decided just before a stop (a deploy, a crash, a rebalance) is released by the first wall-clock punctuation after
     * the restart: before the catch-up the restart starts has processed anything, i.e. before its original's late
     * pairs (which were still in the backlog) arrive. That is the very case the hold is for ("a catch-up after
     * downtime"): the copy goes out on articles.unique.
     */
    @Test
    void aCopyHeldWhenTheTaskStoppedIsNotPublishedBeforeTheCatchUpCanLinkIt() {
        start(Duration.ofSeconds(5), 0);
        bDecidedUnique(); // B decided unique at wall 0, held
        wallClock(1_000); // 1 s later the instance stops
        start(Duration.ofSeconds(5), 120_000); // restarted 2 minutes later; the catch-up begins
        wallClock(121_000); // the first release punctuation, 1 s after the task starts
        // the original A's pairs, from the backlog, reach B a moment later: B is a copy of A
        PairEvidence fromA = pairs("A", T - 60_000, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9), pp(3, 3, 0.9));
        send("B", AggregatorHarness.answer(1, 0, false, fromA), T);
        assertThat(out).as("B linked late to A").anyMatch(r -> r instanceof dev.copydesk.avro.CopyEvidence);
        wallClock(200_000);
        assertThat(unique).as("B copies A; it was decided less than the hold before the stop").isEmpty();
    }
}
