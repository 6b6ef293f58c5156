package dev.copydesk.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.copydesk.config.ConfigException;
import dev.copydesk.replay.LoadedArchive;
import picocli.CommandLine.Option;

/** The archive options of {@code replay} and {@code backtest}: input, time range, strictness. */
final class ArchiveInput {
    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Archive: JSON Lines (.jsonl, .jsonl.gz), a directory of .txt articles, or an Avro container file.")
    Path input;

    @Option(names = "--from", paramLabel = "TS", description = "Only articles published at or after TS (ISO-8601 or a date).")
    String from;

    @Option(names = "--to", paramLabel = "TS", description = "Only articles published before TS.")
    String to;

    @Option(names = "--strict", description = "Stop at the first malformed item instead of reporting and skipping it.")
    boolean strict;

    /** Reads the archive, sorted by event time; malformed items are reported on {@code err} (with their line numbers). */
    LoadedArchive load(java.io.PrintWriter err) throws java.io.IOException {
        if (!Files.exists(input)) {
            throw new ConfigException("--input " + input + " does not exist");
        }
        LoadedArchive archive = LoadedArchive.load(input, LoadedArchive.parseTime("--from", from),
                LoadedArchive.parseTime("--to", to), strict);
        int shown = 0;
        for (var r : archive.problems()) {
            if (shown++ == 50) {
                err.println("copydesk: ... and " + (archive.problems().size() - 50) + " more malformed items");
                break;
            }
            err.println("copydesk: skipped malformed item at " + r.origin() + ": " + r.error());
        }
        err.flush();
        return archive;
    }
}
