package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleHeader;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.detect.LinkConfig;
import dev.copydesk.detect.LinkRule;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hold before articles.unique across an {@code at_least_once} crash (README, Guarantees). The aggregator's two
 * stores are cached and changelogged as in the app. Their changelog records go to the producer when a cache is
 * flushed: at a commit ('unique-held' first, then 'article-state': the task registers a processor's stores in the
 * order of a HashSet of their names), or when the thread's cache evicts an entry; the producer delivers them in
 * batches per partition; a commit then waits for the producer and commits the offsets. A crash before that can leave
 * the changelog of 'article-state' with the article decided unique and still kept for the hold (its header), and that
 * of 'unique-held' without the hold: its record lost (evicted earlier or delivered, the state's; not, the hold's), or,
 * between the two flushes, the hold's removal by the release delivered and the state's update not. Before the fix, such
 * an article went out only when its state expired (two windows of stream time later). Here the LinkAggregator runs
 * alone in a TopologyTestDriver (the real stream task and punctuation queue); the restart is a second driver whose
 * stores are filled from the first one's changelogs, one of them without its last record, before the processor
 * starts; then the input since the last committed offset is piped again. (With nothing lost, each case passes without
 * the fix too.)
 */
class UniqueHoldCrashTest {
    static final long T = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    private final String app = "unique-hold-crash-" + System.nanoTime();
    /** What reached the output topics, before and after the restart. */
    private final List<SpecificRecord> out = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ArticleEvent> in;
    /** The wall clock, which goes on across the restart. */
    private long wall;
    /** The changelogs' records the next start restores. */
    private List<KeyValue<String, ArticleState>> restoredStates = List.of();
    private List<KeyValue<String, Long>> restoredHolds = List.of();
    private List<KeyValue<String, ArticleHeader>> restoredBodies = List.of();

    private void start() {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), InternalSerde.of(ArticleEvent.class), "events");
        t.addProcessor("agg", () -> new Processor<String, ArticleEvent, String, SpecificRecord>() {
            private final LinkAggregator aggregator = new LinkAggregator("state", "held", "bodies", new LinkRule(LinkConfig.defaults()),
                    Duration.ofDays(3), Duration.ofSeconds(5), TopologyMetrics.NONE);

            @Override
            public void init(ProcessorContext<String, SpecificRecord> context) {
                // the stores restored from the changelogs before the processor starts, as Kafka Streams does
                KeyValueStore<String, ArticleState> state = context.getStateStore("state");
                KeyValueStore<String, Long> held = context.getStateStore("held");
                restoredStates.forEach(kv -> state.put(kv.key, kv.value));
                restoredHolds.forEach(kv -> held.put(kv.key, kv.value));
                KeyValueStore<String, ArticleHeader> bodies = context.getStateStore("bodies");
                restoredBodies.forEach(kv -> bodies.put(kv.key, kv.value));
                aggregator.init(context);
            }

            @Override
            public void process(Record<String, ArticleEvent> r) {
                aggregator.process(r);
            }
        }, "in");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("state"), Serdes.String(),
                InternalSerde.of(ArticleState.class)).withCachingEnabled(), "agg");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("held"), Serdes.String(),
                Serdes.Long()).withCachingEnabled(), "agg");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("bodies"), Serdes.String(),
                InternalSerde.of(ArticleHeader.class)).withCachingEnabled(), "agg");
        t.addProcessor("capture", () -> new Processor<String, SpecificRecord, Void, Void>() {
            @Override
            public void process(Record<String, SpecificRecord> r) {
                out.add(r.value());
            }
        }, "agg");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(t, p, Instant.ofEpochMilli(wall));
        in = driver.createInputTopic("events", Serdes.String().serializer(), InternalSerde.of(ArticleEvent.class));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static TestRecord<String, ArticleEvent> record(String id, ArticleEvent e, long ts) {
        return new TestRecord<>(id, e, Instant.ofEpochMilli(ts));
    }

    /**
     * Crashes the task and starts it again: its stores restored from what the changelogs hold now, the hold's without
     * its last record ({@code holdLost}), or the state's and the kept headers' (the app's task flushes 'article-bodies'
     * after 'article-state', so a crash between the flushes loses both); then {@code sinceCommit} (the input since the
     * last committed offset) processed again.
     */
    private void crashAndRestart(boolean holdLost, List<TestRecord<String, ArticleEvent>> sinceCommit) {
        crashAndRestart(holdLost ? List.of("held") : List.of("state", "bodies"), sinceCommit);
    }

    /** As above, the changelogs of the stores {@code lost} without their last record. */
    private void crashAndRestart(List<String> lost, List<TestRecord<String, ArticleEvent>> sinceCommit) {
        crashAndRestart(lost.contains("state") ? 1 : 0, lost.contains("held") ? 1 : 0, lost.contains("bodies") ? 1 : 0,
                sinceCommit);
    }

    /** As above, the changelogs without their last {@code states}, {@code holds} and {@code bodiesLost} records. */
    private void crashAndRestart(int statesLost, int holdsLost, int bodiesLost, List<TestRecord<String, ArticleEvent>> sinceCommit) {
        List<KeyValue<String, ArticleState>> states = driver.createOutputTopic(app + "-state-changelog",
                Serdes.String().deserializer(), InternalSerde.of(ArticleState.class)).readKeyValuesToList();
        List<KeyValue<String, Long>> holds = driver.createOutputTopic(app + "-held-changelog",
                Serdes.String().deserializer(), Serdes.Long().deserializer()).readKeyValuesToList();
        List<KeyValue<String, ArticleHeader>> kept = driver.createOutputTopic(app + "-bodies-changelog",
                Serdes.String().deserializer(), InternalSerde.of(ArticleHeader.class)).readKeyValuesToList();
        driver.close();
        restoredStates = states.subList(0, states.size() - statesLost);
        restoredHolds = holds.subList(0, holds.size() - holdsLost);
        restoredBodies = kept.subList(0, kept.size() - bodiesLost);
        start();
        assertThat(heldCount()).as("restored with no hold").isZero();
        sinceCommit.forEach(in::pipeInput);
    }

    /** Starts the task, B decided unique and held, then released at the end of its hold. */
    private void startAndReleaseB() {
        start();
        in.pipeInput(record("B", header("B", T, 10, 1, 1), T));
        in.pipeInput(record("B", AggregatorHarness.answer(1, 0, true), T));
        advance(5_000);
        assertThat(unique()).containsExactly("B");
    }

    private void advance(long ms) {
        wall += ms;
        driver.advanceWallClockTime(Duration.ofMillis(ms));
    }

    private List<String> unique() {
        return AggregatorHarness.publishedIds(out);
    }

    private long heldCount() {
        return AggregatorHarness.count(driver.getKeyValueStore("held"));
    }

    private long keptCount() {
        return AggregatorHarness.count(driver.getKeyValueStore("bodies"));
    }

    /** B decided unique by its shard's answer; the crash comes at the next commit. */
    @Test
    void anArticleDecidedUniqueWhoseHoldRecordWasLostGoesOutOnceAfterTheHold() {
        start();
        List<TestRecord<String, ArticleEvent>> sinceCommit = List.of(record("B", header("B", T, 10, 1, 1), T),
                record("B", AggregatorHarness.answer(1, 0, true), T));
        sinceCommit.forEach(in::pipeInput);
        assertThat(unique()).as("held").isEmpty();
        crashAndRestart(true, sinceCommit);
        advance(4_000);
        assertThat(unique()).as("held again after the restart").isEmpty();
        advance(1_000); // the hold has passed since the restart
        assertThat(unique()).containsExactly("B");
        advance(60_000);
        assertThat(unique()).as("once").containsExactly("B");
        assertThat(heldCount()).isZero();
        assertThat(keptCount()).as("no header kept").isZero();
    }

    /**
     * D's second version (no passages: its header alone decides it) kept aside while the first lived, and decided by the
     * stream-time expiry of the first when E's record moved stream time; the crash comes at the next commit. No record
     * of D is processed again: only E's.
     */
    @Test
    void aVersionDecidedUniqueByTheExpiryWhoseHoldRecordWasLostGoesOutAfterTheHold() {
        start();
        in.pipeInput(record("D", header("D", T, 10, 1, 1), T));
        in.pipeInput(record("D", AggregatorHarness.answer(1, 0, true), T));
        in.pipeInput(record("D", header("D", T + 2 * DAY, 0, 0, 2), T + 2 * DAY));
        advance(5_000);
        assertThat(unique()).as("the first version").containsExactly("D");
        List<TestRecord<String, ArticleEvent>> sinceCommit = List.of(record("E", header("E", T + 7 * DAY, 10, 1, 1), T + 7 * DAY));
        sinceCommit.forEach(in::pipeInput);
        assertThat(heldCount()).as("the second version held by expire()").isEqualTo(1);
        crashAndRestart(true, sinceCommit);
        advance(4_000);
        assertThat(unique()).containsExactly("D");
        advance(1_000);
        assertThat(unique()).as("the second version after the hold").containsExactly("D", "D");
        advance(60_000);
        assertThat(unique()).containsExactly("D", "D");
        assertThat(heldCount()).isZero();
        assertThat(keptCount()).as("E's header: E waits for its answer").isEqualTo(1);
    }

    /**
     * B released at the end of its hold; the crash comes between the flushes of the next commit: the hold's removal
     * reached the changelog, the state's update (article published) did not. B was forwarded to articles.unique at
     * the release, before that commit: under at_least_once it may have gone out or not, and goes out (again) after the
     * hold, not two windows later. C's header is the input since the last commit.
     */
    @Test
    void anArticleReleasedJustBeforeTheCrashGoesOutAgainAfterTheHoldAtLeastOnce() {
        startAndReleaseB();
        crashAndRestart(false, List.of(record("C", header("C", T + 60_000, 10, 1, 1), T + 60_000)));
        assertThat(heldCount()).as("held again").isEqualTo(1);
        advance(5_000);
        assertThat(unique()).containsExactly("B", "B");
        advance(60_000);
        assertThat(unique()).containsExactly("B", "B");
        assertThat(heldCount()).isZero();
        assertThat(keptCount()).as("C's header: C waits for its answer").isEqualTo(1);
    }

    /**
     * As above, but the removal of B's header from 'article-bodies' reached its changelog and the state's update did
     * not (each changelog partition is delivered on its own): the state still keeps B to publish, the store no longer
     * has it. B was forwarded at the release, before the crash; it cannot go out again (under at_least_once that forward may be lost), and nothing fails: the state lets it
     * go after the hold, and nothing is left behind.
     */
    @Test
    void anArticleReleasedJustBeforeTheCrashWhoseHeaderRemovalWasDeliveredGoesOutOnceAndLeavesNothing() {
        startAndReleaseB();
        crashAndRestart(List.of("state"), List.of(record("C", header("C", T + 60_000, 10, 1, 1), T + 60_000)));
        assertThat(heldCount()).as("held again").isEqualTo(1);
        advance(5_000);
        assertThat(unique()).containsExactly("B");
        assertThat(heldCount()).isZero();
        assertThat(keptCount()).as("C's header only").isEqualTo(1);
        in.pipeInput(record("C", AggregatorHarness.answer(1, 0, true), T + 60_000));
        advance(5_000);
        assertThat(unique()).containsExactly("B", "C");
        assertThat(keptCount()).isZero();
    }

    /**
     * The other way round: B released, and the state's update (B published, no header kept) reached its changelog
     * while the removal of B's header from 'article-bodies' did not (that store's cache is flushed after the state's,
     * so a crash between the two flushes leaves exactly this). No record of B comes again, and the state no longer
     * says it keeps a header: the store must not keep B's header for ever (it did: only a state that keeps its header
     * deletes it, at the decision, the release or the expiry).
     */
    @Test
    void aHeaderWhoseRemovalWasLostWhileTheStatesUpdateWasDeliveredIsNotLeftBehind() {
        startAndReleaseB();
        crashAndRestart(List.of("bodies"), List.of(record("C", header("C", T + 60_000, 10, 1, 1), T + 60_000)));
        assertThat(heldCount()).as("B published: not held again").isZero();
        assertThat(keptCount()).as("C's header only").isEqualTo(1);
        in.pipeInput(record("C", AggregatorHarness.answer(1, 0, true), T + 60_000));
        advance(5_000);
        assertThat(unique()).containsExactly("B", "C");
        assertThat(keptCount()).isZero();
        // and after every state expired
        in.pipeInput(record("E", header("E", T + 20 * DAY, 10, 0, 1), T + 20 * DAY));
        advance(5_000);
        assertThat(keptCount()).isZero();
    }

    /**
     * D's second version kept aside while the first lived, promoted by the stream-time expiry of the first when E's
     * record moved stream time: the state's update (D follows version 2 and keeps its header) reached its changelog,
     * the two writes of 'article-bodies' that went with it (version 2's header moved from the slot kept aside to the one
     * followed) did not. A punctuation's writes are not done again by the input processed again (E's header): version
     * 2, decided unique when its answer comes, goes out all the same, and nothing is left behind.
     */
    @Test
    void aVersionPromotedByTheExpiryWhoseHeaderMoveWasLostIsStillPublished() {
        start();
        in.pipeInput(record("D", header("D", T, 10, 1, 1), T));
        in.pipeInput(record("D", AggregatorHarness.answer(1, 0, true), T));
        advance(5_000);
        in.pipeInput(record("D", header("D", T + 60_000, 10, 1, 2), T + 60_000));
        assertThat(unique()).as("the first version").containsExactly("D");
        List<TestRecord<String, ArticleEvent>> sinceCommit = List.of(record("E", header("E", T + 7 * DAY, 10, 1, 1), T + 7 * DAY));
        sinceCommit.forEach(in::pipeInput);
        crashAndRestart(0, 0, 2, sinceCommit);
        in.pipeInput(record("D", AggregatorHarness.answer(2, 0, true), T + 7 * DAY));
        advance(5_000);
        assertThat(unique()).as("the second version after the hold").containsExactly("D", "D");
        assertThat(keptCount()).as("E's header: E waits for its answer").isEqualTo(1);
    }

    /**
     * B's header reached the state's changelog (B kept) and not the store of kept headers (each changelog partition is
     * delivered on its own): the header, processed again since the last commit, is stored again, and B is decided and
     * published as without the crash.
     */
    @Test
    void aHeaderLostFromTheStoreOfKeptHeadersIsStoredAgainWhenItComesAgain() {
        start();
        List<TestRecord<String, ArticleEvent>> sinceCommit = List.of(record("B", header("B", T, 10, 1, 1), T));
        sinceCommit.forEach(in::pipeInput);
        crashAndRestart(List.of("bodies"), sinceCommit);
        assertThat(keptCount()).as("stored again").isEqualTo(1);
        in.pipeInput(record("B", AggregatorHarness.answer(1, 0, true), T));
        advance(5_000);
        assertThat(unique()).containsExactly("B");
        assertThat(heldCount()).isZero();
        assertThat(keptCount()).isZero();
    }
}
