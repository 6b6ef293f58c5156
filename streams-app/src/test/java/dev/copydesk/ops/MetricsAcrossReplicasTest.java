package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.Article;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.topology.CopydeskTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard sums {@code copydesk_clusters_open} and {@code copydesk_state_store_entries} over the replicas,
 * and PromQL's sum() does not skip NaN. A running replica without the single cluster task used to export NaN for them,
 * so the panel showed NaN with two replicas (found in review); it exports 0 now.
 */
class MetricsAcrossReplicasTest {

    @Test
    void aRunningReplicaWithoutTheClusterTaskExportsNoNaNIntoTheDashboardSums() throws Exception {
        try (AppHarness h = new AppHarness("revnan", 4, Map.of())) {
            h.startInstance();
            h.startInstance();
            h.awaitAllRunning();
            List<Article> articles = new WireStoryGenerator(11).generate(30, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(6)).articles();
            h.send(articles);
            h.awaitOutputs(articles.size(), Duration.ofSeconds(120), Duration.ofSeconds(2));
            for (CopydeskApp app : h.instances()) {
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
            CopydeskApp other = h.instances().stream().filter(a -> a.streams()
                    .queryMetadataForKey(CopydeskTopology.CLUSTER_STORE, "clusters", Serdes.String().serializer())
                    .activeHost().port() != a.httpPort()).findFirst().orElseThrow();

            // what Prometheus computes for the panel: the plain sum of every replica's sample
            double clustersOpen = 0;
            Map<String, Double> entriesByStore = new LinkedHashMap<>();
            List<String> nanSeries = new ArrayList<>();
            for (CopydeskApp app : h.instances()) {
                Map<String, Double> m = scrape(app.httpPort());
                for (Map.Entry<String, Double> e : m.entrySet()) {
                    if (e.getKey().startsWith("copydesk_clusters_open")) {
                        clustersOpen += e.getValue();
                        if (e.getValue().isNaN()) {
                            nanSeries.add(":" + app.httpPort() + " " + e.getKey());
                        }
                    }
                    if (e.getKey().startsWith("copydesk_state_store_entries{")) {
                        String store = e.getKey().replaceAll(".*store=\"([^\"]*)\".*", "$1");
                        entriesByStore.merge(store, e.getValue(), Double::sum);
                        if (e.getValue().isNaN()) {
                            nanSeries.add(":" + app.httpPort() + " " + e.getKey());
                        }
                    }
                }
            }
            System.out.println("non-owner :" + other.httpPort() + "; NaN series: " + nanSeries);
            System.out.println("sum(copydesk_clusters_open) = " + clustersOpen + "; sum by (store) = " + entriesByStore);
            assertThat(nanSeries).as("series that turn the dashboard's sums into NaN").isEmpty();
            assertThat(clustersOpen).isPositive();
            assertThat(entriesByStore.values()).allMatch(v -> !v.isNaN());
        }
    }

    private static Map<String, Double> scrape(int port) throws Exception {
        return OpsTesting.parse(OpsTesting.get(port, "/metrics").body());
    }
}
