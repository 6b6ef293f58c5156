package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.detect.LinkConfig;
import dev.copydesk.detect.LinkRule;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hold before articles.unique with the LinkAggregator alone in a TopologyTestDriver: the real stream task and
 * punctuation queue of Kafka Streams (the release tick cancelled from inside its own punctuation and scheduled again by
 * the next hold, also one decided by the stream-time expiry while no tick runs). From a third review, which found no
 * fault.
 */
class UniqueHoldTaskTest {
    static final long T = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    private final List<SpecificRecord> out = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ArticleEvent> in;

    private void start(Duration hold) {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), InternalSerde.of(ArticleEvent.class), "events");
        t.addProcessor("agg", () -> new LinkAggregator("state", "held", "bodies", new LinkRule(LinkConfig.defaults()),
                Duration.ofDays(3), hold, TopologyMetrics.NONE), "in");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("state"), Serdes.String(),
                InternalSerde.of(ArticleState.class)).withCachingEnabled().withLoggingDisabled(), "agg");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("held"), Serdes.String(),
                Serdes.Long()).withCachingEnabled().withLoggingDisabled(), "agg");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("bodies"), Serdes.String(),
                InternalSerde.of(dev.copydesk.avro.internal.ArticleHeader.class)).withCachingEnabled().withLoggingDisabled(), "agg");
        t.addProcessor("capture", () -> new Processor<String, SpecificRecord, Void, Void>() {
            @Override
            public void process(Record<String, SpecificRecord> r) {
                out.add(r.value());
            }
        }, "agg");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "unique-hold-" + System.nanoTime());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(t, p, Instant.EPOCH);
        in = driver.createInputTopic("events", Serdes.String().serializer(), InternalSerde.of(ArticleEvent.class));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(String id, ArticleEvent e, long ts) {
        in.pipeInput(new TestRecord<>(id, e, Instant.ofEpochMilli(ts)));
    }

    private void decidedUnique(String id, long ts) {
        send(id, header(id, ts, 10, 1, 1), ts);
        send(id, AggregatorHarness.answer(1, 0, true), ts);
    }

    private List<String> unique() {
        return AggregatorHarness.publishedIds(out);
    }

    private long heldCount() {
        return AggregatorHarness.count(driver.getKeyValueStore("held"));
    }

    @Test
    void theTickIsCancelledFromItsOwnPunctuationAndReArmedByTheNextHoldIncludingOneDecidedInExpire() {
        start(Duration.ofSeconds(5));
        decidedUnique("B", T);
        driver.advanceWallClockTime(Duration.ofMillis(4_000));
        assertThat(unique()).isEmpty();
        driver.advanceWallClockTime(Duration.ofMillis(1_000)); // wall 5 s
        assertThat(unique()).containsExactly("B");
        assertThat(heldCount()).isZero();
        // the tick cancelled itself: a second hold must schedule a new one
        decidedUnique("C", T + 1);
        driver.advanceWallClockTime(Duration.ofMillis(5_000));
        assertThat(unique()).containsExactly("B", "C");
        // D v1 held and released; D v2 (no passages) kept aside, decided by expire() while no tick runs
        decidedUnique("D", T + 2);
        send("D", header("D", T + 60_000, 0, 0, 2), T + 60_000);
        driver.advanceWallClockTime(Duration.ofMillis(5_000));
        assertThat(unique()).containsExactly("B", "C", "D");
        send("E", header("E", T + 7 * DAY, 10, 1, 1), T + 7 * DAY); // stream time on: D v1's state expires
        assertThat(heldCount()).as("D v2 held by expire()").isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofMillis(6_000));
        assertThat(unique()).containsExactly("B", "C", "D", "D");
        assertThat(heldCount()).isZero();
    }

    @Test
    void aHeldStateThatExpiresWhileTheTickRunsIsPublishedOnceAndItsSuccessorHeldAgain() {
        start(Duration.ofSeconds(5));
        decidedUnique("D", T);
        send("D", header("D", T + 60_000, 0, 0, 2), T + 60_000);
        send("E", header("E", T + 7 * DAY, 10, 1, 1), T + 7 * DAY); // D v1 expires within its hold
        assertThat(unique()).containsExactly("D");
        assertThat(heldCount()).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofMillis(1_000));
        driver.advanceWallClockTime(Duration.ofMillis(5_000));
        assertThat(unique()).containsExactly("D", "D");
        driver.advanceWallClockTime(Duration.ofMillis(60_000));
        assertThat(unique()).containsExactly("D", "D");
    }

    @Test
    void withoutAHoldNothingIsEverHeld() {
        start(Duration.ZERO);
        decidedUnique("B", T);
        decidedUnique("D", T + 1);
        send("D", header("D", T + 60_000, 0, 0, 2), T + 60_000);
        send("E", header("E", T + 7 * DAY, 0, 0, 1), T + 7 * DAY);
        assertThat(heldCount()).isZero();
        assertThat(unique()).containsExactly("B", "D", "E", "D");
    }
}
