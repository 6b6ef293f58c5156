package dev.copydesk.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.ops.GroupLag;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Prints the consumer lag of the app's group (application.id): per partition, the committed offset, the end offset and the lag.",
                "The input topic's partitions are listed even before the group commits. Exit code 1 when a partition's lag is over --max-lag."})
final class LagCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group (default: application.id).")
    String group;

    @Option(names = "--max-lag", paramLabel = "N", description = "Exit 1 when any partition's lag is over N (with --watch: mark those rows).")
    Long maxLag;

    @Option(names = "--watch", description = "Refresh the table until stopped (Ctrl-C).")
    boolean watch;

    @Option(names = "--interval", defaultValue = "5s", description = "Refresh interval with --watch (default: ${DEFAULT-VALUE}).")
    String interval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        String g = group != null ? group : settings.get("application.id");
        Duration every = Settings.parseDuration("--interval", interval);
        if (maxLag != null && maxLag < 0) {
            throw new ConfigException("--max-lag must be >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = CopydeskApp.admin(settings)) {
            while (true) {
                List<GroupLag.PartitionLag> rows = fetch(admin, g, settings);
                boolean over = print(out, g, rows);
                if (!watch) {
                    return over ? Main.FAILED : Main.OK;
                }
                // nobody reads any more (`lag --watch | head`): stop instead of writing into a closed pipe. picocli's writer
                // wraps System.out, a PrintStream that keeps the write error to itself
                if (out.checkError() || System.out.checkError()) {
                    return Main.OK;
                }
                Thread.sleep(Math.max(200, every.toMillis()));
            }
        }
    }

    private static List<GroupLag.PartitionLag> fetch(Admin admin, String group, Settings settings) throws InterruptedException {
        String bootstrap = settings.get("bootstrap.servers");
        try {
            return GroupLag.fetch(admin, group, List.of(settings.get(Settings.INPUT_TOPIC)), 15_000);
        } catch (TimeoutException e) {
            throw new ConfigException("cannot reach Kafka at " + bootstrap + " (no answer in 15 s)");
        } catch (ExecutionException e) {
            throw new ConfigException("cannot read the offsets of group " + group + " at " + bootstrap + ": " + e.getCause().getMessage());
        }
    }

    /** Prints the table; returns whether a partition is over --max-lag. */
    boolean print(PrintWriter out, String group, List<GroupLag.PartitionLag> rows) {
        int w = Math.max(5, rows.stream().mapToInt(r -> r.topic().length()).max().orElse(5));
        String fmt = "%-" + w + "s %9s %12s %12s %10s%s%n";
        out.printf("group %s at %s%n", group, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        out.printf(fmt, "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "");
        long total = 0;
        boolean over = false;
        for (GroupLag.PartitionLag r : rows) {
            boolean bad = maxLag != null && r.lag() > maxLag;
            over |= bad;
            total += r.lag();
            out.printf(fmt, r.topic(), r.partition(), r.committed() < 0 ? "-" : Long.toString(r.committed()), r.end(), r.lag(),
                    bad ? "  over " + maxLag : "");
        }
        out.printf("total lag %d over %d partitions%s%n", total, rows.size(),
                maxLag == null ? "" : over ? " (over --max-lag " + maxLag + ")" : " (within --max-lag " + maxLag + ")");
        if (!rows.isEmpty() && rows.stream().allMatch(r -> r.committed() < 0)) {
            // a typo'd --group or application.id reads as an app that has processed nothing (found by a fresh user)
            out.printf("group %s has committed no offset on these partitions: it has not processed anything yet, or it is"
                    + " not the app's group (check --group or application.id)%n", group);
        }
        out.flush();
        return over;
    }
}
