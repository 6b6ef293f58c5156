package dev.copydesk.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.ListOffsetsOptions;

/**
 * A post-mortem for a streams test that timed out: per partition of the application's topics, the end
 * offset, the last stable offset (where read_committed readers stop; below the end while a transaction
 * is open) and the application's committed position; then the tail of the application's log.
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /**
     * As {@link #describe(String, Map, Path)}, after asking the app's JVM for a thread dump (SIGQUIT: it prints
     * one to its output, which is {@code log}); the stacks of its stream and state-updater threads are added.
     */
    public static String describe(String bootstrap, Map<String, String> app, Path log, Process process) {
        StringBuilder out = new StringBuilder(describe(bootstrap, app, log));
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
                Thread.sleep(1000);
                boolean in = false;
                out.append("stream threads of the app (thread dump):\n");
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith("\"")) {
                        in = line.contains("StreamThread") || line.contains("StateUpdater");
                    }
                    if (in) {
                        out.append("  ").append(line).append('\n');
                    }
                }
            } catch (Exception e) {
                out.append("(thread dump unavailable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    public static String describe(String bootstrap, Map<String, String> app, Path log) {
        StringBuilder out = new StringBuilder();
        String appId = app.get("application.id");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 10_000, "default.api.timeout.ms", 20_000))) {
            List<String> topics = new ArrayList<>();
            for (String t : admin.listTopics().names().get(20, TimeUnit.SECONDS)) {
                if (t.startsWith(appId) || app.containsValue(t)) {
                    topics.add(t);
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            for (var d : admin.describeTopics(topics).allTopicNames().get(20, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(20, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(20, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
            out.append("partition: end / last stable / committed by ").append(appId).append('\n');
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                long e = end.get(tp).offset();
                long s = stable.get(tp).offset();
                out.append("  ").append(tp).append(": ").append(e).append(" / ").append(s)
                        .append(s < e ? " (open transaction)" : "").append(" / ").append(c == null ? "-" : c.offset()).append('\n');
            }
            out.append("active transactions: ");
            admin.listTransactions().all().get(20, TimeUnit.SECONDS).forEach(t ->
                    out.append(t.transactionalId()).append('=').append(t.state()).append(' '));
            out.append('\n');
        } catch (Exception e) {
            out.append("(offsets unavailable: ").append(e).append(")\n");
        }
        try {
            List<String> lines = Files.readAllLines(log);
            out.append("last lines of ").append(log).append(":\n");
            lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(l -> out.append("  ").append(l).append('\n'));
        } catch (Exception e) {
            out.append("(log unavailable: ").append(e).append(")\n");
        }
        return out.toString();
    }
}
