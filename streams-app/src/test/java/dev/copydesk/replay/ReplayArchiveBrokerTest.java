package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.archive.ArchiveReader;
import dev.copydesk.archive.ArticleJson;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay and archive against the shared embedded broker and a real HTTP registry. */
class ReplayArchiveBrokerTest {
    static EmbeddedRegistryServer registry;
    static Settings settings;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
        settings = Settings.defaults().with("bootstrap.servers", SharedBroker.bootstrapServers())
                .with(Settings.REGISTRY_URL, registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static Article article(String id, String time) {
        return Article.newBuilder().setId(id).setSource("outlet-" + id).setTitle("Title " + id)
                .setBody("Body of " + id + ". A second sentence.").setPublishedAt(Instant.parse(time)).build();
    }

    /** Out-of-order archive lines, with two malformed lines (4 and 6). */
    static final List<Article> OUT_OF_ORDER = List.of(
            article("c", "2025-03-01T12:00:00Z"), article("a", "2025-03-01T08:00:00Z"),
            article("d", "2025-03-02T09:30:00Z"), article("b", "2025-03-01T10:15:00Z"));

    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Article a : OUT_OF_ORDER) {
            lines.add(ArticleJson.toJson(a));
        }
        lines.add(3, "{\"id\": \"broken\", \"source\": ");
        lines.add(5, "{\"id\": \"no-time\", \"source\": \"s\", \"title\": \"t\", \"body\": \"b\"}");
        return lines;
    }

    List<ConsumerRecord<String, Article>> readAll(String topic, int expected) {
        Map<String, Object> cfg = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, Article>> out = new ArrayList<>();
        try (KafkaConsumer<String, Article> c = new KafkaConsumer<>(cfg, new StringDeserializer(),
                AvroSerdes.specific(Article.class, Map.of(Settings.REGISTRY_URL, registry.url()), false).deserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void outOfOrderGzipArchiveIsProducedInEventTimeOrderWithArchiveTimestamps() throws Exception {
        Path gz = tmp.resolve("articles.jsonl.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(gz));
             Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            for (String l : lines()) {
                w.write(l + "\n");
            }
        }
        LoadedArchive archive = LoadedArchive.load(gz, null, null, false);
        assertThat(archive.read()).isEqualTo(6);
        assertThat(archive.problems()).extracting(r -> r.lineNumber()).containsExactly(4L, 6L);
        assertThat(archive.problems().get(0).origin()).isEqualTo("articles.jsonl.gz:4");

        String topic = SharedBroker.topic(SharedBroker.unique("replay"), 1);
        Replayer.Summary s = Replayer.replay(archive, topic, settings, Replayer.Pace.FAST, null);
        assertThat(s.sent()).isEqualTo(4);

        List<ConsumerRecord<String, Article>> got = readAll(topic, 4);
        assertThat(got).extracting(ConsumerRecord::key).containsExactly("a", "b", "c", "d");
        for (ConsumerRecord<String, Article> r : got) {
            assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(r.timestamp()).isEqualTo(r.value().getPublishedAt().toEpochMilli());
        }
        assertThat(got).extracting(ConsumerRecord::value)
                .containsExactly(OUT_OF_ORDER.get(1), OUT_OF_ORDER.get(3), OUT_OF_ORDER.get(0), OUT_OF_ORDER.get(2));
    }

    @Test
    void strictStopsAtTheFirstMalformedLineWithItsNumber() throws Exception {
        Path f = tmp.resolve("a.jsonl");
        Files.write(f, lines());
        assertThatThrownBy(() -> LoadedArchive.load(f, null, null, true))
                .isInstanceOf(LoadedArchive.MalformedException.class).hasMessageContaining("a.jsonl:4");
    }

    @Test
    void directoryArchiveIsReplayedAndTimeRangeFilters() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("txt"));
        Files.writeString(dir.resolve("one.txt"), "Storm hits the coast\n\nA storm hit the coast on Monday. Power was cut.\n");
        Files.writeString(dir.resolve("two.txt"), "Markets rally on rate hopes\n\nShares rose sharply on Tuesday. Bonds fell.\n");
        Files.writeString(dir.resolve("three.txt"), "Late article\n\nThis one is too late for the range. It is left out.\n");
        Files.setLastModifiedTime(dir.resolve("one.txt"), java.nio.file.attribute.FileTime.from(Instant.parse("2025-05-02T10:00:00Z")));
        Files.setLastModifiedTime(dir.resolve("two.txt"), java.nio.file.attribute.FileTime.from(Instant.parse("2025-05-01T10:00:00Z")));
        Files.setLastModifiedTime(dir.resolve("three.txt"), java.nio.file.attribute.FileTime.from(Instant.parse("2025-06-01T10:00:00Z")));
        LoadedArchive archive = LoadedArchive.load(dir, null, LoadedArchive.parseTime("--to", "2025-05-10"), false);
        assertThat(archive.outOfRange()).isEqualTo(1);
        String topic = SharedBroker.topic(SharedBroker.unique("replay-dir"), 1);
        Replayer.replay(archive, topic, settings, Replayer.Pace.FAST, null);
        List<ConsumerRecord<String, Article>> got = readAll(topic, 2);
        assertThat(got).hasSize(2);
        assertThat(got.get(0).value().getTitle()).isEqualTo("Markets rally on rate hopes");
        assertThat(got.get(1).value().getTitle()).isEqualTo("Storm hits the coast");
        assertThat(got.get(0).timestamp()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z").toEpochMilli());
        assertThat(got.get(1).timestamp()).isEqualTo(Instant.parse("2025-05-02T10:00:00Z").toEpochMilli());
    }

    @Test
    void rateLimitedReplaySpreadsTheRecords() throws Exception {
        Path f = tmp.resolve("a.jsonl");
        Files.write(f, lines());
        String topic = SharedBroker.topic(SharedBroker.unique("replay-rate"), 1);
        Replayer.Summary s = Replayer.replay(LoadedArchive.load(f, null, null, false), topic, settings,
                Replayer.Pace.rate(10), null);
        // the 4th record is due 300 ms after the first: pacing is a lower bound, not a speed assertion
        assertThat(s.nanos()).isGreaterThanOrEqualTo(300_000_000L);
        assertThat(readAll(topic, 4)).hasSize(4);
    }

    @Test
    void archiveDumpsATopicThatReplaysToTheSameArticles() throws Exception {
        Path f = tmp.resolve("a.jsonl");
        Files.write(f, lines());
        String topic = SharedBroker.topic(SharedBroker.unique("archive"), 2);
        Replayer.replay(LoadedArchive.load(f, null, null, false), topic, settings, Replayer.Pace.FAST, null);

        Path out = tmp.resolve("dump/out.jsonl.gz");
        TopicArchiver.Summary s = TopicArchiver.archive(settings, topic, out, null, null, false, () -> false);
        assertThat(s.written()).isEqualTo(4);
        assertThat(s.partitions()).isEqualTo(2);

        List<Article> back = ArchiveReader.readArticles(out);
        assertThat(back).containsExactlyInAnyOrderElementsOf(OUT_OF_ORDER);
        ObjectMapper m = new ObjectMapper();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(out)), StandardCharsets.UTF_8))) {
            for (String line : (Iterable<String>) in.lines()::iterator) {
                JsonNode n = m.readTree(line);
                assertThat(n.path("_kafka").path("timestamp").asText()).isEqualTo(n.path("published_at").asText());
                assertThat(n.path("_kafka").path("key").asText()).isEqualTo(n.path("id").asText());
            }
        }

        // a time range: only the records with timestamps inside it
        Path part = tmp.resolve("part.jsonl");
        TopicArchiver.Summary p = TopicArchiver.archive(settings, topic, part, Instant.parse("2025-03-01T10:00:00Z"),
                Instant.parse("2025-03-02T00:00:00Z"), false, () -> false);
        assertThat(p.written()).isEqualTo(2);
        assertThat(ArchiveReader.readArticles(part)).extracting(Article::getId).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void outputRecordsAreArchivedAsJsonThroughTheRegistryAndOtherBytesAsTextOrBase64() throws Exception {
        String topic = SharedBroker.topic(SharedBroker.unique("archive-out"), 1);
        dev.copydesk.avro.DeadLetter dl = dev.copydesk.avro.DeadLetter.newBuilder()
                .setKey(null).setValue(java.nio.ByteBuffer.wrap(new byte[] {1, 2})).setTimestamp(Instant.EPOCH)
                .setTopic("articles").setPartition(0).setOffset(7L).setStage("validate").setReason("bad \"input\"")
                .build();
        Map<String, Object> serde = Map.of(Settings.REGISTRY_URL, registry.url());
        try (var p = new org.apache.kafka.clients.producer.KafkaProducer<String, dev.copydesk.avro.DeadLetter>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                AvroSerdes.specific(dev.copydesk.avro.DeadLetter.class, serde, false).serializer());
             var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, 1_700_000_000_000L, "k1", dl)).get();
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, 1_700_000_001_000L, "k2", "{\"plain\": true}")).get();
        }
        try (var bytes = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            // the wire format's magic byte and a schema id the registry does not know: the dump must go on past it
            bytes.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, 1_700_000_002_000L, "k3",
                    new byte[] {0, 0x7f, 0, 0, 1, 2, 3})).get();
            bytes.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, 1_700_000_003_000L, "k4",
                    "after".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (var binary = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            // neither the wire format nor UTF-8, under a key that is not UTF-8 either: decoded with replacement chars, both
            // were lost (found by a fresh user, who archived random bytes from the input topic)
            binary.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, 1_700_000_004_000L,
                    new byte[] {(byte) 0xff, 'k'}, new byte[] {(byte) 0xd4, (byte) 0xc3, 0x28, 0, (byte) 0xff})).get();
        }
        Path out = tmp.resolve("out.jsonl");
        TopicArchiver.Summary s = TopicArchiver.archive(settings, topic, out, null, null, false, () -> false);
        assertThat(s.written()).isEqualTo(5);
        assertThat(s.undecodable()).isEqualTo(2);
        List<String> lines = Files.readAllLines(out);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines.get(0));
        assertThat(first.path("value").path("reason").asText()).isEqualTo("bad \"input\"");
        assertThat(first.path("value").path("offset").asLong()).isEqualTo(7);
        assertThat(first.path("value").path("key").isNull()).isTrue();
        // the dead letter's original bytes in base64 (Avro's own JSON wrote them one char per byte)
        assertThat(java.util.Base64.getDecoder().decode(first.path("value").path("value").asText())).containsExactly(1, 2);
        assertThat(first.path("_kafka").path("timestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
        JsonNode second = m.readTree(lines.get(1));
        assertThat(second.path("value").asText()).isEqualTo("{\"plain\": true}");
        assertThat(second.path("_kafka").path("key").asText()).isEqualTo("k2");
        JsonNode third = m.readTree(lines.get(2));
        assertThat(third.path("_undecodable").asText()).contains("2130706433");
        assertThat(java.util.Base64.getDecoder().decode(third.path("value_base64").asText())).containsExactly(0, 0x7f, 0, 0, 1, 2, 3);
        assertThat(m.readTree(lines.get(3)).path("value").asText()).isEqualTo("after");
        JsonNode fifth = m.readTree(lines.get(4));
        assertThat(fifth.path("_undecodable").asText()).isEqualTo("neither the Confluent wire format nor UTF-8 text (5 bytes, the first 0xd4)");
        assertThat(java.util.Base64.getDecoder().decode(fifth.path("value_base64").asText())).containsExactly(0xd4, 0xc3, 0x28, 0, 0xff);
        assertThat(fifth.has("value")).isFalse();
        assertThat(fifth.path("_kafka").has("key")).isFalse();
        assertThat(java.util.Base64.getDecoder().decode(fifth.path("_kafka").path("key_base64").asText())).containsExactly(0xff, 'k');
    }
}
