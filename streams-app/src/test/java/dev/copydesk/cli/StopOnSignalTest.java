package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verbs stopped by SIGTERM (the same path as Ctrl-C) finish their work and exit with the README's codes, not the signal's
 * status (143). A replay says how far it got and how to go on, and every article it counts as sent is on the topic; it
 * used to end with no summary, with what the producer still buffered never sent. {@code archive --follow} writes what it
 * read and exits 0; it used to wait 10 s and exit 143 (found in review), and kept what it read in its buffer until the end.
 * The broker: {@code CliTest}.
 */
class StopOnSignalTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermStopsAReplayWithASummaryOfWhatWasSent() throws Exception {
        Path archive = generate("a.jsonl", 300, 7);
        String topic = SharedBroker.topic(SharedBroker.unique("replay-signal"), 2);
        Path log = tmp.resolve("replay.log");
        int exit;
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            Process replay = copydesk(log, "replay", "--input", archive.toString(), "--topic", topic, "--rate", "25/s",
                    "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url());
            try {
                long sentSoFar = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (sentSoFar < 20 && System.nanoTime() < deadline) { // 300 articles at 25/s would take 12 s
                    assertThat(replay.isAlive()).as(Files.readString(log)).isTrue();
                    Thread.sleep(100);
                    sentSoFar = count(topic);
                }
                replay.destroy(); // SIGTERM: the same shutdown path as Ctrl-C
                assertThat(replay.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
                exit = replay.exitValue();
            } finally {
                replay.destroyForcibly();
            }
        }
        String out = Files.readString(log);
        assertThat(exit).as("exit code of a replay stopped before its end (README: 1, failed while running)\n" + out).isEqualTo(1);
        Matcher m = Pattern.compile("replay stopped by a signal: (\\d+) of 300 articles sent; to go on, replay again with --from (\\S+)")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        long sent = Long.parseLong(m.group(1));
        assertThat(sent).as(out).isBetween(20L, 299L);
        assertThat(out).contains("replayed " + sent + " articles to " + topic);
        assertThat(count(topic)).as("records on the topic: every article counted as sent, no more").isEqualTo(sent);
    }

    @Test
    void sigtermEndsArchiveFollowWithItsSummaryAndExitZero() throws Exception {
        Path archive = generate("b.jsonl", 30, 8);
        String topic = SharedBroker.topic(SharedBroker.unique("archive-follow-signal"), 2);
        Path dump = tmp.resolve("dump.jsonl");
        Path log = tmp.resolve("archive.log");
        int exit;
        long seconds;
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            StringWriter replayed = new StringWriter();
            assertThat(Main.execute(new PrintWriter(replayed), new PrintWriter(replayed), "replay", "--input", archive.toString(),
                    "--topic", topic, "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url()))
                    .as(replayed.toString()).isZero();
            Process follow = copydesk(log, "archive", "--topic", topic, "--output", dump.toString(), "--follow",
                    "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((!Files.exists(dump) || Files.readAllLines(dump).size() < 30) && System.nanoTime() < deadline) {
                    assertThat(follow.isAlive()).as(Files.readString(log)).isTrue();
                    Thread.sleep(200);
                }
                // following, records reach the file as they come (they stayed in the writer's buffer until the end)
                assertThat(Files.readAllLines(dump)).as("lines in the file while following").hasSize(30);
                long t0 = System.nanoTime();
                follow.destroy();
                assertThat(follow.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
                seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
                exit = follow.exitValue();
            } finally {
                follow.destroyForcibly();
            }
        }
        String out = Files.readString(log);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("archived 30 records of " + topic);
        assertThat(Files.readAllLines(dump)).hasSize(30);
        assertThat(seconds).as("stopped within a few seconds of the signal").isLessThan(8);
    }

    private Path generate(String name, int count, int seed) {
        Path archive = tmp.resolve(name);
        assertThat(Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "generate",
                "--count", Integer.toString(count), "--seed", Integer.toString(seed), "--output", archive.toString())).isZero();
        return archive;
    }

    /** copydesk with {@code args} as a child process, its output into {@code log}. */
    private static Process copydesk(Path log, String... args) throws java.io.IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "dev.copydesk.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
