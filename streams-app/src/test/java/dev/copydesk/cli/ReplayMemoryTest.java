package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.copydesk.archive.ArticleJson;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copydesk replay} sorts an archive larger than its heap: 50,000 articles (about 130 MB of text, more as objects)
 * in a JVM of 96 MB, which ran out of memory when replay held the whole archive to sort it (found in a soak: replaying
 * 800,000 articles took 5.8 GB).
 */
class ReplayMemoryTest {
    private static final int COUNT = 50_000;
    private static final int BLOCK = 5_000;

    @TempDir
    Path tmp;

    @Test
    void anArchiveLargerThanTheHeapIsReplayedInEventTimeOrder() throws Exception {
        // the generator's articles in blocks written in reverse order: nothing of the archive is in place
        Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Iterator<LabelledArticle> it = new WireStoryGenerator(12).iterator(COUNT, start, Duration.ofDays(1));
        List<Path> blocks = new ArrayList<>();
        while (it.hasNext()) {
            Path block = tmp.resolve("block-" + blocks.size());
            try (Writer w = Files.newBufferedWriter(block, StandardCharsets.UTF_8)) {
                for (int i = 0; i < BLOCK && it.hasNext(); i++) {
                    w.write(ArticleJson.toJson(it.next().article()) + "\n");
                }
            }
            blocks.add(block);
        }
        Path archive = tmp.resolve("archive.jsonl");
        try (OutputStream out = Files.newOutputStream(archive)) {
            for (int b = blocks.size() - 1; b >= 0; b--) {
                Files.copy(blocks.get(b), out);
                Files.delete(blocks.get(b));
            }
        }
        String topic = SharedBroker.topic(SharedBroker.unique("replay-big"), 1);
        // runs that cannot be written (a tmpdir inside a file: not even snappy-java, which makes a missing tmpdir, can
        // make it): one line that says where and what to do, and nothing sent (the count below is of the replay after)
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "x").resolve("tmp");
        Process noTmp = new ProcessBuilder(java(), "-Xmx96m", "-Djava.io.tmpdir=" + notADirectory, "-cp", classPath(),
                "dev.copydesk.cli.Main", "replay", "--input", archive.toString(), "--bootstrap", SharedBroker.bootstrapServers(),
                "--registry", "mock://no-tmp", "--topic", topic).redirectErrorStream(true).start();
        String refused = new String(noTmp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(noTmp.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(noTmp.exitValue()).as(refused).isEqualTo(Main.FAILED);
        // (snappy-java prints its own stack trace when it cannot unpack its library there; the runs then use deflate)
        String last = refused.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).as(refused).startsWith("copydesk: cannot write a sorted run of the archive to java.io.tmpdir ("
                + notADirectory + ")").contains("-Djava.io.tmpdir=DIR puts them elsewhere");

        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            Process replay = new ProcessBuilder(java(), "-Xmx96m", "-cp", classPath(), "dev.copydesk.cli.Main", "replay", "--input", archive.toString(),
                    "--bootstrap", SharedBroker.bootstrapServers(), "--registry", registry.url(), "--topic", topic)
                    .redirectErrorStream(true).start();
            String output = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(replay.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(replay.exitValue()).as(output).isZero();
            assertThat(output).contains("replayed " + COUNT + " articles to " + topic).containsPattern("sorted 50000 articles in \\d+ runs on disk");
        }
        // every article once, in (publication time, id) order
        Map<String, Object> cfg = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long lastTime = Long.MIN_VALUE;
        String lastId = "";
        Set<String> ids = new HashSet<>();
        int inOrder = 0;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cfg, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            assertThat(c.endOffsets(List.of(tp)).get(tp)).as("records on the topic").isEqualTo(COUNT);
            long deadline = System.currentTimeMillis() + 60_000;
            while (ids.size() < COUNT && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    boolean after = r.timestamp() > lastTime || (r.timestamp() == lastTime && r.key().compareTo(lastId) > 0);
                    inOrder += after ? 1 : 0;
                    lastTime = r.timestamp();
                    lastId = r.key();
                    ids.add(r.key());
                }
            }
        }
        assertThat(ids).hasSize(COUNT);
        assertThat(inOrder).as("records after the one before them").isEqualTo(COUNT);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
