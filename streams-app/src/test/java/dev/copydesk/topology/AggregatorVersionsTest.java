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

    private static PairEvidence fourPairsWithA(long a) {
        return pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9), pp(3, 3, 0.9));
    }

    /**
     * ResendAfterStateExpiryTest case 1 as a real broker orders it. The aggregator's task reads only article-headers and
     * by-article, so its stream time is moved by the update's own header; Kafka Streams punctuates after processing a
     * record (StreamThread: process, then punctuate), so the header meets the first version's decided state and is
     * ignored, and only then is the state dropped. The update's answers then open a state without a header: never
     * decided. (The TopologyTestDriver runs all sub-topologies in one task, whose stream time the input record moves,
     * so it punctuates before the header: ResendAfterStateExpiryTest passed there only.) A state past its expiry is gone
     * when it is read, whether or not the punctuation has dropped it.
     */
    @Test
    void anUpdateWhoseOwnTimeMovesTheClockIsDecided() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        send("B", header("B", b, 10, 1, 1), b);
        send("B", answer(1, 0, fourPairsWithA(a)), b);
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
        send("B", header("B", b, 10, 1, 1), b);
        send("B", answer(1, 0, fourPairsWithA(a)), b);
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
        send("B", header("B", b, 10, 1, 1), b);
        send("B", answer(1, 0, fourPairsWithA(a)), b);
        send("B", header("B", b + 60_000, 10, 1, 2), b + 60_000);
        send("B", answer(2, 0, fourPairsWithA(a)), b + 60_000); // the first decision stands
        send("C", header("C", a + 9 * DAY, 10, 0, 5), a + 9 * DAY);
        punctuate();
        assertThat(decisions()).extracting(ClusterEvent::getArticleId).containsExactly("B", "C");
    }

    /**
     * An index shard that answers the update from past the first version (its horizon is at or after it: it took the
     * update as a new article) ends the first state, though the aggregator's own clock has not expired it.
     */
    @Test
    void anAnswerFromPastTheFirstVersionsHorizonStartsTheUpdatesState() {
        long a = T0.toEpochMilli();
        long b = a + 1_800_000;
        send("B", header("B", b, 10, 1, 1), b);
        send("B", answer(1, 0, fourPairsWithA(a)), b);
        long b2 = b + 60_000;
        send("B", header("B", b2, 10, 1, 2), b2);
        send("B", new ArticleEvent(null, new ShardResult(true, 2L, 0, b, List.of())), b2); // horizon: B's first version
        assertThat(decisions()).as("the update decided, unique").hasSize(2);
        assertThat(decisions().get(1).getLinks()).isEmpty();
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
}
