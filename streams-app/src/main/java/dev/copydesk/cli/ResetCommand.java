package dev.copydesk.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.app.StateLayout;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.TopologySettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Resets the application (application.id) so it reprocesses its input from the start: wraps Kafka's"
                + " StreamsResetter (input topics to earliest for the app's consumer group, internal repartition and"
                + " changelog topics deleted), deletes the topic where the app recorded its state layout"
                + " (<application.id>-copydesk-state-layout), then deletes the local state directory.",
                "Stop every instance first. Asks for confirmation unless --yes."})
final class ResetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--dry-run", description = "Show what would be done; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Remove active members of the consumer group first (instances that did not stop cleanly).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load();
        String appId = settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
        String input = settings.get(Settings.INPUT_TOPIC);
        String bootstrap = settings.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        Path state = stateDir(settings).resolve(appId);
        PrintWriter out = spec.commandLine().getOut();
        SortedSet<String> own = CopydeskTopology.internalTopics(TopologySettings.from(settings), appId);
        out.printf("reset of application '%s' on %s:%n  input topic %s -> earliest offsets%n"
                        + "  internal topics %s -> deleted%n  state layout %s -> deleted%n"
                        + "  local state %s -> deleted%n",
                appId, bootstrap, input, String.join(", ", own), StateLayout.topic(appId), state);
        out.flush();
        if (!dryRun && !yes && !confirm(out, appId)) {
            out.println("reset cancelled");
            out.flush();
            return Main.FAILED;
        }
        // only this application's internal topics: StreamsResetter on its own deletes every <app id>-*-changelog and
        // -repartition topic, also those of other applications whose id starts with this one and a dash
        List<String> internal = existing(settings, own);
        if (internal.isEmpty() || dryRun) {
            // none left to delete (never run, or reset before), and StreamsResetter has no way to delete none; or a
            // dry run, which StreamsResetter given --force does not keep to: it removes the group's active members
            resetInputOffsets(settings, appId, input, out);
            if (dryRun) {
                out.println("internal topics to delete: " + (internal.isEmpty() ? "none" : String.join(", ", internal)));
            }
        } else {
            runStreamsResetter(settings, appId, bootstrap, input, internal);
        }
        if (!dryRun) {
            deleteLayout(settings, StateLayout.topic(appId));
            deleteTree(state);
        }
        out.println(dryRun ? "dry run: nothing changed" : "reset done: application " + appId + " will reprocess " + input + " from the start");
        out.flush();
        return Main.OK;
    }

    /** Those of the topics that exist on the cluster. */
    private static List<String> existing(Settings settings, SortedSet<String> own) throws Exception {
        try (Admin admin = CopydeskApp.admin(settings)) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return own.stream().filter(topics::contains).toList();
        }
    }

    /**
     * Moves the group's committed offsets on the input topic to the earliest, as StreamsResetter does, for when no
     * internal topic of the application is left to delete.
     */
    private void resetInputOffsets(Settings settings, String group, String input, PrintWriter out) throws Exception {
        try (Admin admin = CopydeskApp.admin(settings)) {
            // a dry run shows the members (the plan, whatever stands in its way) where a reset without --force refuses
            List<MemberDescription> members = activeMembers(admin, group, force || dryRun);
            if (!members.isEmpty() && dryRun) {
                out.println("active members of group " + group + ": " + members.size() + (force ? " (--force would remove them)"
                        : " (a reset refuses until they have left: stop the instances, or give --force to remove them)"));
                for (MemberDescription m : members) {
                    out.println("  " + m.consumerId() + " (client " + m.clientId() + " on " + m.host() + ")");
                }
            } else if (!members.isEmpty()) {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all().get(30, TimeUnit.SECONDS);
            }
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(input)) {
                throw new IllegalStateException("input topic " + input + " does not exist");
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(List.of(input)).allTopicNames().get(30, TimeUnit.SECONDS).get(input).partitions()
                    .forEach(p -> earliest.put(new TopicPartition(input, p.partition()), OffsetSpec.earliest()));
            Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            if (dryRun) {
                out.println("input offsets the group would start from:");
            }
            offsets.forEach((tp, o) -> out.println("Topic: " + tp.topic() + " Partition: " + tp.partition() + " Offset: " + o.offset()));
            if (!dryRun) {
                out.println("no internal topics of " + group + " to delete");
            }
            out.flush();
            if (!dryRun) {
                admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The group's active members; unless {@code force}, there must be none (said in one line here: StreamsResetter prints
     * its own error and stack trace).
     */
    private static List<MemberDescription> activeMembers(Admin admin, String group, boolean force) throws Exception {
        List<MemberDescription> members = List.of();
        try {
            members = new ArrayList<>(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(30, TimeUnit.SECONDS).members());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        if (!members.isEmpty() && !force) {
            throw new IllegalStateException("consumer group '" + group + "' still has " + members.size()
                    + " active member(s): stop every instance first (a stopped one stays in the group until its session"
                    + " times out, 45 s by default), or give --force to remove them");
        }
        return members;
    }

    private void runStreamsResetter(Settings settings, String appId, String bootstrap, String input, List<String> internal)
            throws Exception {
        try (Admin admin = CopydeskApp.admin(settings)) {
            activeMembers(admin, appId, force);
        }
        Path clientConfig = Files.createTempFile("copydesk-reset-", ".properties");
        try {
            Properties p = new Properties();
            settings.kafkaProperties().forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                    p.setProperty(k, String.valueOf(v));
                }
            });
            try (Writer w = Files.newBufferedWriter(clientConfig, StandardCharsets.UTF_8)) {
                p.store(w, "copydesk reset");
            }
            List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--application-id", appId,
                    "--input-topics", input, "--to-earliest", "--command-config", clientConfig.toString(),
                    "--internal-topics", String.join(",", internal)));
            if (dryRun) {
                args.add("--dry-run");
            }
            if (force) {
                args.add("--force");
            }
            int code = new StreamsResetter().execute(args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("StreamsResetter failed (exit " + code + ") for application " + appId
                        + "; are all instances stopped? (--force removes active members)");
            }
        } finally {
            Files.deleteIfExists(clientConfig);
        }
    }

    /** Deletes the topic where the app recorded its state layout ({@link StateLayout}), when it exists. */
    private static void deleteLayout(Settings settings, String topic) throws Exception {
        try (Admin admin = CopydeskApp.admin(settings)) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The state.dir the app runs with: the setting, or copydesk's default ({@link CopydeskApp#streamsProperties}). */
    static Path stateDir(Settings settings) {
        return Path.of(CopydeskApp.streamsProperties(settings).getProperty(StreamsConfig.STATE_DIR_CONFIG));
    }

    private boolean confirm(PrintWriter out, String appId) throws IOException {
        out.print("type the application id (" + appId + ") to go on: ");
        out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line != null && line.trim().equals(appId);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
