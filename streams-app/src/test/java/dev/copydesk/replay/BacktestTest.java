package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.archive.Labels;
import dev.copydesk.config.Settings;
import dev.copydesk.quality.Evaluation;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline backtests on the generator's labelled set: report files, metrics equal to the quality harness, sweeps. */
class BacktestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path archive;
    static Path labels;

    @BeforeAll
    static void generate() throws Exception {
        archive = tmp.resolve("set.jsonl.gz");
        labels = tmp.resolve("labels.jsonl");
        new WireStoryGenerator(7L).write(160, Instant.parse("2026-02-01T00:00:00Z"), Duration.ofHours(12), archive, labels);
    }

    /** The topology's own order: time, then id (of two articles published at once, the greater id is the newer). */
    @Test
    void anArchiveIsReplayedByTimeThenIdSoThatTiesNeverLookLate() throws Exception {
        Path ties = tmp.resolve("ties.jsonl");
        String body = "\"body\": \"The minister said on Tuesday that talks would resume next week.\"";
        Files.writeString(ties, String.join("\n",
                "{\"id\": \"c\", \"source\": \"x\", \"title\": \"t\", " + body + ", \"published_at\": \"2026-02-01T10:00:00Z\"}",
                "{\"id\": \"b\", \"source\": \"x\", \"title\": \"t\", " + body + ", \"published_at\": \"2026-02-01T09:00:00Z\"}",
                "{\"id\": \"a\", \"source\": \"x\", \"title\": \"t\", " + body + ", \"published_at\": \"2026-02-01T10:00:00Z\"}"));
        List<String> order = LoadedArchive.load(ties, null, null, false).articles().stream().map(a -> a.getId()).toList();
        assertThat(order).containsExactly("b", "a", "c");
    }

    @Test
    void writesTheThreeFilesWithMetricsEqualToTheQualityHarness() throws Exception {
        Path dir = tmp.resolve("report");
        LoadedArchive in = LoadedArchive.load(archive, null, null, false);
        Labels truth = Labels.read(labels);
        Backtest.run(in, Settings.defaults(), Backtest.Sweep.NONE, truth, dir, archive.toString(), null);

        // the quality harness on the same articles
        OfflineRunner.Result reference = OfflineRunner.run(in.articles(), Settings.defaults(), null);
        Evaluation.Metrics expected = Evaluation.evaluate(reference.finalClusters(), truth.copyCluster(), truth.storyCluster());
        assertThat(expected.articles()).isEqualTo(160);

        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        JsonNode point = report.path("points").get(0);
        assertThat(JSON.treeToValue(point.path("metrics"), Evaluation.Metrics.class)).isEqualTo(expected);
        assertThat(point.path("counts").path("annotated").asInt()).isEqualTo(160);
        assertThat(point.path("articles_per_second").asDouble()).isPositive();
        assertThat(report.path("settings").path(Settings.RETENTION).asText()).isEqualTo("P3D");

        List<String> rows = Files.readAllLines(dir.resolve("assignments.jsonl"));
        assertThat(rows).hasSize(160);
        Map<String, String> predicted = new HashMap<>();
        for (String row : rows) {
            JsonNode n = JSON.readTree(row);
            predicted.put(n.path("id").asText(), n.path("cluster").asText());
            assertThat(n.path("canonical").asText()).isNotEmpty();
        }
        assertThat(predicted).isEqualTo(reference.finalClusters());
        // a canonical article belongs to its cluster
        for (String row : rows) {
            JsonNode n = JSON.readTree(row);
            assertThat(predicted.get(n.path("canonical").asText())).isEqualTo(n.path("cluster").asText());
        }

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg", "class=\"bar\"", "class=\"point\"").doesNotContain("<script", "src=", "href=");
    }

    @Test
    void aSweepOfTwoThresholdsGivesTwoCurvePointsThatReachTheTopology() throws Exception {
        Path dir = tmp.resolve("sweep");
        Backtest.Outcome o = Backtest.run(LoadedArchive.load(archive, null, null, false), Settings.defaults(),
                Backtest.Sweep.parse(Settings.PASSAGE_THRESHOLD + "=0.3,0.95"), Labels.read(labels), dir, "set", null);
        assertThat(o.points()).hasSize(2);
        JsonNode points = JSON.readTree(dir.resolve("report.json").toFile()).path("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).path("value").asText()).isEqualTo("0.3");
        assertThat(points.get(1).path("value").asText()).isEqualTo("0.95");
        // the threshold really changes the run: a near-exact threshold verifies fewer passage pairs
        assertThat(o.points().get(1).counts().evidence()).isLessThan(o.points().get(0).counts().evidence());
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html.split("class=\"point\"", -1)).hasSize(3);
        assertThat(html).contains("0.3", "0.95");
        assertThat(dir.resolve("assignments-0.jsonl")).exists();
        assertThat(dir.resolve("assignments-1.jsonl")).exists();
    }

    /**
     * A sweep of a threshold the index applies runs the whole topology once, at its lowest value, and decides the other
     * points again from those index answers: the report and assignments of each point are those of a sweep that runs the
     * whole topology for every point ({@code --full-sweep}).
     */
    @Test
    void aThresholdSweepRunsTheIndexOnceAtItsLowestValueWithTheOutputsOfAFullSweep() throws Exception {
        Backtest.Sweep sweep = Backtest.Sweep.parse(Settings.PASSAGE_THRESHOLD + "=0.9,0.3,0.6");
        Path reused = tmp.resolve("reused");
        Path full = tmp.resolve("full");
        // the sweep decided again reads an archive sorted on disk (runs of about 20 articles), once per point; the full
        // sweep, the archive in memory
        try (SortedArchive onDisk = SortedArchive.sort(archive, null, null, false, 64 << 10)) {
            assertThat(onDisk.runs()).isGreaterThan(4);
            Backtest.run(onDisk, Settings.defaults(), sweep, Labels.read(labels), reused, "set", null, Backtest.OFFLINE, true);
        }
        Backtest.run(SortedArchive.of(LoadedArchive.load(archive, null, null, false)), Settings.defaults(), sweep,
                Labels.read(labels), full, "set", null, Backtest.OFFLINE, false);
        JsonNode r = JSON.readTree(reused.resolve("report.json").toFile()).path("points");
        JsonNode f = JSON.readTree(full.resolve("report.json").toFile()).path("points");
        assertThat(List.of(r.get(0).path("candidates").asText(), r.get(1).path("candidates").asText(), r.get(2).path("candidates").asText()))
                .containsExactly("decided again from point 1", "indexed", "decided again from point 1");
        assertThat(f.findValuesAsText("candidates")).containsExactly("indexed", "indexed", "indexed");
        assertThat(Files.readString(reused.resolve("report.html")).split("\\(decided again\\)", -1)).hasSize(3);
        assertThat(Files.readString(full.resolve("report.html"))).doesNotContain("decided again");
        for (int i = 0; i < 3; i++) {
            assertThat(r.get(i).path("value")).isEqualTo(f.get(i).path("value"));
            assertThat(r.get(i).path("metrics")).isEqualTo(f.get(i).path("metrics"));
            assertThat(r.get(i).path("counts")).isEqualTo(f.get(i).path("counts"));
            assertThat(Files.readAllLines(reused.resolve("assignments-" + i + ".jsonl")))
                    .isEqualTo(Files.readAllLines(full.resolve("assignments-" + i + ".jsonl")));
        }
        assertThat(Files.readAllLines(reused.resolve("assignments.jsonl"))).isEqualTo(Files.readAllLines(full.resolve("assignments.jsonl")));
        // the points differ: the comparison is between outputs the threshold changes
        assertThat(r.get(0).path("counts").path("evidence").asInt()).isNotEqualTo(r.get(1).path("counts").path("evidence").asInt());
    }

    @Test
    void linkRuleSettingsReachTheTopology() throws Exception {
        Settings base = Settings.defaults();
        dev.copydesk.detect.LinkConfig d = dev.copydesk.detect.LinkConfig.defaults();
        assertThat(dev.copydesk.topology.TopologySettings.from(base).linkConfig()).isEqualTo(d);
        assertThat(dev.copydesk.topology.TopologySettings.from(base.with(Settings.LINK_MIN_CHAIN, "5")
                .with(Settings.LINK_MIN_SHARE, "0.6").with(Settings.LINK_MIN_NAME_SHARE, "0.7")
                .with(Settings.PASSAGE_THRESHOLD, "0.55")).linkConfig())
                .isEqualTo(new dev.copydesk.detect.LinkConfig(0.55, 5, 0.6, d.shortArticle(), 0.7));
        assertThat(dev.copydesk.topology.TopologySettings.from(base.with(Settings.LINK_CHANCE_RATE, "0.2")
                .with(Settings.LINK_MAX_CHANCE, "0")).linkConfig())
                .isEqualTo(new dev.copydesk.detect.LinkConfig(d.passageThreshold(), d.minChain(), d.minShare(),
                        d.shortArticle(), d.minNameShare(), 0.2, 0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.copydesk.topology.TopologySettings.from(
                base.with(Settings.LINK_CHANCE_RATE, "0"))).isInstanceOf(dev.copydesk.config.ConfigException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.copydesk.topology.TopologySettings.from(
                base.with(Settings.LINK_MIN_SHARE, "1.5"))).isInstanceOf(dev.copydesk.config.ConfigException.class);

        // the whole shorter article as an ordered chain (chance test off): rewrites that drop or reorder sentences
        // no longer link
        Settings shareOnly = base.with(Settings.LINK_MAX_CHANCE, "0");
        Backtest.Outcome o = Backtest.run(LoadedArchive.load(archive, null, null, false), shareOnly,
                Backtest.Sweep.parse(Settings.LINK_MIN_SHARE + "=0.3,1.0"), Labels.read(labels), tmp.resolve("link"), "set", null);
        assertThat(o.points().get(1).metrics().recall()).isLessThan(o.points().get(0).metrics().recall());
        // with that share, the chance test brings back the long chains
        Backtest.Outcome c = Backtest.run(LoadedArchive.load(archive, null, null, false), base.with(Settings.LINK_MIN_SHARE, "1.0"),
                Backtest.Sweep.parse(Settings.LINK_MAX_CHANCE + "=0,0.01"), Labels.read(labels), tmp.resolve("chance"), "set", null);
        assertThat(c.points().get(1).metrics().recall()).isGreaterThan(c.points().get(0).metrics().recall());
    }

    @Test
    void aSweepOfASettingTheTopologyIgnoresIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backtest.Sweep.parse("copydesk.http.port=1,2"))
                .isInstanceOf(dev.copydesk.config.ConfigException.class).hasMessageContaining("no effect");
    }
}
