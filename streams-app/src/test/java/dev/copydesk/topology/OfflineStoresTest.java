package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copydesk.avro.Article;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;

/**
 * Offline runs ({@code OfflineRunner}: backtests, quality tests) keep their stores without changelogs
 * ({@link TopologySettings#withoutChangelogs()}), which the app never does: the outputs must be the very same as
 * with changelogs.
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
                            "copydesk-test-" + CopydeskTopology.CLUSTER_NODE_STORE + "-changelog",
                            "copydesk-test-" + CopydeskTopology.CLUSTER_STORE + "-changelog");
            assertThat(changelogTopics(unlogged)).isEmpty();

            assertThat(unlogged.annotations.keySet()).hasSize(CORPUS.size()).isEqualTo(logged.annotations.keySet());
            assertThat(unlogged.storyUpdates).isEqualTo(logged.storyUpdates);
            assertThat(unlogged.uniqueIds).isEqualTo(logged.uniqueIds);
            assertThat(unlogged.evidences).isEqualTo(logged.evidences);
            assertThat(logged.evidences).as("the corpus has copies").isNotEmpty();
        }
    }

    private static Set<String> changelogTopics(TopologyFixture f) {
        return f.driver.producedTopicNames().stream().filter(t -> t.endsWith("-changelog")).collect(Collectors.toSet());
    }
}
