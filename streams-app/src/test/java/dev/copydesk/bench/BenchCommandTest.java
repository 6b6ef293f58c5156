package dev.copydesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.cli.Main;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;

/** {@code copydesk bench} end to end on the shared broker with a real HTTP registry, and its report. */
class BenchCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void measuresPassThroughAndFullTopologyInOneRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path reportDir = tmp.resolve("report");
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            Run r = bench("--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url(), "--count", "200", "--warmup", "20",
                    "--set", "copydesk.topic.partitions=2", "--report", reportDir.toString());
            assertThat(r.code()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).startsWith("copydesk bench: 200 articles").contains("exactly_once_v2", "2 partitions",
                    "generated (seed 42, length 2.0)");
            // the issue's ~4 KB articles by default (the generator's own default is 2.7 KB)
            java.util.regex.Matcher kb = java.util.regex.Pattern.compile("articles of (\\d+\\.\\d) KB mean").matcher(lines.get(0));
            assertThat(kb.find()).as(lines.get(0)).isTrue();
            assertThat(Double.parseDouble(kb.group(1))).isBetween(3.5, 4.6);
            assertThat(lines.get(1)).contains("articles/s", "ratio", "p50 ms", "p99 ms", "peak heap", "live heap", "state B/art");
            String pass = row(lines, "pass-through");
            String full = row(lines, "copydesk");
            // both phases saw all 200 articles come out, and the full topology kept state
            assertThat(pass.split("\\s+")[1]).isEqualTo("20");
            assertThat(pass.split("\\s+")[2]).isEqualTo("200");
            assertThat(full.split("\\s+")[2]).isEqualTo("200");
            assertThat(stateBytesPerArticle(full)).isPositive();
            assertThat(stateBytesPerArticle(pass)).isZero();
            assertThat(lines).anyMatch(l -> l.matches("ratio copydesk / pass-through: \\d+\\.\\d{3}"));
            // Kafka's client metrics, over the warm-up and the measured articles: the pass-through reads and writes exactly one
            // record per article; copydesk's record path reads each article, its header, at least one shard batch, one shard
            // answer and one cluster event, and writes those and more (outputs, changelogs)
            double[] passClients = clients(lines, "pass-through");
            double[] fullClients = clients(lines, "copydesk");
            assertThat(passClients).containsExactly(1.0, 1.0, 220);
            assertThat(fullClients[2]).isEqualTo(220);
            assertThat(fullClients[1]).isGreaterThanOrEqualTo(5.0);
            assertThat(fullClients[0]).isGreaterThan(fullClients[1]);
            assertThat(lines).anyMatch(l -> l.matches("copydesk: .*; stream thread: process \\d+%, commit \\d+%, poll \\d+%, punctuate \\d+%"));
            assertReportChartsBothPhases(reportDir);
        }
        assertNothingLeftOnTheBroker();
    }

    /**
     * {@code --report}: per phase, the timeline's bins count every measured article once as sent and once as come out,
     * span the phase, and have p99 ≥ p50; the page draws a throughput and a latency chart for each phase.
     */
    private static void assertReportChartsBothPhases(java.nio.file.Path dir) throws Exception {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(json.get("phases")).hasSize(2);
        for (JsonNode phase : json.get("phases")) {
            JsonNode t = phase.get("timeline");
            assertThat(t).as(phase.get("phase").asText()).isNotNull();
            int sent = 0;
            int out = 0;
            for (int i = 0; i < t.get("sent").size(); i++) {
                sent += t.get("sent").get(i).asInt();
                out += t.get("out").get(i).asInt();
                if (!t.get("p50_ms").get(i).isNull()) {
                    assertThat(t.get("p99_ms").get(i).asDouble()).isGreaterThanOrEqualTo(t.get("p50_ms").get(i).asDouble());
                    assertThat(t.get("p50_ms").get(i).asDouble()).isPositive();
                } else {
                    assertThat(t.get("sent").get(i).asInt()).isZero();
                }
            }
            assertThat(sent).isEqualTo(200);
            assertThat(out).isEqualTo(200);
            JsonNode clients = phase.get("clients"); // the table's client figures, with the counts behind them
            assertThat(clients.get("articles").asInt()).isEqualTo(220);
            assertThat(clients.get("complete").asBoolean()).isTrue(); // no client replaced: every article fed on the output
            assertThat(clients.get("records_sent_per_article").asDouble())
                    .isEqualTo(clients.get("records_sent").asDouble() / 220, org.assertj.core.data.Offset.offset(0.001));
            long byTopic = 0;
            for (JsonNode n : clients.get("records_sent_by_topic")) {
                byTopic += n.asLong();
            }
            assertThat(byTopic).as("the topics' records add up to the client's").isEqualTo(clients.get("records_sent").asLong());
            // the ratios are sampled while the measured articles run: the copydesk phase takes seconds, so many samples
            assertThat(clients.get("ratio_samples").asInt()).isGreaterThanOrEqualTo(phase.get("phase").asText().equals("copydesk") ? 5 : 1);
            double sum = 0;
            for (String ratio : List.of("process_ratio", "commit_ratio", "poll_ratio", "punctuate_ratio")) {
                assertThat(clients.get(ratio).isNumber()).as(ratio).isTrue();
                assertThat(clients.get(ratio).asDouble()).as(ratio).isBetween(0.0, 1.0);
                sum += clients.get(ratio).asDouble();
            }
            if (phase.get("phase").asText().equals("copydesk")) { // a mean of many loops' shares (one sample can mix two loops)
                assertThat(sum).as("shares of the threads' loops").isBetween(0.5, 1.1);
            }
            assertThat(t.get("sent").size() * t.get("bin_seconds").asDouble()).isGreaterThanOrEqualTo(phase.get("seconds").asDouble());
        }
        String html = java.nio.file.Files.readString(dir.resolve("bench.html"));
        for (JsonNode phase : json.get("phases")) {
            String name = phase.get("phase").asText();
            assertThat(html).contains(name + ": articles sent and come out", name + ": latency distribution");
        }
        // as fast as the producer goes: no latency-by-time chart (that is for --rate)
        assertThat(html).doesNotContain("latency by time sent");
        assertThat(html.split("<svg ", -1)).hasSize(5);
        assertThat(html).contains("data-name=\"sent\"", "data-name=\"come out\"", "data-name=\"articles\"");
    }

    /** The bench's topics and its apps' consumer groups (all named bench-XXXXXXXX...) are gone after a run. */
    private static void assertNothingLeftOnTheBroker() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith("bench-"));
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).noneMatch(g -> g.startsWith("bench-"));
        }
    }

    @Test
    void historyIsPreloadedIntoTheIndexThenTheWarmUpAndMeasuredArticlesRun() throws Exception {
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            Run r = bench("--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url(), "--count", "100", "--warmup", "10",
                    "--history", "300", "--set", "copydesk.topic.partitions=2");
            assertThat(r.code()).as(r.err()).isZero();
            String full = row(r.out().lines().toList(), "copydesk");
            assertThat(full.split("\\s+")[1]).isEqualTo("310"); // preloaded plus warm-up, all indexed before timing
            assertThat(full.split("\\s+")[2]).isEqualTo("100");
        }
        assertNothingLeftOnTheBroker();
    }

    /**
     * {@code --input}: the archive's first articles (in event-time order) are the history and the warm-up, the rest are
     * measured; a malformed line is skipped, an id met again left out, and an article the app rejects comes out on the
     * dead-letter topic and counts as come out.
     */
    @Test
    void anArchiveIsMeasuredAfterItsHistoryAndWarmUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path archive = tmp.resolve("a.jsonl");
        assertThat(Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "generate", "--count", "120",
                "--span", "1h", "--seed", "5", "--output", archive.toString(), "--labels", tmp.resolve("l.jsonl").toString())).isZero();
        ObjectMapper m = new ObjectMapper();
        List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(archive));
        com.fasterxml.jackson.databind.node.ObjectNode empty = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(lines.get(100));
        empty.put("id", "empty-body").put("body", "  ");
        com.fasterxml.jackson.databind.node.ObjectNode again = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(lines.get(60));
        again.put("title", "The same id once more");
        lines.add(empty.toString());
        lines.add(again.toString());
        lines.add("{not an article");
        java.nio.file.Files.write(archive, lines);
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            Run r = bench("--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url(), "--input", archive.toString(),
                    "--history", "30", "--warmup", "10", "--json", "--set", "copydesk.topic.partitions=2");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("copydesk: skipped malformed item at a.jsonl:123: invalid JSON",
                    "copydesk: left out 1 article whose id came earlier in the archive");
            JsonNode j = m.readTree(r.out());
            int measured = 121 - 30 - 10; // 120 generated and the empty one; the repeated id and the bad line left out
            assertThat(j.get("count").asInt()).isEqualTo(measured);
            assertThat(j.get("setup").asText()).startsWith("archive of 121 articles (2026-");
            JsonNode pass = j.get("phases").get(0);
            JsonNode full = j.get("phases").get(1);
            assertThat(pass.get("pre_fed").asInt()).isEqualTo(10);
            assertThat(full.get("pre_fed").asInt()).isEqualTo(40); // history preloaded into the index, then the warm-up
            assertThat(pass.get("articles").asInt()).isEqualTo(measured);
            assertThat(full.get("articles").asInt()).isEqualTo(measured);
            assertThat(pass.get("dead_lettered").asInt()).isZero();    // the pass-through copies bytes, rejecting nothing
            assertThat(full.get("dead_lettered").asInt()).isEqualTo(1); // the empty body
        }
        assertNothingLeftOnTheBroker();
        // a history and warm-up that leave nothing to measure: a usage error, before a broker starts
        Run tooFew = bench("--input", archive.toString(), "--history", "100", "--warmup", "21");
        assertThat(tooFew.code()).isEqualTo(Main.USAGE);
        assertThat(tooFew.err()).contains("copydesk: --input has 121 articles: --history 100 and --warmup 21 leave none to measure");
    }

    private static double stateBytesPerArticle(String row) {
        String[] cols = row.split("\\s+");
        return Double.parseDouble(cols[cols.length - 1]);
    }

    /** From a phase's client line: records written per article, records read per article, articles. */
    private static double[] clients(List<String> lines, String phase) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(phase) + ": (\\d+\\.\\d\\d) records written and (\\d+\\.\\d\\d) read per article fed \\(every topic, (\\d+) articles\\).*");
        for (String l : lines) {
            java.util.regex.Matcher m = p.matcher(l);
            if (m.matches()) {
                return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
            }
        }
        throw new AssertionError("no client figures of " + phase + " in " + lines);
    }

    private static String row(List<String> lines, String phase) {
        return lines.stream().filter(l -> l.matches(phase + " +\\d+ .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " row in " + lines));
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnythingStarts() {
        Run r = bench("--count", "0");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err().strip()).isEqualTo("copydesk: --count must be at least 1, got 0");
        assertThat(bench("--rate", "-5").code()).isEqualTo(Main.USAGE);
        Run tooLong = bench("--length", "9");
        assertThat(tooLong.code()).isEqualTo(Main.USAGE);
        assertThat(tooLong.err().strip()).isEqualTo("copydesk: --length must be between 0.25 and 4.0, got 9.0");
        Run withArchive = bench("--length", "2", "--input", "no-such-archive.jsonl");
        assertThat(withArchive.code()).isEqualTo(Main.USAGE);
        assertThat(withArchive.err().strip()).isEqualTo("copydesk: --length sets the generator's article length: it has no effect with --input");
    }

    @Test
    void jsonCarriesTheTableFiguresAndRatios() throws Exception {
        BenchReport report = new BenchReport(new BenchOptions(1000, 0, 100_000, 1, 0, false), 3000, "test", List.of(
                new PhaseResult("pass-through", 0, 1000, 0.5, 10, 20, 100 << 20, 50 << 20, 0),
                new PhaseResult("copydesk", 10_000, 1000, 1.0, 30, 40, 200 << 20, 150 << 20, 11_000_000),
                new PhaseResult("copydesk", 100_000, 1000, 1.25, 30, 50, 300 << 20, 250 << 20, 101_000_000)));
        JsonNode j = new ObjectMapper().readTree(report.json());
        assertThat(j.get("phases")).hasSize(3);
        assertThat(j.get("phases").get(0).get("articles_per_s").asDouble()).isEqualTo(2000.0);
        assertThat(j.get("ratio").asDouble()).isEqualTo(0.4);          // 800/s over 2000/s
        assertThat(j.get("history_ratio").asDouble()).isEqualTo(0.8);  // 800/s with 100k over 1000/s with 10k
        assertThat(j.get("phases").get(2).get("state_bytes_per_article").asDouble()).isEqualTo(1000.0);
        assertThat(j.get("phases").get(2).get("live_heap_bytes").asLong()).isEqualTo(250L << 20);
        assertThat(report.table()).contains("ratio with 100000 / with 10000 articles indexed before timing: 0.800");
    }
}
