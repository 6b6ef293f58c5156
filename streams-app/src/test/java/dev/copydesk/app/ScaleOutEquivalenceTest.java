package dev.copydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.testing.Clusters;
import dev.copydesk.topology.ReferenceRun;
import org.junit.jupiter.api.Test;

/**
 * The application on a real broker with 4 input partitions and two instances gives exactly the
 * clusters of the single-threaded reference (the same topology in TopologyTestDriver, in order), and the same articles
 * on articles.unique.
 */
class ScaleOutEquivalenceTest {
    /** No band truncation (see README, Guarantees): crowded bands keep their earliest-arrived articles. */
    static final Map<String, String> UNBOUNDED = Map.of(dev.copydesk.config.Settings.BUCKET_LIMIT, "1000000");

    @Test
    void twoInstancesOnFourPartitionsGiveTheClustersOfOne() throws Exception {
        List<Article> corpus = new WireStoryGenerator(11).generate(200, Instant.parse("2026-02-02T06:00:00Z"), Duration.ofHours(10)).articles();
        ReferenceRun.Outcome reference = ReferenceRun.run(corpus, UNBOUNDED);
        Set<Set<String>> expected = reference.clusters();
        assertThat(Clusters.multi(expected)).as("the corpus has copy clusters to find").hasSizeGreaterThan(10);

        try (AppHarness h = new AppHarness("scaleout", 4, UNBOUNDED)) {
            h.startInstance();
            h.startInstance();
            h.awaitAllRunning();
            h.send(corpus);
            AppHarness.Outputs out = h.awaitOutputs(corpus.size(), Duration.ofSeconds(120), Duration.ofSeconds(3));

            assertThat(out.annotated()).extracting(AnnotatedArticle::getId)
                    .as("every article annotated exactly once").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(corpus.stream().map(Article::getId).collect(Collectors.toList()));
            assertThat(Clusters.partition(out.stories())).isEqualTo(expected);
            // the deduplicated stream too, once each: copies decided before their originals reached the index (200
            // articles at once on two instances) are kept off by the hold before articles.unique (4 went out with 0s)
            List<String> unique = h.awaitKeys(h.settings.get(dev.copydesk.config.Settings.UNIQUE_TOPIC), Duration.ofSeconds(60),
                    Duration.ofSeconds(7));
            assertThat(unique).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(reference.unique());
        }
    }

    @Test
    void addingTwoInstancesMidRunAndStoppingOneKeepsTheClustersOfOne() throws Exception {
        List<Article> corpus = new WireStoryGenerator(12).generate(240, Instant.parse("2026-02-03T06:00:00Z"), Duration.ofHours(10)).articles();
        Set<Set<String>> expected = ReferenceRun.clusters(corpus, UNBOUNDED);
        assertThat(Clusters.multi(expected)).hasSizeGreaterThan(10);
        int third = corpus.size() / 3;
        try (AppHarness h = new AppHarness("elastic", 4, UNBOUNDED)) {
            h.startInstance();
            h.awaitAllRunning();
            h.send(corpus.subList(0, third));
            h.awaitOutputs(third, Duration.ofSeconds(90), Duration.ofMillis(500));
            h.startInstance();
            h.startInstance();
            h.send(corpus.subList(third, 2 * third));
            h.awaitAllRunning();
            h.stopInstance(h.instances().get(0));
            h.send(corpus.subList(2 * third, corpus.size()));
            AppHarness.Outputs out = h.awaitOutputs(corpus.size(), Duration.ofSeconds(180), Duration.ofSeconds(3));

            assertThat(out.annotated()).extracting(AnnotatedArticle::getId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(corpus.stream().map(Article::getId).collect(Collectors.toList()));
            assertThat(Clusters.partition(out.stories())).isEqualTo(expected);
        }
    }
}
