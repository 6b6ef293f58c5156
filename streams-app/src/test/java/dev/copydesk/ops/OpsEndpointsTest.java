package dev.copydesk.ops;

import static dev.copydesk.ops.OpsTesting.get;
import static dev.copydesk.ops.OpsTesting.has;
import static dev.copydesk.ops.OpsTesting.parse;
import static dev.copydesk.ops.OpsTesting.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.testing.SharedBroker;
import dev.copydesk.topology.CopydeskTopology;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two copydesk instances on the shared broker, each with its HTTP server on a free port: feeds generated
 * wire stories (and one undecodable record), then checks /metrics, health, /topology and the interactive
 * queries on both instances (the one without the cluster task forwards to the owner), and that every
 * query of the Grafana dashboard names a metric the app really exposes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ARTICLES = 80;

    private AppHarness harness;
    private List<Article> articles;
    private AppHarness.Outputs outputs;
    private CopydeskApp owner;
    private CopydeskApp other;

    @BeforeAll
    void runApp() throws Exception {
        harness = new AppHarness("ops", 4, Map.of());
        harness.startInstance();
        harness.startInstance();
        harness.awaitAllRunning();
        articles = new WireStoryGenerator(7).generate(ARTICLES, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(6)).articles();
        harness.send(articles);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(harness.settings.get(Settings.INPUT_TOPIC), "junk".getBytes(), "not avro".getBytes())).get();
        }
        outputs = harness.awaitOutputs(ARTICLES, Duration.ofSeconds(120), Duration.ofSeconds(3));
        assertThat(outputs.annotated()).hasSize(ARTICLES);
        for (CopydeskApp app : harness.instances()) {
            int port = app.streams().queryMetadataForKey(CopydeskTopology.CLUSTER_STORE, "clusters", Serdes.String().serializer())
                    .activeHost().port();
            if (port == app.httpPort()) {
                owner = app;
            } else {
                other = app;
            }
        }
        assertThat(owner).as("one instance owns the cluster task").isNotNull();
        assertThat(other).as("the other one does not").isNotNull();
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** The final (not absorbed) cluster that holds the article, from the stories topic. */
    private StoryCluster finalClusterOf(String articleId) {
        return outputs.stories().values().stream()
                .filter(c -> c.getAbsorbedInto() == null)
                .filter(c -> c.getMembers().stream().anyMatch(m -> m.getArticleId().equals(articleId)))
                .findFirst().orElseThrow();
    }

    @Test
    void healthAndTopology() throws Exception {
        for (CopydeskApp app : harness.instances()) {
            assertThat(get(app.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> live = get(app.httpPort(), "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("RUNNING");
            HttpResponse<String> topo = get(app.httpPort(), "/topology");
            assertThat(topo.statusCode()).isEqualTo(200);
            assertThat(topo.body()).contains("cluster-maintenance", "candidate-index", CopydeskTopology.CLUSTER_STORE);
            assertThat(get(app.httpPort(), "/nope").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void readyIsNotOkBeforeTheClientRuns() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0)) {
            HttpResponse<String> r = get(server.port(), "/health/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(get(server.port(), "/clusters?recent=1").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void interactiveQueriesAnswerOnBothInstances() throws Exception {
        AnnotatedArticle linked = outputs.annotated().stream().filter(a -> !a.getLinkedTo().isEmpty()).findFirst().orElseThrow();
        StoryCluster expected = finalClusterOf(linked.getId());
        Set<String> expectedMembers = new TreeSet<>(expected.getMembers().stream().map(ClusterMember::getArticleId).toList());
        assertThat(expectedMembers).hasSizeGreaterThan(1);
        String ownerAddress = "127.0.0.1:" + owner.httpPort();
        for (CopydeskApp app : List.of(other, owner)) {
            HttpResponse<String> r = get(app.httpPort(), "/articles/" + linked.getId() + "/cluster");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue(OpsServer.SERVED_BY)).contains(ownerAddress);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("article_id").asText()).isEqualTo(linked.getId());
            assertThat(body.get("cluster_id").asText()).isEqualTo(expected.getClusterId());
            Set<String> members = new TreeSet<>();
            body.get("cluster").get("members").forEach(m -> members.add(m.get("article_id").asText()));
            assertThat(members).isEqualTo(expectedMembers);

            HttpResponse<String> c = get(app.httpPort(), "/clusters/" + expected.getClusterId());
            assertThat(c.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(c.body()).get("size").asInt()).isEqualTo(expectedMembers.size());
            assertThat(JSON.readTree(c.body()).get("canonical_id").asText()).isEqualTo(expected.getCanonicalId());

            assertThat(get(app.httpPort(), "/clusters/no-such-cluster").statusCode()).isEqualTo(404);
            assertThat(get(app.httpPort(), "/articles/no-such-article/cluster").statusCode()).isEqualTo(404);
            assertThat(get(app.httpPort(), "/clusters?recent=x").statusCode()).isEqualTo(400);

            HttpResponse<String> recent = get(app.httpPort(), "/clusters?recent=3");
            assertThat(recent.statusCode()).isEqualTo(200);
            JsonNode list = JSON.readTree(recent.body());
            assertThat(list.size()).isEqualTo(3);
            List<String> lastSeen = new ArrayList<>();
            list.forEach(n -> lastSeen.add(n.get("last_seen").asText()));
            assertThat(lastSeen).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            Instant newestPublished = articles.stream().map(Article::getPublishedAt).max(Instant::compareTo).orElseThrow();
            assertThat(Instant.parse(lastSeen.get(0))).isEqualTo(newestPublished);
        }
    }

    @Test
    void metricsExposeCopydeskCountersAndLag() throws Exception {
        String input = harness.settings.get(Settings.INPUT_TOPIC);
        long linked = outputs.annotated().stream().filter(a -> !a.getLinkedTo().isEmpty()).count();
        // the group's committed lag is refreshed every 10 s and client metrics every 5 s: wait for both
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Map<String, Double> all;
        List<Map<String, Double>> each;
        while (true) {
            each = new ArrayList<>();
            for (CopydeskApp app : harness.instances()) {
                HttpResponse<String> r = get(app.httpPort(), "/metrics");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
                each.add(parse(r.body()));
            }
            all = new java.util.HashMap<>();
            for (int i = 0; i < each.size(); i++) {
                for (Map.Entry<String, Double> e : each.get(i).entrySet()) {
                    all.put("i" + i + ":" + e.getKey(), e.getValue());
                }
            }
            boolean lagSeen = each.stream().allMatch(m -> has(m, "copydesk_consumer_group_lag"))
                    && each.stream().allMatch(m -> has(m, "kafka_consumer_fetch_manager_records_lag"));
            if (lagSeen || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        double in = 0;
        double unique = 0;
        double linkedCount = 0;
        double dead = 0;
        for (Map<String, Double> m : each) {
            in += sum(m, "copydesk_articles_in_total");
            unique += sum(m, "copydesk_articles_unique_total");
            linkedCount += sum(m, "copydesk_articles_linked_total");
            dead += sum(m, "copydesk_dead_letters_total", "stage=\"deserialize\"");
        }
        assertThat(in).isEqualTo(ARTICLES + 1);
        assertThat(dead).isEqualTo(1);
        assertThat(unique + linkedCount).isEqualTo(ARTICLES);
        assertThat(linkedCount).isEqualTo(linked);

        for (Map<String, Double> m : each) {
            // consumer lag: the group's committed lag per input partition, and the client's records-lag
            assertThat(has(m, "copydesk_consumer_group_lag")).isTrue();
            assertThat(sum(m, "copydesk_consumer_group_lag", "topic=\"" + input + "\"")).isZero();
            assertThat(m.keySet()).anyMatch(k -> k.startsWith("copydesk_consumer_group_lag{") && k.contains("partition=\"3\""));
            assertThat(has(m, "kafka_consumer_fetch_manager_records_lag")).isTrue();
            assertThat(sum(m, "copydesk_streams_running")).isEqualTo(1);
            assertThat(has(m, "copydesk_rebalances_total")).isTrue();
        }
        Map<String, Double> own = each.get(harness.instances().indexOf(owner));
        // every article was annotated by the owner of the cluster task: latency recorded for each
        assertThat(sum(own, "copydesk_e2e_latency_event_seconds_count")).isEqualTo(ARTICLES);
        assertThat(sum(own, "copydesk_e2e_latency_wall_seconds_count")).isEqualTo(ARTICLES);
        double wallMean = sum(own, "copydesk_e2e_latency_wall_seconds_sum") / ARTICLES;
        assertThat(wallMean).isGreaterThan(0).isLessThan(120);
        // event-time latency: the articles were published months before "now"... or in the future of a test clock
        double eventMean = sum(own, "copydesk_e2e_latency_event_seconds_sum") / ARTICLES;
        assertThat(eventMean).isGreaterThan(wallMean);
        assertThat(sum(own, "copydesk_clusters_open")).isEqualTo(
                outputs.stories().values().stream().filter(c -> c.getAbsorbedInto() == null).count());
        assertThat(sum(own, "copydesk_state_store_entries", "store=\"" + CopydeskTopology.CLUSTER_NODE_STORE + "\""))
                .isEqualTo(ARTICLES);
        double lookups = 0;
        for (Map<String, Double> m : each) {
            lookups += sum(m, "copydesk_shard_lookup_seconds_count");
        }
        assertThat(lookups).isGreaterThanOrEqualTo(ARTICLES);
        double cached = 0;
        for (Map<String, Double> m : each) {
            cached += sum(m, "copydesk_index_cache_bytes");
        }
        assertThat(cached).as("the index tasks' caches of decoded articles").isPositive();
    }

    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(\\{|\\[|\\)|$|\\s)");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "rate", "irate", "increase", "by", "without", "max", "min",
            "avg", "histogram_quantile", "le", "on", "ignoring", "and", "or", "unless", "count", "topk", "clamp_min", "delta",
            "deriv", "label_replace", "instance", "application", "topic", "partition", "store", "stage", "job", "group_left",
            "time", "abs", "offset", "bool", "vector", "scalar", "quantile", "sort_desc", "idelta", "changes", "resets");

    /** Metric names a PromQL expression refers to (words followed by a selector, a range or the end). */
    static Set<String> metricNames(String expr) {
        Set<String> names = new HashSet<>();
        String noStrings = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\[[^\\]]*\\]", "[]");
        Matcher m = METRIC.matcher(noStrings);
        while (m.find()) {
            String w = m.group(1);
            if (!PROMQL_WORDS.contains(w) && w.contains("_")) {
                names.add(w);
            }
        }
        return names;
    }

    @Test
    void everyDashboardQueryNamesAnExposedMetric() throws Exception {
        JsonNode dash = JSON.readTree(Files.readString(OpsTesting.dockerDir().resolve("grafana/dashboards/copydesk.json")));
        Set<String> exposed = new HashSet<>();
        for (CopydeskApp app : harness.instances()) {
            long t0 = System.nanoTime();
            String text = get(app.httpPort(), "/metrics").body();
            Map<String, Double> series0 = parse(text);
            System.out.printf("scrape of instance :%d: %d series, %d KB, %.1f ms%n", app.httpPort(), series0.size(),
                    text.length() / 1024, (System.nanoTime() - t0) / 1e6);
            for (String series : series0.keySet()) {
                exposed.add(series.contains("{") ? series.substring(0, series.indexOf('{')) : series);
            }
        }
        List<String> titles = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : dash.get("panels")) {
            if (!panel.has("targets")) {
                continue;
            }
            titles.add(panel.get("title").asText());
            assertThat(panel.get("targets").size()).as(panel.get("title").asText()).isPositive();
            for (JsonNode t : panel.get("targets")) {
                String expr = t.get("expr").asText();
                Set<String> names = metricNames(expr);
                assertThat(names).as("metric names in " + expr).isNotEmpty();
                assertThat(exposed).as("panel '" + panel.get("title").asText() + "': " + expr).containsAll(names);
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(7);
        assertThat(String.join("|", titles).toLowerCase())
                .contains("lag", "throughput", "unique", "dead letter", "latency", "state", "rebalance", "stream thread time");
    }
}
