package dev.copydesk.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.replay.SortedArchive;
import dev.copydesk.replay.Replayer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays an archive (JSON Lines, .jsonl.gz, a directory of .txt articles, or an Avro container file)"
                + " to a topic as Avro Article records, in event-time order, with record timestamp = published_at.",
                "The topic needs message.timestamp.type=CreateTime and a retention longer than the archive's age.",
                "Malformed items are reported with their line and skipped; an article whose time the topic would refuse"
                        + " (message.timestamp.after.max.ms / before.max.ms) is named and not sent.",
                "An archive beyond a quarter of the heap (at most 512 MB) is sorted in runs on disk under java.io.tmpdir"
                        + " (about its size, compressed; -Djava.io.tmpdir=DIR to move them), deleted at the end.",
                "Ctrl-C or SIGTERM stops it once what it sent is acknowledged: it says how far it got and the --from to go on"
                        + " (exit 1)."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    ArchiveInput archiveInput;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Target topic (default: copydesk.topic.input).")
    String topic;

    @ArgGroup(exclusive = true)
    PaceOptions pace;

    static final class PaceOptions {
        @Option(names = "--speed", paramLabel = "Nx", description = "Replay event time N times faster, e.g. 10x.")
        String speed;

        @Option(names = "--rate", paramLabel = "N/s", description = "Send N articles per second, e.g. 200/s.")
        String rate;

        @Option(names = "--as-fast-as-possible", description = "No pacing (the default).")
        boolean fast;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load();
        Replayer.Pace p = pace();
        String target = topic != null ? topic : settings.get(Settings.INPUT_TOPIC);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // the topic is checked before a read that can take minutes; its retention against the oldest article after
        java.util.Set<String> warned = new java.util.HashSet<>();
        warn(Replayer.checkTopic(settings, target, null), warned, err);
        SortedArchive sorted = archiveInput.sortShowingProgress(err);
        try (SortedArchive archive = sorted) {
            if (archive.runs() > 0) {
                err.printf("copydesk: sorted %d articles in %d runs on disk (beyond %d MB in memory)%n", archive.size(),
                        archive.runs(), SortedArchive.defaultBudget() >> 20);
            }
            warn(Replayer.checkTopic(settings, target, archive.oldest()), warned, err);
            return replay(archive, settings, p, target, out, err);
        }
    }

    private static void warn(java.util.List<String> warnings, java.util.Set<String> warned, PrintWriter err) {
        for (String w : warnings) {
            if (warned.add(w)) {
                err.println("copydesk: warning: " + w);
            }
        }
        err.flush();
    }

    private int replay(SortedArchive archive, Settings settings, Replayer.Pace p, String target, PrintWriter out,
                       PrintWriter err) throws InterruptedException {
        ProgressLine bar = ProgressLine.onTerminal(err, "replay");
        // SIGTERM or Ctrl-C: stop sending, let what was sent be acknowledged, and say where the replay stopped
        try (SignalStop signal = SignalStop.install("replay-stop")) {
            Replayer.Summary s;
            try {
                s = Replayer.replay(archive, target, settings, p, bar, signal::requested);
            } finally {
                archive.close(); // its runs on disk deleted before a signal's hook halts the JVM (at the end of this block)
            }
            bar.done();
            for (String r : s.refused()) {
                err.println("copydesk: not sent: " + r);
            }
            err.flush();
            out.printf("replayed %d articles to %s in %.1f s (%.0f/s)%s; read %d items, %d malformed (skipped), %d outside --from/--to%s%n",
                    s.sent(), target, s.nanos() / 1e9, s.perSecond(),
                    s.first() == null ? "" : ", published " + s.first() + " .. " + s.last(), archive.read(),
                    archive.malformed(), archive.outOfRange(),
                    s.refused().isEmpty() ? "" : ", " + s.refused().size() + " not sent (timestamp refused by the topic)");
            if (s.stopped()) {
                err.println("copydesk: replay stopped by a signal: " + s.sent() + " of " + archive.size() + " articles sent"
                        + (s.last() == null ? "" : "; to go on, replay again with --from " + s.last()
                        + " (an article sent again keeps its first decision)"));
            }
            out.flush();
            err.flush();
            return signal.exit(s.stopped() ? Main.FAILED : Main.OK);
        }
    }

    private Replayer.Pace pace() {
        if (pace == null || pace.fast) {
            return Replayer.Pace.FAST;
        }
        if (pace.speed != null) {
            return Replayer.Pace.speed(number("--speed", pace.speed, "x"));
        }
        return Replayer.Pace.rate(number("--rate", pace.rate, "/s"));
    }

    private static double number(String flag, String value, String suffix) {
        String v = value.trim();
        if (v.endsWith(suffix)) {
            v = v.substring(0, v.length() - suffix.length());
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + " must be a number like 10" + suffix + ", got '" + value + "'");
        }
    }

    /** A carriage-return progress line (count, rate, ETA) on a terminal; silent otherwise. */
    static final class ProgressLine implements Replayer.Progress {
        private final PrintWriter err;
        private final String what;
        private final boolean on;
        private long lastPrint;
        private boolean printed;

        private ProgressLine(PrintWriter err, String what, boolean on) {
            this.err = err;
            this.what = what;
            this.on = on;
        }

        static ProgressLine onTerminal(PrintWriter err, String what) {
            return new ProgressLine(err, what, System.console() != null);
        }

        /** Prints at most every 200 ms; {@code total} below 0: not known. */
        @Override
        public void update(long done, long total, long elapsedNanos) {
            if (!on || (elapsedNanos - lastPrint < 200_000_000L && done != total)) {
                return;
            }
            lastPrint = elapsedNanos;
            double rate = elapsedNanos == 0 ? 0 : done * 1e9 / elapsedNanos;
            if (total < 0) { // not known yet: a count and a rate
                err.printf("\r%s %d articles %.0f/s ", what, done, rate);
                err.flush();
                printed = true;
                return;
            }
            long eta = rate == 0 ? 0 : (long) ((total - done) / rate);
            int width = 30;
            int fill = total == 0 ? width : (int) (width * done / total);
            err.printf("\r%s [%s%s] %d/%d %.0f/s ETA %d:%02d ", what, "=".repeat(fill), " ".repeat(width - fill),
                    done, total, rate, eta / 60, eta % 60);
            err.flush();
            printed = true;
        }

        void done() {
            if (printed) {
                err.println();
                err.flush();
            }
        }
    }
}
