package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.header;
import static dev.copydesk.topology.AggregatorHarness.pairs;
import static dev.copydesk.topology.AggregatorHarness.pp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.PairEvidence;
import org.junit.jupiter.api.Test;

/**
 * The hold before {@code articles.unique} ({@code copydesk.unique.hold}) at the aggregator, with a wall clock moved by
 * hand: an article that opened a cluster goes out once the hold has passed, unless a late link made it a copy meanwhile.
 */
class UniqueHoldTest {
    static final long T = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    private final AtomicInteger withheld = new AtomicInteger();
    private final AggregatorHarness h = new AggregatorHarness(Duration.ofSeconds(5), new TopologyMetrics() {
        @Override
        public void uniqueWithheld() {
            withheld.incrementAndGet();
        }
    });

    /** B (10 passages, one shard) decided with no pair: it opens a cluster. */
    private void bDecidedUnique(long b) {
        h.send("B", header("B", b, 10, 1, 1), b);
        h.send("B", AggregatorHarness.answer(1, 0, true), b);
        assertThat(h.decisions()).hasSize(1);
        assertThat(h.decisions().get(0).getLinks()).isEmpty();
    }

    /** Late pairs from A, which reached the index shard after B: four passages of B copy A's. */
    private static ArticleEvent lateFromA(long a) {
        PairEvidence p = pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9), pp(3, 3, 0.9));
        return AggregatorHarness.answer(1, 0, false, p);
    }

    @Test
    void anArticleThatOpenedAClusterGoesOutOnceTheHoldHasPassed() {
        bDecidedUnique(T);
        h.wallClock(4_999);
        assertThat(h.unique()).as("still held at 4.999 s").isEmpty();
        h.wallClock(5_000);
        assertThat(h.unique()).containsExactly("B");
        h.wallClock(60_000);
        assertThat(h.unique()).as("once").containsExactly("B");
    }

    @Test
    void aLateLinkWithinTheHoldKeepsTheCopyOffTheUniqueStream() {
        bDecidedUnique(T);
        h.wallClock(2_000);
        h.send("B", lateFromA(T - 60_000), T); // A came second: its pairs link B late
        assertThat(h.evidences()).hasSize(1);
        h.wallClock(60_000);
        assertThat(h.unique()).as("B is a copy of A").isEmpty();
        assertThat(withheld).hasValue(1);
    }

    @Test
    void aLateLinkAfterTheHoldChangesNothingThatWasPublished() {
        bDecidedUnique(T);
        h.wallClock(6_000);
        assertThat(h.unique()).containsExactly("B");
        h.send("B", lateFromA(T - 60_000), T);
        assertThat(h.evidences()).as("the link is still found, and shown on stories").hasSize(1);
        assertThat(withheld).hasValue(0);
    }

    /** A wall-clock punctuation makes its task commit each time it fires: the tick runs only while something is held. */
    @Test
    void theReleaseTickRunsOnlyWhileArticlesAreHeld() {
        assertThat(h.wallClockTicks()).as("nothing held yet").isEmpty();
        bDecidedUnique(T);
        assertThat(h.wallClockTicks()).hasSize(1);
        h.wallClock(5_000);
        assertThat(h.unique()).containsExactly("B");
        assertThat(h.wallClockTicks()).as("nothing left to wait for").isEmpty();
        h.send("C", header("C", T + 1, 10, 1, 1), T + 1);
        h.send("C", AggregatorHarness.answer(1, 0, true), T + 1);
        assertThat(h.wallClockTicks()).as("started again by the next hold").hasSize(1);
        h.wallClock(10_000);
        assertThat(h.unique()).containsExactly("B", "C");
    }

    @Test
    void withoutAHoldTheArticleGoesOutAtTheDecision() {
        AggregatorHarness now = new AggregatorHarness();
        now.send("B", header("B", T, 10, 1, 1), T);
        now.send("B", AggregatorHarness.answer(1, 0, true), T);
        assertThat(now.unique()).containsExactly("B");
    }

    @Test
    void heldArticlesGoOutInTheOrderTheyWereDecided() {
        h.wallClock(100);
        h.send("Z", header("Z", T, 10, 1, 1), T);
        h.send("Z", AggregatorHarness.answer(1, 0, true), T);
        h.wallClock(200);
        h.send("A", header("A", T + 1, 10, 1, 1), T + 1);
        h.send("A", AggregatorHarness.answer(1, 0, true), T + 1);
        h.wallClock(10_000);
        assertThat(h.unique()).containsExactly("Z", "A");
    }

    /**
     * A replay can move stream time on by two windows faster than the hold passes: the state of a held article then
     * expires. It is published as it goes, not lost.
     */
    @Test
    void aHeldArticleWhoseStateExpiresIsPublishedNotLost() {
        bDecidedUnique(T);
        h.send("C", header("C", T + 7 * DAY, 10, 1, 1), T + 7 * DAY); // stream time two windows on, within the hold
        h.punctuate();
        assertThat(h.unique()).containsExactly("B");
        h.wallClock(60_000);
        assertThat(h.unique()).as("once").containsExactly("B");
    }

    /** The same, when a record of the held article's id reads the expired state before the punctuation drops it. */
    @Test
    void aHeldArticleWhoseExpiredStateIsReadIsPublishedNotLost() {
        bDecidedUnique(T);
        long later = T + 7 * DAY;
        h.send("B", header("B", later, 10, 1, 2), later); // a new version of B, after the first state's expiry
        assertThat(h.unique()).containsExactly("B");
        h.send("B", AggregatorHarness.answer(2, 0, true), later);
        h.wallClock(60_000);
        assertThat(h.unique()).as("the first version when its state went, the new one after its hold")
                .containsExactly("B", "B");
    }
}
