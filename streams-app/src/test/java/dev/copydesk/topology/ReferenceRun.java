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
        try (TopologyFixture f = new TopologyFixture(overrides)) {
            articles.forEach(f::send);
            return Clusters.partition(f.clusters);
        }
    }
}
