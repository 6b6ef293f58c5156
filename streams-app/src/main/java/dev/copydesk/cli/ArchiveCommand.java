package dev.copydesk.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.copydesk.config.Settings;
import dev.copydesk.replay.LoadedArchive;
import dev.copydesk.replay.TopicArchiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Dumps a topic (input or any output) to JSON Lines with record timestamps, reading committed"
                + " records only and decoding Avro through the registry; stops at the end offsets seen at the start.",
                "An archive of the input topic can be replayed with 'copydesk replay'. Avro bytes fields (a dead letter's"
                        + " original key and value) are written in base64; a value that is not Avro is kept as UTF-8 text. A"
                        + " record that cannot be decoded (unknown schema id, corrupt Avro, bytes that are not UTF-8) is kept as"
                        + " value_base64 with the reason in _undecodable; a key that is not UTF-8, as key_base64."})
final class ArchiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to dump (default: copydesk.topic.input).")
    String topic;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "JSON Lines file to write (gzip when it ends in .gz).")
    Path output;

    @Option(names = "--from", paramLabel = "TS", description = "Only records with a timestamp at or after TS (ISO-8601 or a date).")
    String from;

    @Option(names = "--to", paramLabel = "TS", description = "Only records with a timestamp before TS.")
    String to;

    @Option(names = "--follow", description = "Keep reading new records, writing each to the file as it comes, until Ctrl-C or SIGTERM (exit 0).")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load();
        String t = topic != null ? topic : settings.get(Settings.INPUT_TOPIC);
        // with --follow, Ctrl-C or SIGTERM ends the dump (exit 0), after what was read is written
        try (SignalStop signal = follow ? SignalStop.install("archive-stop") : null) {
            TopicArchiver.Summary s = TopicArchiver.archive(settings, t, output, LoadedArchive.parseTime("--from", from),
                    LoadedArchive.parseTime("--to", to), follow, () -> signal != null && signal.requested());
            spec.commandLine().getOut().printf("archived %d records of %s (%d partitions) to %s; %d outside --from/--to%s%n",
                    s.written(), t, s.partitions(), output, s.skippedByTime(), s.undecodable() == 0 ? ""
                            : "; " + s.undecodable() + " undecodable (kept as value_base64, the reason in _undecodable)");
            spec.commandLine().getOut().flush();
            return signal == null ? Main.OK : signal.exit(Main.OK);
        }
    }
}
