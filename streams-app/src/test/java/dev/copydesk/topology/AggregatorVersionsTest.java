package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.header;
import static dev.copydesk.topology.AggregatorHarness.pairs;
import static dev.copydesk.topology.AggregatorHarness.pp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.avro.internal.ShardResult;
import org.junit.jupiter.api.Test;

/**
 * Versions of one article id at the aggregator, in the orders a real Kafka Streams task produces: a record's time moves
 * stream time, then the record is processed, then the punctuation runs (found in a review of 9a2eae2).
 */
class AggregatorVersionsTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final long DAY = 86_400_000L;
    private final AggregatorHarness harness = new AggregatorHarness();

    private void send(String id, ArticleEvent e, long ts) {
        harness.send(id, e, ts);
    }

    private void punctuate() {
        harness.punctuate();
    }

    private static ArticleEvent answer(long version, int shard, PairEvidence... p) {
        return AggregatorHarness.answer(version, shard, true, p);
    }

    private List<CopyEvidence> evidences() {
        return harness.evidences();
    }

    private List<ClusterEvent> decisions() {
        return harness.decisions();
    }

    /** B's first version (one shard) at {@code b}, decided a copy of A at {@code a}. */
    private void firstVersionCopiesA(long a, long b) {
        send("B", header("B", b, 10, 1, 1), b);
        send("B", answer(1, 0, fourPairsWithA(a)), b);
    }

    private static PairEvidence fourPairsWithA(long a) {
        return pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9), pp(3, 3, 0.9));
    }

    /**
     * ResendAfterStateExpiryTest case 1 as a real broker orders it. The aggregator's task reads only article-headers and
     * by-article, so its stream time is moved by the update's own header; Kafka Streams punctuates after processing a
     * record (StreamThread: process, then punctuate), so the header meets the first version's decided state and is
     * ignored, and only then is the state dropped. The update's answers then open a state without a header: never
     * decided. (The TopologyTestDriver runs all sub-topologies in one task, whose stream time the input record moves,
     * so it punctuates before the header: ResendAfterStateExpiryTest passed there only.) A decided state past its expiry is
     * gone when it is read, whether or not the punctuation has dropped it.
     */
    @Test
    void anUpdateWhoseOwnTimeMovesTheClockIsDecided() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        firstVersionCopiesA(a, b);
        assertThat(decisions()).hasSize(1);
        long b2 = a + 9 * DAY; // the update, the only record for more than two windows
        send("B", header("B", b2, 10, 1, 2), b2);
        punctuate(); // after the header, as StreamThread.runOnce does
        send("B", answer(2, 0, fourPairsWithA(a)), b2); // the index looks it up as first indexed: it finds A
        assertThat(decisions()).as("the update decided afresh (README)").hasSize(2);
        assertThat(evidences()).hasSize(2);
    }

    /**
     * Under at_least_once (README: a supported processing.guarantee) an index task that fails after forwarding its answer
     * and before committing processes the batch again: the same version answers twice. The second answer counts toward
     * the shard count, the article was decided before shard 1 answered, and shard 1's answer, coming after the decision,
     * was ignored altogether: its pairs were lost (before 9a2eae2 they made a late link). A shard's answer counts once.
     */
    @Test
    void aDuplicateAnswerUnderAtLeastOnceDoesNotLoseTheOtherShardsPairs() {
        long a = T0.toEpochMilli();
        long b = a + 60_000;
        send("B", header("B", b, 10, 2, 7), b);
        send("B", answer(7, 0), b); // shard 0: nothing
        send("B", answer(7, 0), b); // shard 0 again (redelivered batch, same input record)
        assertThat(decisions()).as("a shard's answer counts once").isEmpty();
        send("B", answer(7, 1, fourPairsWithA(a)), b); // shard 1
        assertThat(evidences()).extracting(CopyEvidence::getLinkedArticleId).containsExactly("A");
    }

    /**
     * The split F1 leaves: the update's header comes while the first decision lives (kept aside), another record then
     * moves the clock past the first version's expiry, and only then the update's answers come: the update is decided.
     */
    @Test
    void anUpdatesHeaderKeptAsideIsDecidedWhenTheFirstStateGoes() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        firstVersionCopiesA(a, b);
        send("B", header("B", b + 60_000, 10, 1, 2), b + 60_000); // the update: the first decision stands, for now
        assertThat(decisions()).hasSize(1);
        send("C", header("C", a + 9 * DAY, 10, 0, 5), a + 9 * DAY); // another article moves the clock
        punctuate();
        send("B", answer(2, 0, fourPairsWithA(a)), b + 60_000);
        assertThat(decisions()).extracting(ClusterEvent::getArticleId).as("B's update decided afresh").containsExactly("B", "C", "B");
    }

    /** Answers of an update that come while the first decision lives are ignored: the update is not decided later. */
    @Test
    void anUpdateWhoseAnswersCameWhileTheFirstDecisionLivedIsNotDecidedLater() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        firstVersionCopiesA(a, b);
        send("B", header("B", b + 60_000, 10, 1, 2), b + 60_000);
        send("B", answer(2, 0, fourPairsWithA(a)), b + 60_000); // the first decision stands
        send("C", header("C", a + 9 * DAY, 10, 0, 5), a + 9 * DAY);
        punctuate();
        assertThat(decisions()).extracting(ClusterEvent::getArticleId).containsExactly("B", "C");
    }

    /**
     * An update kept aside while the first decision stands produces no output: it is counted (once per version, however
     * many of its records come), so that it is not silent (found in review).
     */
    @Test
    void anUpdateKeptAsideIsCountedOncePerVersion() {
        java.util.concurrent.atomic.AtomicInteger keptAside = new java.util.concurrent.atomic.AtomicInteger();
        AggregatorHarness counted = new AggregatorHarness(java.time.Duration.ZERO, new TopologyMetrics() {
            @Override
            public void versionKeptAside() {
                keptAside.incrementAndGet();
            }
        });
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        counted.send("B", header("B", b, 10, 1, 1), b);
        counted.send("B", answer(1, 0, fourPairsWithA(a)), b);
        assertThat(keptAside.get()).isZero();
        counted.send("B", header("B", b + 60_000, 10, 1, 2), b + 60_000);
        counted.send("B", header("B", b + 61_000, 10, 1, 2), b + 61_000); // the same version again
        counted.send("B", answer(2, 0, fourPairsWithA(a)), b + 61_000);
        assertThat(keptAside.get()).isEqualTo(1);
        counted.send("B", header("B", b + 62_000, 10, 1, 3), b + 62_000); // a third text
        assertThat(keptAside.get()).isEqualTo(2);
        assertThat(counted.decisions()).extracting(ClusterEvent::getArticleId).containsExactly("B");
    }

    /**
     * Late pairs of the first version (numbered in its text) that come after the aggregator dropped the first state open
     * a state of no version; the update's header then adopted it, and the first text's pairs decided the update (found in
     * a second review).
     */
    @Test
    void latePairsOfTheFirstVersionDoNotDecideTheUpdate() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        send("B", header("B", b, 10, 1, 1), b);
        send("B", answer(1, 0), b); // v1: unique
        long c = b + 7 * DAY; // an article with no passages moves the aggregator's clock only
        send("C", header("C", c, 0, 0, 5), c);
        punctuate(); // B's v1 state gone; the index still holds B v1
        // A (older than B) reaches the index late and finds B v1: late pairs for B, numbered in v1's text
        send("B", AggregatorHarness.answer(1, 0, false, fourPairsWithA(a)), a);
        long b2 = c + 60_000; // B's update, another text: the index finds nothing for it
        send("B", header("B", b2, 10, 1, 2), b2);
        send("B", answer(2, 0), b2);
        assertThat(decisions()).extracting(ClusterEvent::getArticleId).containsExactly("B", "C", "B");
        assertThat(evidences()).as("v1's pairs are not v2's").isEmpty();
    }

    /**
     * Index tasks have their own clocks: one may still hold the first version while another has dropped it and takes the
     * update as a new article. The aggregator alone decides whether the update is new: while the first state lives, it
     * is not, whichever shard answers first (found in a second review: it depended on the order).
     */
    @Test
    void anUpdatesFateDoesNotDependOnWhichShardAnswersFirst() {
        for (boolean shard0First : new boolean[] {true, false}) {
            AggregatorHarness h = new AggregatorHarness();
            long a = T0.toEpochMilli();
            long b = a + 1_800_000;
            h.send("B", header("B", b, 10, 2, 1), b);
            h.send("B", AggregatorHarness.answer(1, 0, true), b);
            h.send("B", AggregatorHarness.answer(1, 1, true), b);
            long b2 = b + 60_000;
            h.send("B", header("B", b2, 10, 2, 2), b2);
            h.send("B", AggregatorHarness.answer(2, shard0First ? 0 : 1, true, fourPairsWithA(a)), b2);
            h.send("B", AggregatorHarness.answer(2, shard0First ? 1 : 0, true), b2);
            assertThat(h.decisions()).as("the first decision stands").hasSize(1);
            assertThat(h.evidences()).isEmpty();
        }
    }

    /**
     * An update with no passages (no shard batches: its header is its only record) kept aside while the first decision
     * lives is decided when the first state goes, by the punctuation: no record for it comes again (found in a second
     * review).
     */
    @Test
    void aKeptAsideUpdateWithNoPassagesIsDecidedWhenTheFirstStateGoes() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        firstVersionCopiesA(a, b);
        send("B", header("B", b + 60_000, 0, 0, 2), b + 60_000); // the body emptied: no passages
        send("C", header("C", a + 9 * DAY, 0, 0, 5), a + 9 * DAY);
        punctuate();
        assertThat(decisions()).extracting(ClusterEvent::getArticleId).containsExactly("B", "C", "B");
        assertThat(decisions().get(2).getLinks()).isEmpty();
    }

    /** Late pairs numbered in another version's text are not taken into the state. */
    @Test
    void latePairsOfAnotherVersionAreNotTaken() {
        long a = T0.toEpochMilli();
        long b = a + 60_000;
        send("B", header("B", b, 10, 1, 2), b);
        send("B", answer(2, 0), b);
        send("B", AggregatorHarness.answer(1, 0, false, fourPairsWithA(a)), b + 1);
        assertThat(evidences()).isEmpty();
        send("B", AggregatorHarness.answer(2, 0, false, fourPairsWithA(a)), b + 2);
        assertThat(evidences()).extracting(CopyEvidence::getLinkedArticleId).containsExactly("A");
    }

    /** An article far behind stream time (four windows late) still collects its answers and is decided. */
    @Test
    void anArticleFourWindowsLateIsDecided() {
        long a = T0.toEpochMilli();
        send("C", header("C", a + 12 * DAY, 0, 0, 5), a + 12 * DAY);
        send("B", header("B", a, 10, 2, 1), a);
        send("B", answer(1, 0), a);
        send("B", answer(1, 1, fourPairsWithA(a - 60_000)), a);
        assertThat(decisions()).extracting(ClusterEvent::getArticleId).containsExactly("C", "B");
        assertThat(evidences()).extracting(CopyEvidence::getLinkedArticleId).containsExactly("A");
    }
}
