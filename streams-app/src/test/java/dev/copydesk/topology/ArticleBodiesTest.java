package dev.copydesk.topology;

import static dev.copydesk.topology.AggregatorHarness.header;
import static dev.copydesk.topology.AggregatorHarness.pairs;
import static dev.copydesk.topology.AggregatorHarness.pp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleHeader;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The aggregator keeps an article's header (its body) in 'article-bodies', apart from its state, only while it needs it,
 * and deletes it on every path: decided and not held, held then published or linked late, expired decided or undecided,
 * another version's header kept aside then replaced, dropped (its answers came while the first decision lived) or
 * promoted (the first state went), a version sent again. Nothing is left behind: the store holds exactly the headers
 * that the states say they keep.
 */
class ArticleBodiesTest {
    static final long T = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;

    private final AggregatorHarness h = new AggregatorHarness(Duration.ofSeconds(5), TopologyMetrics.NONE);

    private List<String> kept() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ArticleHeader> it = h.bodies.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static PairEvidence fourPairsWith(String other, long at) {
        return pairs(other, at, pp(0, 0, 0.9), pp(1, 1, 0.9), pp(2, 2, 0.9), pp(3, 3, 0.9));
    }

    private static ArticleEvent answer(long version, PairEvidence... p) {
        return AggregatorHarness.answer(version, 0, true, p);
    }

    @Test
    void aCopyDecidedKeepsNoHeader() {
        h.send("B", header("B", T, 10, 1, 1), T);
        assertThat(kept()).as("kept until the decision").containsExactly(LinkAggregator.followedKey("B"));
        h.send("B", answer(1, fourPairsWith("A", T - 60_000)), T);
        assertThat(h.evidences()).hasSize(1);
        assertThat(kept()).isEmpty();
    }

    @Test
    void anArticleDecidedUniqueKeepsItsHeaderForTheHoldOnly() {
        h.send("B", header("B", T, 10, 1, 1), T);
        h.send("B", answer(1), T);
        assertThat(kept()).as("held").containsExactly(LinkAggregator.followedKey("B"));
        h.wallClock(5_000);
        assertThat(h.unique()).containsExactly("B");
        assertThat(kept()).isEmpty();
    }

    @Test
    void aHeldArticleLinkedLateLeavesNoHeader() {
        h.send("B", header("B", T, 10, 1, 1), T);
        h.send("B", answer(1), T);
        h.send("B", AggregatorHarness.answer(1, 0, false, fourPairsWith("A", T - 60_000)), T);
        assertThat(kept()).isEmpty();
        h.wallClock(60_000);
        assertThat(h.unique()).isEmpty();
    }

    @Test
    void aHeldArticleWhoseStateExpiresIsPublishedAndLeavesNoHeader() {
        h.send("B", header("B", T, 10, 1, 1), T);
        h.send("B", answer(1), T);
        h.send("C", header("C", T + 7 * DAY, 10, 1, 1), T + 7 * DAY); // no wall-clock time passes: a fast replay
        h.punctuate();
        assertThat(h.unique()).containsExactly("B");
        assertThat(kept()).containsExactly(LinkAggregator.followedKey("C"));
    }

    @Test
    void anUndecidedArticleThatExpiresLeavesNoHeader() {
        h.send("B", header("B", T, 10, 2, 1), T);
        h.send("B", answer(1), T); // one of two shards
        h.send("C", header("C", T + 10 * DAY, 10, 0, 1), T + 10 * DAY); // no passages: decided by its header, held
        h.punctuate();
        h.wallClock(5_000);
        assertThat(h.unique()).containsExactly("C");
        assertThat(kept()).isEmpty();
    }

    @Test
    void versionsSentAgainKeepOneHeaderAsideAndDropItWhenItsAnswersCome() {
        h.send("B", header("B", T, 10, 1, 1), T);
        h.send("B", answer(1, fourPairsWith("A", T - 60_000)), T);
        h.send("B", header("B", T, 10, 1, 1), T); // the same version again
        assertThat(kept()).isEmpty();
        h.send("B", header("B", T + 60_000, 10, 1, 2), T + 60_000);
        h.send("B", header("B", T + 120_000, 10, 1, 3), T + 120_000); // replaces version 2's
        assertThat(kept()).containsExactly(LinkAggregator.pendingKey("B"));
        h.send("B", answer(3), T + 120_000); // while the first decision lives: ignored, and the version is dropped
        assertThat(kept()).isEmpty();
        assertThat(h.decisions()).hasSize(1);
    }

    @Test
    void aHeaderKeptAsideBecomesTheFollowedOneWhenTheFirstStateGoesThenGoesItself() {
        h.send("B", header("B", T, 10, 1, 1), T);
        h.send("B", answer(1, fourPairsWith("A", T - 60_000)), T);
        h.send("B", header("B", T + 60_000, 10, 1, 2), T + 60_000);
        h.send("C", header("C", T + 6 * DAY + DAY / 2, 10, 0, 1), T + 6 * DAY + DAY / 2); // B's first state expires
        h.punctuate();
        h.wallClock(5_000); // C (decided by its header) goes out
        assertThat(kept()).as("B's update follows").containsExactly(LinkAggregator.followedKey("B"));
        h.send("B", answer(2), T + 60_000);
        assertThat(kept()).as("B's update decided unique, held").containsExactly(LinkAggregator.followedKey("B"));
        h.wallClock(10_000);
        assertThat(h.unique()).containsExactly("C", "B");
        assertThat(kept()).isEmpty();
    }

    @Test
    void aHeaderKeptAsideThatExpiresWithTheFirstStateGoesWithIt() {
        h.send("B", header("B", T, 10, 1, 1), T);
        h.send("B", answer(1, fourPairsWith("A", T - 60_000)), T);
        h.send("B", header("B", T + 60_000, 10, 1, 2), T + 60_000);
        h.send("B", header("B", T + 20 * DAY, 10, 1, 1), T + 20 * DAY); // B's first version again, much later
        h.punctuate();
        assertThat(kept()).as("a fresh state of B, following its first version again").containsExactly(
                LinkAggregator.followedKey("B"));
        h.send("B", answer(1), T + 20 * DAY);
        h.wallClock(5_000);
        assertThat(kept()).isEmpty();
    }

    /**
     * The whole topology over four retention windows of generated articles, some sent again (the same text, or an
     * update), some copies before their originals (a burst): after each article, every kept header belongs to a state
     * that keeps it, and every state that keeps one has it; at the end, with every state expired, nothing is left. (An
     * update's header kept aside is dropped within the same article: the driver takes it through every step, and its
     * answers come while the first decision lives. The scripted cases above keep one aside across records.)
     */
    @Test
    void generatedArticlesSentAgainAndOutOfOrderLeaveNoHeaderBehind() {
        generated(Map.of(Settings.RETENTION, "3h"), true);
    }

    /** As above with no hold: an article that opened a cluster is published at its decision, its header read there. */
    @Test
    void generatedArticlesWithNoHoldLeaveNoHeaderBehind() {
        generated(Map.of(Settings.RETENTION, "3h", Settings.UNIQUE_HOLD, "0s"), false);
    }

    private void generated(Map<String, String> settings, boolean holds) {
        List<Article> corpus = new WireStoryGenerator(42).generate(500, Instant.ofEpochMilli(T), Duration.ofHours(24)).articles();
        List<Article> sent = new ArrayList<>(corpus);
        Random random = new Random(7);
        for (Article a : corpus) {
            if (random.nextInt(8) == 0) { // sent again a little later: the same text or an update
                sent.add(Article.newBuilder(a).setPublishedAt(a.getPublishedAt().plus(Duration.ofMinutes(random.nextInt(240))))
                        .setBody(random.nextBoolean() ? a.getBody() : a.getBody() + "\n\nThis story has been updated.").build());
            }
        }
        sent.sort(java.util.Comparator.comparing(Article::getPublishedAt));
        for (int i = 3; i + 1 < sent.size(); i += 25) { // the next article first
            sent.set(i, sent.set(i + 1, sent.get(i)));
        }
        int helds = 0;
        try (TopologyFixture f = new TopologyFixture(settings)) {
            ReadOnlyKeyValueStore<String, ArticleHeader> bodies = f.driver.getKeyValueStore(CopydeskTopology.ARTICLE_BODY_STORE);
            ReadOnlyKeyValueStore<String, ArticleState> states = f.driver.getKeyValueStore(CopydeskTopology.ARTICLE_STATE_STORE);
            for (int i = 0; i < sent.size(); i++) {
                Article a = sent.get(i);
                if (i % 25 == 4) {
                    f.sendInBurst(a);
                } else {
                    f.send(a);
                }
                Map<String, String> expected = new TreeMap<>();
                try (KeyValueIterator<String, ArticleState> it = states.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, ArticleState> kv = it.next();
                        if (kv.value.getKept()) {
                            expected.put(LinkAggregator.followedKey(kv.key), kv.key);
                        }
                        if (kv.value.getPending() != null) {
                            expected.put(LinkAggregator.pendingKey(kv.key), kv.key);
                        }
                        if (kv.value.getKept() && kv.value.getDecided()) {
                            helds++;
                        }
                    }
                }
                assertThat(keys(bodies)).as("kept headers after %s (%d)", a.getId(), i).isEqualTo(expected.keySet());
            }
            // every state expires: an article four windows later moves stream time, then the hold passes
            f.send(TopologyFixture.article("last", "s.example", sent.get(sent.size() - 1).getPublishedAt().plus(Duration.ofHours(12)),
                    "Last", corpus.get(0).getBody()));
            f.settle();
            assertThat(keys(states)).containsExactly("last");
            assertThat(keys(bodies)).isEmpty();
        }
        if (holds) {
            assertThat(helds).as("held articles seen").isPositive();
        } else {
            assertThat(helds).as("none held").isZero();
        }
    }

    private static TreeSet<String> keys(ReadOnlyKeyValueStore<String, ?> store) {
        TreeSet<String> keys = new TreeSet<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
