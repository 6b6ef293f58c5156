package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README, The CLI, reset: "the internal repartition/changelog topics are deleted" — those of {@code application.id}.
 * Kafka's StreamsResetter on its own deletes every {@code <application.id>-*-changelog} and {@code -repartition} topic,
 * so {@code reset} of the app {@code copydesk} also deleted the state of {@code copydesk-demo}, of a running
 * {@code backtest --broker} ({@code copydesk-backtest-XXXXXXXX}) or of any other app whose id starts with
 * {@code copydesk-} on the same cluster (found in review).
 */
class ResetOtherApplicationsTest {

    @TempDir
    Path tmp;

    @Test
    void resetDeletesItsOwnInternalTopicsAndNotThoseOfAnAppWhoseIdExtendsItsOwn() throws Exception {
        String app = SharedBroker.unique("review-prefix");
        String input = SharedBroker.topic(app + ".articles", 1);
        String own = SharedBroker.topic(app + "-band-shards-repartition", 1);
        String otherApps = SharedBroker.topic(app + "-backtest-1234abcd-shard-passages-changelog", 1);
        String otherApps2 = SharedBroker.topic(app + "-eu-by-article-repartition", 1);

        Run r = reset(app, input);
        assertThat(r.code).as(r.out + r.err).isZero();
        Set<String> names = topicsAfterDeletes(own);
        assertThat(names).as("topics after reset of " + app).doesNotContain(own).contains(otherApps, otherApps2, input);
    }

    @Test
    void resetWithNoInternalTopicsLeftMovesOffsetsAndDeletesNoOtherAppsTopics() throws Exception {
        String app = SharedBroker.unique("review-prefix");
        String input = SharedBroker.topic(app + ".articles", 1);
        String otherApps = SharedBroker.topic(app + "-demo-clusters-changelog", 1);
        TopicPartition tp = new TopicPartition(input, 0);
        try (Admin admin = admin()) {
            try (var p = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                    "bootstrap.servers", SharedBroker.bootstrapServers()),
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(input, "k" + i, "v"));
                }
            }
            admin.alterConsumerGroupOffsets(app, Map.of(tp, new OffsetAndMetadata(3))).all().get();

            Run r = reset(app, input);
            assertThat(r.code).as(r.out + r.err).isZero();
            assertThat(admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get().get(tp).offset()).isZero();
            Thread.sleep(1000); // a delete, had there been one, is seen at once by this single broker's metadata
            assertThat(admin.listTopics().names().get()).contains(otherApps, input);
        }
    }

    /**
     * "--dry-run: Show what would be done; change nothing." With --force, StreamsResetter removed the group's active
     * members in a dry run too, which makes a running instance leave its tasks (found in review).
     */
    @Test
    void aDryRunWithForceLeavesTheActiveMembersInTheGroup() throws Exception {
        String app = SharedBroker.unique("review-dryrun");
        String input = SharedBroker.topic(app + ".articles", 1);
        SharedBroker.topic(app + "-band-shards-repartition", 1);
        try (var member = joinedMember(app, input); Admin admin = admin()) {
            Run r = reset(app, input, "--dry-run", "--force");
            assertThat(r.code).as(r.out + "\n" + r.err).isZero();
            assertThat(admin.describeConsumerGroups(java.util.List.of(app)).describedGroups().get(app).get().members())
                    .as("members of the group after reset --dry-run --force\n" + r.out).isNotEmpty();
            assertThat(admin.listTopics().names().get()).as("a dry run deletes nothing").contains(app + "-band-shards-repartition");
        }
    }

    /**
     * README: "--dry-run prints the plan (offsets, internal topics, and the members --force would remove)". Without
     * --force it stopped at the first active member with the error a reset gives, before the offsets (found by a fresh
     * user, who ran it while an instance was up to see what a reset would do).
     */
    @Test
    void aDryRunWithAnActiveMemberShowsThePlanAndTheMembers() throws Exception {
        String app = SharedBroker.unique("fresh-dryrun");
        String input = SharedBroker.topic(app + ".articles", 1);
        SharedBroker.topic(app + "-band-shards-repartition", 1);
        try (var member = joinedMember(app, input); Admin admin = admin()) {
            Run r = reset(app, input, "--dry-run");
            assertThat(r.code).as(r.out + "\n" + r.err).isZero();
            String clientId = admin.describeConsumerGroups(java.util.List.of(app)).describedGroups().get(app).get()
                    .members().iterator().next().clientId();
            assertThat(r.out)
                    .contains("active members of group " + app + ": 1 (a reset refuses until they have left")
                    .contains("(client " + clientId + " on ")
                    .contains("Topic: " + input + " Partition: 0 Offset: 0")
                    .contains("internal topics to delete: " + app + "-band-shards-repartition")
                    .endsWith("dry run: nothing changed\n");
            assertThat(admin.describeConsumerGroups(java.util.List.of(app)).describedGroups().get(app).get().members())
                    .as("members of the group after reset --dry-run").isNotEmpty();
        }
    }

    /**
     * An instance still in the group: StreamsResetter refused with its own "ERROR: ..." and a stack trace on stderr; reset
     * now says so in one line, before it changes anything (found in review).
     */
    @Test
    void aResetWithAnActiveMemberSaysSoInOneLineAndChangesNothing() throws Exception {
        String app = SharedBroker.unique("review-members");
        String input = SharedBroker.topic(app + ".articles", 1);
        String own = SharedBroker.topic(app + "-band-shards-repartition", 1);
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try (var member = joinedMember(app, input); Admin admin = admin()) {
            Run r;
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                r = reset(app, input);
            } finally {
                System.setErr(stderr);
            }
            assertThat(r.code).as(r.out + r.err).isEqualTo(1);
            assertThat(r.err.strip().lines()).as(r.err).hasSize(1)
                    .first().asString().contains("still has 1 active member(s): stop every instance first");
            assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).as("written to System.err").doesNotContain("ERROR");
            assertThat(admin.listTopics().names().get()).as("nothing deleted").contains(own);
        }
    }

    /** A consumer in group {@code app} with a partition of {@code input}: an instance that has not left. */
    private static org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> joinedMember(String app, String input) {
        var member = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", SharedBroker.bootstrapServers(), "group.id", app),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        member.subscribe(java.util.List.of(input));
        long deadline = System.currentTimeMillis() + 30_000;
        while (member.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            member.poll(Duration.ofMillis(200));
        }
        assertThat(member.assignment()).as("the member joined").isNotEmpty();
        return member;
    }

    private record Run(int code, String out, String err) {
    }

    private Run reset(String app, String input) {
        return reset(app, input, "--yes");
    }

    /** {@code copydesk reset} of application {@code app} with {@code flags}, on the shared broker. */
    private Run reset(String app, String input, String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("reset"));
        args.addAll(java.util.List.of(flags));
        args.addAll(java.util.List.of("--bootstrap", SharedBroker.bootstrapServers(), "--set", "application.id=" + app,
                "--set", "copydesk.topic.input=" + input, "--set", "state.dir=" + tmp.resolve("state").toString()));
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()));
    }

    /** The topic names once {@code deleted} is gone (deletes are asynchronous), or after 20 s. */
    private static Set<String> topicsAfterDeletes(String deleted) throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.currentTimeMillis() + Duration.ofSeconds(20).toMillis();
            Set<String> names = admin.listTopics().names().get();
            while (names.contains(deleted) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                names = admin.listTopics().names().get();
            }
            return names;
        }
    }
}
