package dev.copydesk.topology;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.copydesk.avro.Article;
import dev.copydesk.testing.Clusters;

/** The single-threaded reference: the real topology in TopologyTestDriver, articles in order. */
public final class ReferenceRun {
    private ReferenceRun() {
    }

    public static Set<Set<String>> clusters(List<Article> articles) {
        return clusters(articles, Map.of());
    }

    public static Set<Set<String>> clusters(List<Article> articles, Map<String, String> overrides) {
        return run(articles, overrides).clusters();
    }

    /** What the reference gives: the copy clusters, and the articles on articles.unique (once every hold has passed). */
    public record Outcome(Set<Set<String>> clusters, List<String> unique) {
    }

    public static Outcome run(List<Article> articles, Map<String, String> overrides) {
        try (TopologyFixture f = new TopologyFixture(overrides)) {
            articles.forEach(f::send);
            f.settle();
            return new Outcome(Clusters.partition(f.clusters), List.copyOf(f.uniqueIds));
        }
    }
}
