package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;

/**
 * Offline runs ({@code OfflineRunner}: backtests, quality tests) keep their stores without changelogs
 * ({@link TopologySettings#withoutChangelogs()}), which the app never does, and, in memory, no cache in front of them
 * (it would have nothing to fold): the outputs must be the very same as with changelogs and caches.
 */
class OfflineStoresTest {
    static final List<Article> CORPUS = new WireStoryGenerator(5).generate(120, Instant.parse("2026-02-04T06:00:00Z"),
            Duration.ofHours(8)).articles();

    @Test
    void storesWithoutChangelogsWriteNoChangelogAndGiveTheSameOutputs() {
        try (TopologyFixture logged = new TopologyFixture(Map.of(), TopologyMetrics.NONE, true);
             TopologyFixture unlogged = new TopologyFixture(Map.of(), TopologyMetrics.NONE, false)) {
            for (Article a : CORPUS) {
                logged.send(a);
                unlogged.send(a);
            }
            Set<String> changelogs = changelogTopics(logged);
            assertThat(changelogs).as("the app's topology logs every store")
                    .containsExactlyInAnyOrder("copydesk-test-" + CopydeskTopology.SHARD_PASSAGE_STORE + "-changelog",
                            "copydesk-test-" + CopydeskTopology.ARTICLE_STATE_STORE + "-changelog",
                            "copydesk-test-" + CopydeskTopology.UNIQUE_HOLD_STORE + "-changelog",
                            "copydesk-test-" + CopydeskTopology.ARTICLE_BODY_STORE + "-changelog",
                            "copydesk-test-" + CopydeskTopology.CLUSTER_NODE_STORE + "-changelog",
                            "copydesk-test-" + CopydeskTopology.CLUSTER_STORE + "-changelog");
            assertThat(changelogTopics(unlogged)).isEmpty();

            assertThat(unlogged.annotations.keySet()).hasSize(CORPUS.size()).isEqualTo(logged.annotations.keySet());
            assertThat(unlogged.storyUpdates).isEqualTo(logged.storyUpdates);
            unlogged.settle();
            logged.settle();
            assertThat(unlogged.uniqueIds).isEqualTo(logged.uniqueIds);
            assertThat(unlogged.evidences).isEqualTo(logged.evidences);
            assertThat(logged.evidences).as("the corpus has copies").isNotEmpty();
        }
    }

    /**
     * Offline, {@code backtest} runs one index shard unless told otherwise: shards only spread the index over
     * tasks, which one thread does not need. The outputs must be the same: a band key lives in exactly one
     * shard whatever their number, the driver takes each article through every sub-topology before the next,
     * so every look-up sees the same index, and pairs found in several shards are counted once. With a bucket
     * limit of 2, many bands fill up, so the earliest-articles rule is exercised too.
     */
    @Test
    void oneIndexShardGivesTheOutputsOfFour() {
        Map<String, String> four = index(4, 2);
        Map<String, String> one = index(1, 2);
        Map<String, String> unlimited = index(1, 1000);
        try (TopologyFixture sharded = new TopologyFixture(four, TopologyMetrics.NONE, false);
             TopologyFixture single = new TopologyFixture(one, TopologyMetrics.NONE, false);
             TopologyFixture noLimit = new TopologyFixture(unlimited, TopologyMetrics.NONE, false)) {
            for (Article a : CORPUS) {
                sharded.send(a);
                single.send(a);
                noLimit.send(a);
            }
            assertThat(noLimit.evidences).as("bands fill up at a limit of 2: the limit changes what is compared").isNotEqualTo(sharded.evidences);
            assertThat(single.annotations).hasSize(CORPUS.size()).isEqualTo(sharded.annotations);
            assertThat(single.storyUpdates).isEqualTo(sharded.storyUpdates);
            single.settle();
            sharded.settle();
            assertThat(single.uniqueIds).isEqualTo(sharded.uniqueIds);
            assertThat(single.evidences).isEqualTo(sharded.evidences);
            assertThat(sharded.evidences).as("the corpus has copies").isNotEmpty();
            // linked_to lists the earlier articles earliest first (then by id), whatever order the shards answered in
            Map<String, Instant> published = CORPUS.stream().collect(Collectors.toMap(Article::getId, Article::getPublishedAt));
            long multi = single.annotations.values().stream().filter(x -> x.getLinkedTo().size() > 1).count();
            assertThat(multi).as("articles linked to several earlier ones").isGreaterThan(5);
            for (var x : single.annotations.values()) {
                List<String> linked = x.getLinkedTo();
                for (int i = 1; i < linked.size(); i++) {
                    int byTime = published.get(linked.get(i - 1)).compareTo(published.get(linked.get(i)));
                    assertThat(byTime < 0 || (byTime == 0 && linked.get(i - 1).compareTo(linked.get(i)) < 0))
                            .as("linked_to of %s in order: %s", x.getId(), linked).isTrue();
                }
            }
        }
    }

    /**
     * Out of order (newest first within each hour), many pairs take the late path, and there the shards differ:
     * a late link is decided as soon as one shard's pairs are enough, and its evidence shows those pairs only,
     * while one shard sends them all at once; the order of cluster announcements can differ too. What must not
     * differ are the links and every article's annotation.
     */
    @Test
    void outOfOrderOneIndexShardGivesTheLinksAndAnnotationsOfFour() {
        Map<String, String> four = index(4, 2);
        Map<String, String> one = index(1, 2);
        List<Article> shuffled = new java.util.ArrayList<>(CORPUS);
        shuffled.sort(java.util.Comparator.comparing((Article a) -> a.getPublishedAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS))
                .thenComparing(Article::getPublishedAt, java.util.Comparator.reverseOrder()));
        try (TopologyFixture sharded = new TopologyFixture(four, TopologyMetrics.NONE, false);
             TopologyFixture single = new TopologyFixture(one, TopologyMetrics.NONE, false)) {
            for (Article a : shuffled) {
                sharded.send(a);
                single.send(a);
            }
            assertThat(single.annotations).hasSize(CORPUS.size()).isEqualTo(sharded.annotations);
            single.settle();
            sharded.settle();
            assertThat(single.uniqueIds).isEqualTo(sharded.uniqueIds);
            assertThat(links(single)).isNotEmpty().isEqualTo(links(sharded));
            assertThat(single.evidences.size()).as("late links: more than at decision time")
                    .isGreaterThan(single.annotations.values().stream().mapToInt(x -> x.getLinkedTo().size()).sum());
            // a late link decided on one shard's pairs is followed by fuller evidence as the other shards' pairs come
            assertThat(lastEvidence(sharded)).isEqualTo(lastEvidence(single));
        }
    }

    /** Per link, what its last evidence record says (the alignments as a set: shards answer in any order). */
    private static Map<String, String> lastEvidence(TopologyFixture f) {
        Map<String, String> last = new java.util.TreeMap<>();
        for (var e : f.evidences) {
            Set<String> alignments = e.getAlignments().stream()
                    .map(x -> x.getPassage() + ":" + x.getLinkedPassage() + "=" + x.getSimilarity())
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            last.put(e.getArticleId() + " -> " + e.getLinkedArticleId(), String.format("matched %d score %.6f share %.6f/%.6f %s",
                    e.getMatchedPassages(), e.getScore(), e.getShare(), e.getLinkedShare(), alignments));
        }
        return last;
    }

    /** Settings with {@code shards} index shards and a bucket limit. */
    private static Map<String, String> index(int shards, int bucketLimit) {
        return Map.of(Settings.INDEX_SHARDS, Integer.toString(shards), Settings.BUCKET_LIMIT, Integer.toString(bucketLimit));
    }

    private static Set<String> links(TopologyFixture f) {
        return f.evidences.stream().map(e -> e.getArticleId() + " -> " + e.getLinkedArticleId()).collect(Collectors.toSet());
    }

    private static Set<String> changelogTopics(TopologyFixture f) {
        return f.driver.producedTopicNames().stream().filter(t -> t.endsWith("-changelog")).collect(Collectors.toSet());
    }
}
