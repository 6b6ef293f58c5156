package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.copydesk.archive.ArticleJson;
import dev.copydesk.avro.Article;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay and timestamps the archive reader accepts but the send path did not: an article more than an hour ahead of
 * the broker's clock failed its whole batch and aborted the replay (it is now reported and not sent, the others
 * are), and an ISO time beyond the epoch-millisecond range crashed with "long overflow" (now a malformed line).
 * Found in review.
 */
class ReplayTimestampsCliTest {
    static EmbeddedRegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run replay(Path input, String topic) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "replay", "--input", input.toString(),
                "--topic", topic, "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url());
        return new Run(code, out.toString(), err.toString());
    }

    private static Article article(String id, Instant t) {
        return Article.newBuilder().setId(id).setSource("s-" + id).setTitle("Title " + id)
                .setBody("Body of " + id + ". A second sentence.").setPublishedAt(t).build();
    }

    private static List<String> keys(String topic) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    /**
     * Two hours ahead is valid for copydesk (only more than a day ahead is dead-lettered) but beyond the broker's
     * default message.timestamp.after.max.ms (an hour): that article is reported and not sent, the others are.
     */
    @Test
    void anArticleSlightlyAheadOfTheClockDoesNotAbortTheReplay() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path f = tmp.resolve("ahead.jsonl");
        Files.write(f, List.of(
                ArticleJson.toJson(article("a", now.minus(Duration.ofHours(2)))),
                ArticleJson.toJson(article("b", now.minus(Duration.ofHours(1)))),
                ArticleJson.toJson(article("c", now.plus(Duration.ofHours(2))))));
        String topic = SharedBroker.topic(SharedBroker.unique("rev-ahead"), 1);
        Run r = replay(f, topic);
        List<String> sent = keys(topic);
        System.out.println("exit " + r.code() + "\nout: " + r.out() + "\nerr: " + r.err() + "\non topic: " + sent);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(sent).as("the articles the broker accepts are all sent").containsExactly("a", "b");
        assertThat(r.err()).contains("not sent: c").contains("message.timestamp.after.max.ms=3600000");
        assertThat(r.out()).contains("replayed 2 articles", "1 not sent");
    }

    /** An ISO published_at beyond the epoch-millisecond range is a malformed line with its number, not a crash. */
    @Test
    void aPublishedAtBeyondEpochMillisIsAMalformedLineNotACrash() throws Exception {
        Path f = tmp.resolve("far.jsonl");
        Files.write(f, List.of(
                ArticleJson.toJson(article("a", Instant.parse("2026-03-01T08:00:00Z"))),
                "{\"id\":\"far\",\"source\":\"s\",\"title\":\"t\",\"body\":\"b\",\"published_at\":\"+999999999-12-31T00:00:00Z\"}",
                ArticleJson.toJson(article("b", Instant.parse("2026-03-01T09:00:00Z")))));
        String topic = SharedBroker.topic(SharedBroker.unique("rev-far"), 1);
        Run r = replay(f, topic);
        System.out.println("exit " + r.code() + "\nout: " + r.out() + "\nerr: " + r.err());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("far.jsonl:2");
        assertThat(r.out()).contains("replayed 2 articles", "1 malformed");
    }


    private static String topic(String prefix, Map<String, String> configs) throws Exception {
        String name = SharedBroker.unique(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
        }
        return name;
    }

    /** An article at the edge of message.timestamp.before.max.ms is refused with a margin, not failing its batch. */
    @Test
    void anArticleAtTheEdgeOfBeforeMaxMsDoesNotAbortTheReplay() throws Exception {
        long beforeMax = 20_000;
        String topic = topic("rev-before", Map.of("message.timestamp.before.max.ms", Long.toString(beforeMax)));
        Instant t = Instant.now();
        List<String> lines = new ArrayList<>();
        for (int k = -1_000; k < 12_000; k++) {
            lines.add(ArticleJson.toJson(article(String.format("a%06d", k + 1_000), t.minusMillis(beforeMax).plusMillis(k))));
        }
        Path f = tmp.resolve("edge.jsonl");
        Files.write(f, lines);
        Run r = replay(f, topic);
        System.out.println("exit " + r.code() + "\nout: " + r.out() + "\nerr (first 600): "
                + r.err().substring(0, Math.min(600, r.err().length())));
        assertThat(r.code()).as("exit code; stderr: %s", r.err().lines().filter(l -> !l.contains("not sent")).toList()).isZero();
    }

    /** A small message.timestamp.after.max.ms (0 is legal) refuses no article from the past. */
    @Test
    void aSmallAfterMaxMsDoesNotRefuseArticlesFromThePast() throws Exception {
        String topic = topic("rev-after", Map.of("message.timestamp.after.max.ms", "0"));
        Instant now = Instant.now();
        Path f = tmp.resolve("past.jsonl");
        Files.write(f, List.of(
                ArticleJson.toJson(article("old", now.minus(Duration.ofHours(1)))),
                ArticleJson.toJson(article("recent", now.minusSeconds(20)))));
        Run r = replay(f, topic);
        System.out.println("exit " + r.code() + "\nout: " + r.out() + "\nerr: " + r.err());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("not sent");
        assertThat(keys(topic)).containsExactly("old", "recent");
    }

    /** With --speed, an article that will be refused is not waited for. */
    @Test
    void aRefusedArticleIsNotWaitedForWithSpeed() throws Exception {
        Instant now = Instant.now();
        Path f = tmp.resolve("speed.jsonl");
        Files.write(f, List.of(
                ArticleJson.toJson(article("a", now.minus(Duration.ofHours(1)))),
                ArticleJson.toJson(article("b", now.minus(Duration.ofMinutes(59)))),
                ArticleJson.toJson(article("c", now.plus(Duration.ofHours(2))))));
        String topic = SharedBroker.topic(SharedBroker.unique("rev-speed"), 1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "replay", "--input", f.toString(),
                "--topic", topic, "--speed", "720x", "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("exit " + code + " after " + seconds + " s\nout: " + out + "\nerr: " + err);
        assertThat(code).isZero();
        assertThat(err.toString()).contains("not sent: c");
        assertThat(seconds).as("seconds for two articles one minute apart at 720x").isLessThan(8);
    }
}
