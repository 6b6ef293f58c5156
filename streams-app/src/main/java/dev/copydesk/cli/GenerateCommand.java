package dev.copydesk.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a labelled archive of generated wire stories and outlet rewrites (JSON Lines, gzip when FILE ends in .gz).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--count", paramLabel = "N", defaultValue = "1000", description = "Articles (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Archive to write (.jsonl or .jsonl.gz).")
    Path output;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels to write: JSON Lines {\"id\",\"cluster\",\"story\",\"kind\",\"difficulty\"}.")
    Path labels;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same archive (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "TS", defaultValue = "2026-01-05T06:00:00Z",
            description = "Start of the time window the articles are published in, [start, start + span], not the time of"
                    + " the first article (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--span", paramLabel = "DURATION", defaultValue = "2d", description = "Time the articles spread over (default: ${DEFAULT-VALUE}).")
    String span;

    @Option(names = "--length", paramLabel = "FACTOR", defaultValue = "1",
            description = "Reports this many times as long as by default, 0.25 to 4 (default: ${DEFAULT-VALUE}, 2.7 KB of Avro per"
                    + " article on average; 2 gives about 4 KB; above 3 little changes, as a topic's templates run out). Rewrites follow their wire story.")
    double length;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (count <= 0) {
            throw new dev.copydesk.config.ConfigException("--count must be > 0");
        }
        Duration d = Settings.parseDuration("--span", span);
        if (d.isNegative() || d.isZero()) {
            throw new dev.copydesk.config.ConfigException("--span must be a duration above zero, got '" + span + "'");
        }
        String lengthProblem = WireStoryGenerator.lengthProblem(length);
        if (lengthProblem != null) {
            throw new dev.copydesk.config.ConfigException("--length " + lengthProblem);
        }
        long n = new WireStoryGenerator(seed).withLength(length).write(count, start, d, output, labels);
        System.out.println("wrote " + n + " articles to " + output + (labels == null ? "" : ", labels to " + labels));
        return Main.OK;
    }
}
