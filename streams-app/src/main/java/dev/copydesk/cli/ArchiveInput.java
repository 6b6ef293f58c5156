package dev.copydesk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.copydesk.config.ConfigException;
import dev.copydesk.replay.LoadedArchive;
import dev.copydesk.replay.SortedArchive;
import picocli.CommandLine.Option;

/** The archive options of {@code replay}, {@code backtest} and {@code bench}: input, time range, strictness. */
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

    /**
     * Reads the archive sorted by event time in bounded memory ({@link SortedArchive}: beyond {@code budgetBytes}, sorted
     * runs on disk; with {@code toDisk}, all of it); malformed items are reported on {@code err} (with their line numbers).
     * The caller closes it.
     */
    SortedArchive sort(java.io.PrintWriter err, long budgetBytes, java.util.function.LongConsumer progress, boolean toDisk)
            throws java.io.IOException {
        requireExists();
        Instant start = LoadedArchive.parseTime("--from", from);
        Instant end = LoadedArchive.parseTime("--to", to);
        SortedArchive archive = toDisk ? SortedArchive.sortToDisk(input, start, end, strict, budgetBytes, progress)
                : SortedArchive.sort(input, start, end, strict, budgetBytes, progress);
        report(archive.problems(), archive.malformed(), err);
        return archive;
    }

    /**
     * As {@link #sort} with the default budget ({@link SortedArchive#defaultBudget}), showing the articles read so far on
     * {@code err} when it is a terminal.
     */
    SortedArchive sortShowingProgress(java.io.PrintWriter err) throws java.io.IOException {
        return sortShowingProgress(err, false);
    }

    /** As {@link #sortShowingProgress(java.io.PrintWriter)}; with {@code toDisk}, none of the articles stays in memory. */
    SortedArchive sortShowingProgress(java.io.PrintWriter err, boolean toDisk) throws java.io.IOException {
        ReplayCommand.ProgressLine reading = ReplayCommand.ProgressLine.onTerminal(err, "reading");
        long t0 = System.nanoTime();
        try {
            return sort(err, SortedArchive.defaultBudget(), n -> reading.update(n, -1, System.nanoTime() - t0), toDisk);
        } finally {
            reading.done();
        }
    }

    private void requireExists() {
        if (!Files.exists(input)) {
            throw new ConfigException("--input " + input + " does not exist");
        }
    }

    /** The first 50 of {@code problems} (the first of {@code total} malformed items), then how many more there were. */
    private static void report(java.util.List<dev.copydesk.archive.ArchiveRecord> problems, long total, java.io.PrintWriter err) {
        int shown = 0;
        for (var r : problems) {
            if (shown++ == 50) {
                err.println("copydesk: ... and " + (total - 50) + " more malformed items");
                break;
            }
            err.println("copydesk: skipped malformed item at " + r.origin() + ": " + r.error());
        }
        err.flush();
    }
}
