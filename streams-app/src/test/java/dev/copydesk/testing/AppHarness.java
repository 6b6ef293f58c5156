package dev.copydesk.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * copydesk instances on the shared embedded broker with a real HTTP schema registry, each test with
 * its own application id and topics; plus helpers to feed articles and read every output back
 * (read_committed).
 */
public final class AppHarness implements AutoCloseable {
    public final Settings settings;
    private final EmbeddedRegistryServer registry;
    private final List<CopydeskApp> apps = new ArrayList<>();
    private final Path stateRoot;
    private int started;

    public AppHarness(String name, int partitions, Map<String, String> overrides) throws Exception {
        registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
        String p = SharedBroker.unique(name);
        stateRoot = Files.createTempDirectory("copydesk-it-");
        settings = Settings.defaults()
                .with("bootstrap.servers", SharedBroker.bootstrapServers())
                .with(Settings.REGISTRY_URL, registry.url())
                .with("application.id", p)
                .with(Settings.INPUT_TOPIC, p + ".articles")
                .with(Settings.DLQ_TOPIC, p + ".articles.dlq")
                .with(Settings.STORIES_TOPIC, p + ".stories")
                .with(Settings.ANNOTATED_TOPIC, p + ".articles.annotated")
                .with(Settings.UNIQUE_TOPIC, p + ".articles.unique")
                .with(Settings.EVIDENCE_TOPIC, p + ".copy.evidence")
                .with(Settings.PARTITIONS, Integer.toString(partitions))
                .with(Settings.STORE_TYPE, "memory")
                .with("commit.interval.ms", "100")
                .with(Settings.HTTP_PORT, "0") // a free port per instance (several run in one JVM)
                .with(overrides);
    }

    /** Starts one more instance (own state directory) and waits until it runs. */
    public CopydeskApp startInstance() throws Exception {
        Path dir = stateRoot.resolve("i" + started++); // each instance its own, fresh state directory
        CopydeskApp app = CopydeskApp.start(settings.with("state.dir", dir.toString()));
        apps.add(app);
        return app;
    }

    public void awaitAllRunning() {
        for (CopydeskApp a : apps) {
            a.awaitRunning(Duration.ofSeconds(90));
        }
    }

    public void send(List<Article> articles) throws Exception {
        try (KafkaProducer<String, Article> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), AvroSerdes.specific(Article.class, serdeConfig(), false).serializer())) {
            for (Article a : articles) {
                producer.send(new ProducerRecord<>(settings.get(Settings.INPUT_TOPIC), null, a.getPublishedAt().toEpochMilli(), a.getId(), a));
            }
            producer.flush();
        }
    }

    public Map<String, Object> serdeConfig() {
        return Map.of(Settings.REGISTRY_URL, registry.url());
    }

    /** What the app wrote: annotated records (all of them, in order) and the latest story per cluster id. */
    public record Outputs(List<AnnotatedArticle> annotated, Map<String, StoryCluster> stories) {
    }

    /**
     * Reads the annotated and stories topics until {@code expectedAnnotated} annotated records are in and
     * the stories topic has been quiet for {@code quiet} (late links may still merge clusters).
     */
    public Outputs awaitOutputs(int expectedAnnotated, Duration timeout, Duration quiet) {
        Deserializer<AnnotatedArticle> annDe = AvroSerdes.specific(AnnotatedArticle.class, serdeConfig(), false).deserializer();
        Deserializer<StoryCluster> storyDe = AvroSerdes.specific(StoryCluster.class, serdeConfig(), false).deserializer();
        List<AnnotatedArticle> annotated = new ArrayList<>();
        Map<String, StoryCluster> stories = new HashMap<>();
        String annTopic = settings.get(Settings.ANNOTATED_TOPIC);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, SharedBroker.unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(annTopic, settings.get(Settings.STORIES_TOPIC)));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastNews = System.nanoTime();
            while (System.nanoTime() < deadline) {
                boolean news = false;
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    news = true;
                    if (r.topic().equals(annTopic)) {
                        annotated.add(annDe.deserialize(r.topic(), r.value()));
                    } else {
                        stories.put(r.key(), storyDe.deserialize(r.topic(), r.value()));
                    }
                }
                if (news) {
                    lastNews = System.nanoTime();
                }
                if (annotated.size() >= expectedAnnotated && System.nanoTime() - lastNews > quiet.toNanos()) {
                    break;
                }
            }
        }
        return new Outputs(annotated, stories);
    }

    /** The keys on {@code topic} (read_committed, in order), read until it has been quiet for {@code quiet}. */
    public List<String> awaitKeys(String topic, Duration timeout, Duration quiet) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, SharedBroker.unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastNews = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - lastNews <= quiet.toNanos()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                    lastNews = System.nanoTime();
                }
            }
        }
        return keys;
    }

    /** Stops one instance cleanly (its tasks move to the others). */
    public void stopInstance(CopydeskApp app) {
        app.close();
        apps.remove(app);
    }

    public List<CopydeskApp> instances() {
        return apps;
    }

    @Override
    public void close() {
        for (CopydeskApp a : apps) {
            a.close();
        }
        registry.close();
        try (var walk = Files.walk(stateRoot)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception ignored) {
            // temp files
        }
    }
}
