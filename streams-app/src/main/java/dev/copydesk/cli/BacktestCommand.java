package dev.copydesk.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.copydesk.archive.Labels;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.quality.Evaluation;
import dev.copydesk.replay.Backtest;
import dev.copydesk.replay.BrokerBacktest;
import dev.copydesk.replay.SortedArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Runs the copydesk topology offline (TopologyTestDriver, no broker: a running deployment is not"
                + " touched) over an archive, once per sweep value, and writes DIR/assignments.jsonl, DIR/report.json"
                + " and DIR/report.html (precision/recall curve and cluster-size histogram as inline SVG).",
                "Labels (--labels, or a labels.json inside a directory input or beside a file input) add pairwise, B-cubed and ARI figures.",
                "Offline, the stores are in memory unless copydesk.store.type is set (they live only for the run), and"
                + " the index has one shard unless copydesk.index.shards is set (one thread needs no more): the results"
                + " are the same.",
                "The archive is sorted in bounded memory, as for replay (beyond a quarter of the heap, at most 512 MB, in"
                + " sorted runs under java.io.tmpdir, read again by each point that runs the whole topology), and each point"
                + " keeps only what it scores of its outputs. The index's cache of decoded articles takes an eighth of the"
                + " heap, at most 50 MB, unless copydesk.index.cache is set (it changes no result).",
                "--broker runs on the configured cluster instead, under a fresh application id with prefixed topics."})
final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    ArchiveInput archiveInput;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels: JSON Lines {\"id\",\"cluster\"[,\"story\"]} or the seeds' labels.json shape.")
    Path labels;

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...", description = "Runs once per value, e.g. copydesk.passage.threshold=0.4,0.5,0.6.")
    String sweep;

    @Option(names = "--report", required = true, paramLabel = "DIR", description = "Directory for the report files.")
    Path report;

    @Option(names = "--broker", description = "Run on the configured cluster instead of offline: a fresh application id"
            + " (copydesk-backtest-XXXXXXXX), topics prefixed with it and deleted afterwards.")
    boolean broker;

    @Option(names = "--full-sweep", description = "Run the whole topology for every sweep point. By default, offline, a sweep"
            + " of a setting only the link decision reads (copydesk.link.min.share, .min.chain, .chance.rate, .max.chance,"
            + " copydesk.unique.hold) runs it for the first point and decides the others again from that point's index"
            + " answers (recorded under java.io.tmpdir, about the archive's size), and a sweep of copydesk.passage.threshold"
            + " or copydesk.link.min.name.share does so from its lowest value: the same outputs, several times faster.")
    boolean fullSweep;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION", description = "With --broker: how long to wait for the outputs (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        // offline, the stores live only for the run: in memory unless copydesk.store.type is given; and one thread
        // runs every task, so more index shards would only add records (the outputs are the same: OfflineStoresTest)
        Settings settings = config.load(broker ? Map.of() : Map.of(Settings.STORE_TYPE, "memory", Settings.INDEX_SHARDS, "1"));
        Backtest.Sweep sw = sweep == null ? Backtest.Sweep.NONE : Backtest.Sweep.parse(sweep);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path input = archiveInput.input;
        Path labelFile = labels != null ? labels : besideInput(input);
        if (labels != null && !Files.isRegularFile(labels)) {
            throw new ConfigException("--labels " + labels + " does not exist");
        }
        Labels truth;
        try {
            truth = labelFile == null ? null : Labels.read(labelFile);
        } catch (java.io.IOException e) { // a labels file that is not what --labels takes is a usage error, as a missing one is
            throw new ConfigException("labels: " + Errors.message(e));
        }
        ReportDirectory.requireWritable(report);
        SortedArchive sorted = archiveInput.sortShowingProgress(err);
        Backtest.Outcome o;
        try (SortedArchive archive = sorted) {
            if (archive.runs() > 0) {
                err.printf("copydesk: sorted %d articles in %d runs on disk (beyond %d MB in memory); each point that runs"
                        + " the whole topology reads them again%n", archive.size(), archive.runs(), SortedArchive.defaultBudget() >> 20);
                err.flush();
            }
            if (labelFile != null) {
                out.println("labels: " + labelFile + " (" + truth.ids().size() + " articles)");
            }
            long total = archive.size();
            ReplayCommand.ProgressLine bar = ReplayCommand.ProgressLine.onTerminal(err, "backtest");
            long t0 = System.nanoTime();
            try {
                o = Backtest.run(archive, settings, sw, truth, report, input.toString(),
                        (point, n) -> bar.update(n, total, System.nanoTime() - t0), runner(), !fullSweep);
            } finally {
                bar.done();
            }
        }
        for (Backtest.Point p : o.points()) {
            out.printf("%s%d articles, %d clusters, %.1f articles/s%s%s%s%n",
                    p.value() == null ? "" : sw.key() + "=" + p.value() + ": ",
                    p.counts().annotated(), p.clusterSizes().values().stream().mapToInt(Integer::intValue).sum(),
                    p.articlesPerSecond(),
                    // with --broker the work is done by the app's threads, whose CPU time this process does not see
                    p.cpuNanos() > 0 ? String.format(java.util.Locale.ROOT, " (%.1f per CPU second)", p.articlesPerCpuSecond()) : "",
                    p.metrics() == null ? "" : "; " + brief(p.metrics()),
                    p.decidedAgain() ? " (decided again from the index answers of " + sw.key() + "="
                            + o.points().get(p.decidedFrom()).value() + ")" : "");
        }
        out.println("wrote " + report.resolve("assignments.jsonl") + ", " + report.resolve("report.json") + ", "
                + report.resolve("report.html"));
        out.flush();
        return Main.OK;
    }

    private Backtest.Runner runner() {
        if (!broker) {
            return Backtest.OFFLINE;
        }
        java.time.Duration limit = Settings.parseDuration("--timeout", timeout);
        return (archive, s, progress, outputs) -> BrokerBacktest.run(archive, s, limit, java.time.Duration.ofSeconds(3), outputs);
    }

    private static String brief(Evaluation.Metrics m) {
        if (m.articles() == 0) {
            return "no labelled article was in the run: nothing scored (do the labels' ids match the archive's?)";
        }
        return String.format(java.util.Locale.ROOT, "%d labelled articles scored: P=%.4f R=%.4f F1=%.4f B3-F1=%.4f ARI=%.4f"
                        + " clusters mixing stories=%d", m.articles(),
                m.precision(), m.recall(), m.f1(), m.bcubedF1(), m.adjustedRand(), m.crossStoryClusters());
    }

    /** labels.json inside a directory input, or beside a file input. */
    static Path besideInput(Path input) {
        Path dir = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        Path f = dir == null ? null : dir.resolve("labels.json");
        return f != null && Files.isRegularFile(f) ? f : null;
    }
}
