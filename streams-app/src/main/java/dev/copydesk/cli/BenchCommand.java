package dev.copydesk.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.copydesk.bench.ArchivedArticles;
import dev.copydesk.bench.BenchOptions;
import dev.copydesk.bench.BenchReport;
import dev.copydesk.bench.BenchRunner;
import dev.copydesk.config.Settings;
import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.KafkaSchemaStore;
import dev.copydesk.replay.SortedArchive;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures copydesk's throughput and latency against the ceiling of the same machine, in one run.",
                "It runs (a) a pass-through Streams topology that copies the input bytes with copydesk's own Streams/producer"
                + " settings (EOS, 256 KB batches), then (b) the full copydesk topology.",
                "Prints articles/s, the ratio (b)/(a), p50/p99 send-to-output latency, peak heap and state bytes per indexed article;"
                + " then, from the app's Kafka client metrics, the records written and read per article (and per topic) and how the"
                + " stream threads split their time (process, commit, poll, punctuate).",
                "Runs an embedded broker and registry unless --bootstrap is given. Progress goes to stderr.",
                "The articles are generated (wire stories and outlet rewrites, about 4 KB of Avro each on average; see --length), or taken from an archive (--input), in event-time order:",
                "its first --history articles are the index's history, the next --warmup the warm-up, and the rest are measured.",
                "An archive is sorted into runs on disk under java.io.tmpdir (as for replay, but all of it): only the measured"
                + " articles are held in memory, and each phase reads its history and warm-up from the runs."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--count", description = "Articles measured in each phase (default: 50000 generated; with --input, all after the history and warm-up).")
    Integer count;

    @ArgGroup(exclusive = false)
    ArchiveInput archive;

    @Option(names = "--rate", defaultValue = "0", description = "Latency mode: feed at this many articles/s (default: as fast as the producer goes).")
    double rate;

    @Option(names = "--history", defaultValue = "0", description = {"Pre-load the index with this many older articles first (untimed); above 10000 a 10k-history reference row is measured too.",
            "They are fingerprinted here and written into the index's changelog, which the app then restores (see --history-through-topology)."})
    int history;

    @Option(names = "--history-through-topology", description = "Feed the --history articles through the topology instead, like live input (as slow as the topology).")
    boolean historyThroughTopology;

    @Option(names = "--warmup", defaultValue = "200", description = "Older articles fed to each phase before timing starts (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}; not used with --input).")
    long seed;

    @Option(names = "--length", paramLabel = "FACTOR", description = "Generated reports this many times as long as the generator's default, 0.25 to 4"
            + " (default: 2, about 4 KB of Avro per article; 1 gives 2.7 KB; not used with --input).")
    Double length;

    @Option(names = "--json", description = "Print the figures as one JSON object instead of a table.")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write DIR/bench.html (charts per phase: articles sent and come out over "
            + "time, the latency distribution, latency by time sent) and DIR/bench.json (the figures and the charts' bins).")
    Path reportDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw new dev.copydesk.config.ConfigException("--count must be at least 1, got " + count);
        }
        boolean fromArchive = archive != null;
        if (fromArchive && length != null) {
            throw new dev.copydesk.config.ConfigException("--length sets the generator's article length: it has no effect with --input");
        }
        BenchOptions bench = new BenchOptions(count != null ? count : fromArchive ? 0 : 50_000, rate, history, seed, warmup,
                historyThroughTopology, fromArchive, length != null ? length : BenchOptions.DEFAULT_LENGTH);
        Settings settings = options.load();
        if (reportDir != null) {
            ReportDirectory.requireWritable(reportDir);
        }
        BenchReport report;
        // sorted into runs on disk, read once and checked to leave articles to measure, before a broker starts; the
        // history and warm-up are read from the runs again by each phase, and only the measured articles are held
        try (SortedArchive sorted = fromArchive ? archive.sortShowingProgress(spec.commandLine().getErr(), true) : null) {
            ArchivedArticles articles = null;
            if (sorted != null) {
                articles = ArchivedArticles.read(sorted, bench);
                long repeated = articles.repeated();
                if (repeated > 0) {
                    spec.commandLine().getErr().printf("copydesk: left out %d article%s whose id came earlier in the archive"
                            + " (each measured article must come out once)%n", repeated, repeated == 1 ? "" : "s");
                }
            }
            PrintStream err = System.err;
            if (options.bootstrap != null) {
                report = new BenchRunner(settings, bench, articles, err).run();
            } else {
                try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.ephemeral());
                     EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(kafka.bootstrapServers()))) {
                    err.println("embedded broker " + kafka.bootstrapServers() + ", schema registry " + registry.url());
                    report = new BenchRunner(settings.with("bootstrap.servers", kafka.bootstrapServers())
                            .with(Settings.REGISTRY_URL, registry.url()), bench, articles, err).run();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        if (reportDir != null) {
            try {
                report.write(reportDir);
            } catch (IOException e) {
                throw new IOException("--report: cannot write the report into " + reportDir + " (the figures are above): " + e, e);
            }
            spec.commandLine().getErr().println("wrote " + reportDir.resolve("bench.html") + ", " + reportDir.resolve("bench.json"));
        }
        return Main.OK;
    }
}
