package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.testing.SharedBroker;
import dev.copydesk.testing.SharedData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay, archive, backtest and reset as a user runs them. */
class ReplayVerbsCliTest {
    static CliTest.Run cli(String... args) {
        return CliTest.cli(args);
    }

    @TempDir
    Path tmp;

    @Test
    void everyNewVerbHasHelp() {
        for (String verb : List.of("replay", "archive", "backtest", "reset")) {
            CliTest.Run r = cli(verb, "--help");
            assertThat(r.code()).as(verb).isZero();
            assertThat(r.out()).as(verb).contains("Usage: copydesk " + verb);
        }
        assertThat(cli("replay", "--help").out()).contains("--speed", "--rate", "--as-fast-as-possible", "--strict", "CreateTime");
    }

    @Test
    void replayReportsMalformedLinesByNumberAndArchiveDumpsTheTopic() throws Exception {
        Path f = tmp.resolve("in.jsonl");
        Files.write(f, List.of(
                "{\"id\":\"x2\",\"source\":\"s\",\"title\":\"Two\",\"body\":\"Second.\",\"published_at\":\"2025-01-02T00:00:00Z\"}",
                "not json at all",
                "{\"id\":\"x1\",\"source\":\"s\",\"title\":\"One\",\"body\":\"First.\",\"published_at\":\"2025-01-01T00:00:00Z\"}"));
        String topic = SharedBroker.topic(SharedBroker.unique("cli-replay"), 1); // keeps everything (the broker's default here)
        String week = SharedBroker.unique("cli-replay-week");
        SharedBroker.get().createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(week, 1, (short) 1)
                .configs(Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())))));
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            CliTest.Run r = cli("replay", "--input", f.toString(), "--topic", topic, "--bootstrap", SharedBroker.bootstrapServers(),
                    "--registry", registry.url(), "--speed", "100000x");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("in.jsonl:2", "invalid JSON").doesNotContain("warning: topic");

            // a topic that keeps 7 days: replay says the 2025 articles will be deleted soon, and the broker does
            CliTest.Run w = cli("replay", "--input", f.toString(), "--topic", week, "--bootstrap", SharedBroker.bootstrapServers(),
                    "--registry", registry.url(), "--speed", "100000x");
            assertThat(w.code()).as(w.err()).isZero();
            assertThat(w.err()).contains("warning: topic " + week + " has retention.ms=", "shorter than the age");
            assertDeletedByTheBroker(week);

            // checked before the archive is read (which can take minutes): no line about its malformed item
            CliTest.Run missing = cli("replay", "--input", f.toString(), "--topic", "no-such-topic-" + topic,
                    "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url());
            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.err().strip().lines()).hasSize(1);
            assertThat(missing.err()).contains("does not exist");
            assertThat(r.out()).contains("replayed 2 articles", "1 malformed");

            CliTest.Run strict = cli("replay", "--input", f.toString(), "--topic", topic, "--bootstrap", SharedBroker.bootstrapServers(),
                    "--registry", registry.url(), "--strict");
            assertThat(strict.code()).isEqualTo(1);
            assertThat(strict.err().strip().lines()).hasSize(1);
            assertThat(strict.err()).contains("in.jsonl:2");

            Path out = tmp.resolve("dump.jsonl");
            CliTest.Run a = cli("archive", "--topic", topic, "--output", out.toString(), "--bootstrap", SharedBroker.bootstrapServers(),
                    "--registry", registry.url());
            assertThat(a.code()).as(a.err()).isZero();
            assertThat(a.out()).contains("archived 2 records");
            assertThat(Files.readAllLines(out)).hasSize(2).first().asString().contains("\"id\":\"x1\"", "\"_kafka\"");
        }
    }

    @Test
    void aSweepOfAnUnusedSettingIsAUsageError() {
        CliTest.Run r = cli("backtest", "--input", tmp.toString(), "--report", tmp.resolve("r").toString(), "--sweep", "copydesk.http.port=1,2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void backtestWorksOnTheSeedsWithTheirLabels() throws Exception {
        Path seeds = SharedData.require("seeds");
        Path report = tmp.resolve("r");
        CliTest.Run r = cli("backtest", "--input", seeds.toString(), "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("labels: " + seeds.resolve("labels.json"), "articles/s", "F1=");
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        JsonNode point = json.path("points").get(0);
        assertThat(point.path("counts").path("annotated").asInt()).isEqualTo(json.path("archive").path("articles").asInt()).isPositive();
        assertThat(point.path("metrics").path("articles").asInt()).isPositive();
        assertThat(Files.readAllLines(report.resolve("assignments.jsonl"))).hasSize(point.path("counts").path("annotated").asInt());
        assertThat(report.resolve("report.html")).exists();
    }

    /** Waits (20 s at most; the test broker applies retention every second) until a topic's records are deleted. */
    private static void assertDeletedByTheBroker(String topic) throws Exception {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            assertThat(c.endOffsets(List.of(p)).get(p)).as("records written to " + topic).isPositive();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (c.beginningOffsets(List.of(p)).get(p) < c.endOffsets(List.of(p)).get(p) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(c.beginningOffsets(List.of(p)).get(p)).as("records left in " + topic).isEqualTo(c.endOffsets(List.of(p)).get(p));
        }
    }

    @Test
    void backtestKeepsItsStoresInMemoryAndOneShardUnlessSetAndTheResultsAreTheSame() throws Exception {
        Path set = tmp.resolve("set.jsonl");
        assertThat(cli("generate", "--count", "60", "--output", set.toString(), "--labels", tmp.resolve("l.jsonl").toString()).code()).isZero();
        Path memory = tmp.resolve("memory");
        Path rocks = tmp.resolve("rocksdb");
        CliTest.Run m = cli("backtest", "--input", set.toString(), "--report", memory.toString());
        CliTest.Run r = cli("backtest", "--input", set.toString(), "--report", rocks.toString(), "--set", "copydesk.store.type=rocksdb",
                "--set", "copydesk.index.shards=4");
        Path sharded = tmp.resolve("sharded");
        CliTest.Run f = cli("backtest", "--input", set.toString(), "--report", sharded.toString(), "--set", "copydesk.index.shards=4");
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(f.code()).as(f.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(memory.resolve("report.json").toFile()).path("settings").path("copydesk.store.type").asText()).isEqualTo("memory");
        assertThat(json.readTree(rocks.resolve("report.json").toFile()).path("settings").path("copydesk.store.type").asText()).isEqualTo("rocksdb");
        assertThat(json.readTree(memory.resolve("report.json").toFile()).path("settings").path("copydesk.index.shards").asText()).isEqualTo("1");
        assertThat(json.readTree(rocks.resolve("report.json").toFile()).path("settings").path("copydesk.index.shards").asText()).isEqualTo("4");
        List<String> assignments = Files.readAllLines(memory.resolve("assignments.jsonl"));
        assertThat(assignments).hasSize(60).isEqualTo(Files.readAllLines(rocks.resolve("assignments.jsonl")));
        assertThat(assignments).isEqualTo(Files.readAllLines(sharded.resolve("assignments.jsonl")));
        assertThat(cli("backtest", "--help").out().replaceAll("\\s+", " ")).contains("in memory unless copydesk.store.type is set")
                .contains("one shard unless copydesk.index.shards is set");
    }

    @Test
    void resetMovesInputOffsetsToEarliestDeletesInternalTopicsAndLocalState() throws Exception {
        String app = SharedBroker.unique("cli-reset");
        String input = SharedBroker.topic(app + ".articles", 1);
        String internal = SharedBroker.topic(app + "-band-shards-repartition", 1);
        Path stateDir = tmp.resolve("state");
        Files.createDirectories(stateDir.resolve(app).resolve("0_0"));
        Files.writeString(stateDir.resolve(app).resolve("0_0/.checkpoint"), "x");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(app, Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(0))).all().get();
            try (var p = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                    "bootstrap.servers", SharedBroker.bootstrapServers()),
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(input, "k" + i, "v"));
                }
            }
            admin.alterConsumerGroupOffsets(app, Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(3))).all().get();

            CliTest.Run r = cli("reset", "--yes", "--bootstrap", SharedBroker.bootstrapServers(), "--set", "application.id=" + app,
                    "--set", "copydesk.topic.input=" + input, "--set", "state.dir=" + stateDir);
            assertThat(r.code()).as(r.out() + r.err()).isZero();

            long offset = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(input, 0)).offset();
            assertThat(offset).isZero();
            long deadline = System.currentTimeMillis() + Duration.ofSeconds(20).toMillis();
            Set<String> names = admin.listTopics().names().get();
            while (names.contains(internal) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                names = admin.listTopics().names().get();
            }
            assertThat(names).contains(input).doesNotContain(internal);
            assertThat(stateDir.resolve(app)).doesNotExist();
        }
    }

    @Test
    void backtestOnTheBrokerWritesTheReport() throws Exception {
        Path set = tmp.resolve("set.jsonl");
        Path labels = tmp.resolve("labels.jsonl");
        assertThat(cli("generate", "--count", "20", "--output", set.toString(), "--labels", labels.toString()).code()).isZero();
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            Path report = tmp.resolve("rb");
            CliTest.Run r = cli("backtest", "--broker", "--input", set.toString(), "--labels", labels.toString(), "--report", report.toString(),
                    "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url(),
                    "--set", "copydesk.topic.partitions=1", "--set", "commit.interval.ms=100", "--timeout", "3m");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("20 articles", "F1=");
            JsonNode point = new ObjectMapper().readTree(report.resolve("report.json").toFile()).path("points").get(0);
            assertThat(point.path("metrics").path("articles").asInt()).isEqualTo(20);
            assertThat(Files.readAllLines(report.resolve("assignments.jsonl"))).hasSize(20);
        }
    }
}
