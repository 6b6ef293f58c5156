package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.pairs;
import static dev.copydesk.topology.AggregatorHarness.pp;
import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.PassageAlignment;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.config.Settings;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The evidence of a link decided on some shards' pairs comes again, whole, when the other shards' pairs change it;
 * never twice the same; and never from a version of an article sent again (found in review).
 */
class LateEvidenceTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    private final AggregatorHarness harness = new AggregatorHarness();
    private final List<SpecificRecord> out = harness.out;

    private void send(String id, ArticleEvent e, long ts) {
        harness.send(id, e, ts);
    }

    private static ArticleEvent header(String id, long ts, int passages, int shards) {
        return AggregatorHarness.header(id, ts, passages, shards, 1);
    }

    /** A shard's response to version 1's batch, or late pairs. */
    private static ArticleEvent result(boolean response, PairEvidence... p) {
        return answer(response ? 1 : 0, response, p);
    }

    private static ArticleEvent answer(long version, boolean response, PairEvidence... p) {
        return AggregatorHarness.answer(version, -1, response, p);
    }

    private static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);

    /** A wire story and an outlet's rewrite of it: returns the rewrite's one evidence record. */
    private static CopyEvidence wireAndCopy(TopologyFixture f) {
        f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", WIRE));
        f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
        assertThat(f.evidences).extracting(e -> e.getArticleId() + "->" + e.getLinkedArticleId()).containsExactly("outlet-1->wire-1");
        return f.evidences.get(0);
    }

    private List<CopyEvidence> evidences() {
        return harness.evidences();
    }

    /**
     * Live, two index shards can see A (older) and B (newer) in different orders: in shard 0 A came first, so B's own
     * look-up finds its pairs; in shard 1 B came first, so A's look-up sends them late. B is linked to A at its decision;
     * shard 1's pairs then add aligned passages: the link's evidence comes again, whole, and the link is not announced
     * twice.
     */
    @Test
    void aLinkDecidedOnSomeShardsPairsGetsWholeEvidenceWhenTheOthersCome() {
        long a = T0.toEpochMilli();
        long b = a + 60_000;
        send("B", header("B", b, 10, 2), b);
        send("B", result(true, pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9))), b);
        send("B", result(true), b);
        assertThat(out.stream().filter(r -> r instanceof ClusterEvent).count()).isEqualTo(1);
        assertThat(evidences()).hasSize(1);
        assertThat(evidences().get(0).getMatchedPassages()).isEqualTo(3);
        send("B", result(false, pairs("A", a, pp(3, 3, 0.9), pp(4, 4, 0.9))), b + 1);
        assertThat(evidences()).hasSize(2);
        assertThat(evidences().get(1).getLinkedArticleId()).isEqualTo("A");
        assertThat(evidences().get(1).getMatchedPassages()).isEqualTo(5);
        assertThat(out.stream().filter(r -> r instanceof ClusterEvent).count()).as("no second announcement").isEqualTo(1);
    }

    /**
     * Answers of two versions of one id do not count together: the second version's answer from shard 0 can come before
     * the first version's from shard 1 (found in a second review: counted with them, it decided the first version early,
     * without the pairs of shard 1). The first version is decided on its own answers, and links.
     */
    @Test
    void aSecondVersionsAnswersDoNotCountTowardTheFirstVersionsDecision() {
        long a = T0.toEpochMilli();
        long b = a + 60_000;
        send("B", AggregatorHarness.header("B", b, 10, 2, 1), b); // first version
        send("B", answer(1, true), b); // its shard 0: nothing
        send("B", AggregatorHarness.header("B", b, 10, 2, 2), b + 5); // the same id again: the first header stays
        send("B", answer(2, true, pairs("A", a, pp(5, 5, 0.9), pp(6, 6, 0.9), pp(7, 7, 0.9), pp(8, 8, 0.9))), b + 5);
        assertThat(out).as("not decided: the first version's shard 1 has not answered").isEmpty();
        send("B", answer(1, true, pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9), pp(3, 3, 0.9))), b); // first version, shard 1
        assertThat(evidences()).extracting(CopyEvidence::getLinkedArticleId).containsExactly("A");
        assertThat(evidences().get(0).getAlignments()).as("the first version's pairs only")
                .extracting(PassageAlignment::getPassage).containsExactly(0, 1, 2, 3);
        assertThat(out.stream().filter(r -> r instanceof ClusterEvent c && !c.getLate()).count()).as("decided once").isEqualTo(1);
        send("B", answer(2, true), b + 5); // the second version's shard 1
        assertThat(out.stream().filter(r -> r instanceof ClusterEvent).count()).as("nothing more").isEqualTo(1);
        assertThat(evidences()).hasSize(1);
    }

    /** Pairs that are new but change nothing in the decision: the same evidence again. */
    @Test
    void pairsThatChangeNothingSendNoDuplicateEvidence() {
        long a = T0.toEpochMilli();
        long b = a + 60_000;
        send("B", header("B", b, 10, 1), b);
        send("B", result(true), b); // decided: no pairs yet
        send("B", result(false, pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9))), b + 1); // late link
        assertThat(evidences()).hasSize(1);
        // another shard: B's passage 5 also matches A's passage 0 (a repeated sentence); A's 0 is aligned already
        send("B", result(false, pairs("A", a, pp(5, 0, 0.6))), b + 2);
        List<CopyEvidence> ev = evidences();
        assertThat(ev).hasSize(1);
        List<String> all = ev.stream().map(e -> {
            CopyEvidence c = CopyEvidence.newBuilder(e).setDecidedAt(Instant.EPOCH).build();
            return c.toString();
        }).toList();
        assertThat(all).as("no two identical evidence records (decided_at aside) for one link").doesNotHaveDuplicates();
    }

    /**
     * An update of a copy under the same id keeps its first decision: the look-up of the new text answers with pairs
     * numbered in the new text, which must not reach the decided state (they would send the link's evidence again with
     * passages and offsets of a text that is not the one decided).
     */
    @Test
    void anUpdatedCopyDoesNotResendItsLinksEvidenceWithTheNewTextsPassages() {
        try (TopologyFixture f = new TopologyFixture()) {
            CopyEvidence first = wireAndCopy(f);
            String updated = WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 2) + "\n\n" + WireTexts.portStrikeRewrite();
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(3600), "Dockers strike in Valmora", updated));
            assertThat(f.evidences).as("outlet-1 keeps its first decision: its link's evidence is not sent again")
                    .containsExactly(first);
        }
    }

    /** The same with the ORIGINAL updated: its look-up sends late pairs to the copy, numbered in the original's new text. */
    @Test
    void anUpdatedOriginalDoesNotResendItsCopysEvidence() {
        try (TopologyFixture f = new TopologyFixture()) {
            CopyEvidence first = wireAndCopy(f);
            String updated = WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 2) + "\n\n" + WIRE;
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", updated));
            assertThat(f.evidences).as("the copy's evidence is not sent again from the original's update").containsExactly(first);
        }
    }

    /** Out of order on the corpus with 4 shards: how many evidence records repeat the previous one of their link. */
    @Test
    void outOfOrderFourShardsSendNoIdenticalEvidenceTwice() {
        List<Article> shuffled = new ArrayList<>(OfflineStoresTest.CORPUS);
        shuffled.sort(java.util.Comparator.comparing((Article x) -> x.getPublishedAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS))
                .thenComparing(Article::getPublishedAt, java.util.Comparator.reverseOrder()));
        try (TopologyFixture sharded = new TopologyFixture(Map.of(Settings.INDEX_SHARDS, "4", Settings.BUCKET_LIMIT, "2"),
                TopologyMetrics.NONE, false)) {
            shuffled.forEach(sharded::send);
            Map<String, String> last = new HashMap<>();
            List<String> repeats = new ArrayList<>();
            Map<String, Integer> perLink = new HashMap<>();
            for (CopyEvidence e : sharded.evidences) {
                String key = e.getArticleId() + "->" + e.getLinkedArticleId();
                String c = CopyEvidence.newBuilder(e).setDecidedAt(Instant.EPOCH).build().toString();
                if (c.equals(last.get(key))) {
                    repeats.add(key);
                }
                last.put(key, c);
                perLink.merge(key, 1, Integer::sum);
            }
            assertThat(perLink.values().stream().mapToInt(i -> i).max().orElse(0)).as("some link's evidence came again")
                    .isGreaterThan(1);
            assertThat(repeats).as("evidence records identical to the link's previous one").isEmpty();
        }
    }

    /**
     * The copy updated to the wire text verbatim behind a new first paragraph: its new pairs (exact, similarity 1) are
     * numbered in the new text, and the re-sent evidence aligns them, with the new text's offsets, over the first
     * decision's passage count.
     */
    @Test
    void anUpdatedCopyDoesNotRewriteItsLinksAlignmentsWithTheNewTextsOffsets() {
        try (TopologyFixture f = new TopologyFixture()) {
            CopyEvidence first = wireAndCopy(f);
            String updated = WireTexts.paragraphs(WireTexts.SOLAR_PLANT.subList(0, 1), 1) + "\n\n" + WIRE;
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(3600), "Dockers strike in Valmora", updated));
            CopyEvidence last = f.evidences.get(f.evidences.size() - 1);
            assertThat(last.getAlignments()).as("the link's last evidence: the alignments of the text it was decided on")
                    .isEqualTo(first.getAlignments());
        }
    }

    /** Regression (passes before and after): pairs split around the decision make one late link; the same pairs again add nothing. */
    @Test
    void pairsSplitAroundTheDecisionMakeOneLateLinkAndRepeatsSendNothing() {
        long a = T0.toEpochMilli();
        long b = a + 60_000;
        send("B", header("B", b, 10, 2), b);
        send("B", result(true, pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9))), b); // 2 of 10: no link
        send("B", result(true, pairs("A", a, pp(0, 0, 0.95), pp(1, 1, 0.9))), b); // same keys, other similarity
        assertThat(evidences()).isEmpty();
        send("B", result(true, pairs("A", a, pp(0, 0, 0.9), pp(1, 1, 0.9))), b + 1); // sent again after the decision
        assertThat(evidences()).isEmpty();
        send("B", result(false, pairs("A", a, pp(2, 2, 0.9))), b + 2);
        assertThat(evidences()).hasSize(1);
        assertThat(out.stream().filter(r -> r instanceof ClusterEvent c && c.getLate()).count()).isEqualTo(1);
        send("B", result(false, pairs("A", a, pp(2, 2, 0.9), pp(1, 1, 0.9))), b + 3);
        assertThat(evidences()).hasSize(1);
        assertThat(out.stream().filter(r -> r instanceof ClusterEvent c && c.getLate()).count()).isEqualTo(1);
    }
}
