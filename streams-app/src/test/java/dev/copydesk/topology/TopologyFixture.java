package dev.copydesk.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.DeadLetter;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The real topology in a TopologyTestDriver, with the real serdes against an in-process (mock://) registry. */
final class TopologyFixture implements AutoCloseable {
    final Settings settings;
    private java.nio.file.Path stateDir;
    final TopologyTestDriver driver;
    private final dev.copydesk.replay.ArchiveClock clock;
    private final java.time.Duration hold;
    final TestInputTopic<String, Article> input;
    final TestInputTopic<String, byte[]> rawInput;
    final TestOutputTopic<String, AnnotatedArticle> annotated;
    final TestOutputTopic<String, StoryCluster> stories;
    final TestOutputTopic<String, Article> unique;
    final TestOutputTopic<String, CopyEvidence> evidence;
    final TestOutputTopic<String, DeadLetter> dlq;
    /** Everything read so far from the output topics. */
    final Map<String, AnnotatedArticle> annotations = new LinkedHashMap<>();
    final Map<String, StoryCluster> clusters = new HashMap<>();
    final List<StoryCluster> storyUpdates = new ArrayList<>();
    final List<String> uniqueIds = new ArrayList<>();
    final List<CopyEvidence> evidences = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    TopologyFixture() {
        this(Map.of());
    }

    TopologyFixture(Map<String, String> overrides) {
        this(overrides, TopologyMetrics.NONE);
    }

    TopologyFixture(Map<String, String> overrides, TopologyMetrics metrics) {
        this(overrides, metrics, true);
    }

    /** @param changelogs false: the stores keep no changelog ({@link TopologySettings#withoutChangelogs()}) */
    TopologyFixture(Map<String, String> overrides, TopologyMetrics metrics, boolean changelogs) {
        String registry = "mock://topology-" + UUID.randomUUID();
        settings = Settings.defaults().with(Settings.REGISTRY_URL, registry).with(Settings.STORE_TYPE, "memory").with(overrides);
        Properties props = dev.copydesk.app.CopydeskApp.streamsProperties(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "copydesk-test");
        try {
            stateDir = java.nio.file.Files.createTempDirectory("copydesk-fixture-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put("ensure.explicit.internal.resource.naming", "true");
        TopologySettings topologySettings = TopologySettings.from(settings);
        clock = dev.copydesk.replay.ArchiveClock.driver(CopydeskTopology.build(changelogs ? topologySettings
                : topologySettings.withoutChangelogs(), metrics), props);
        driver = clock.driver();
        hold = topologySettings.uniqueHold();
        Map<String, Object> serdeConfig = Map.of(Settings.REGISTRY_URL, registry);
        input = driver.createInputTopic("articles", Serdes.String().serializer(),
                AvroSerdes.specific(Article.class, serdeConfig, false).serializer());
        rawInput = driver.createInputTopic("articles", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        annotated = driver.createOutputTopic("articles.annotated", Serdes.String().deserializer(),
                AvroSerdes.specific(AnnotatedArticle.class, serdeConfig, false).deserializer());
        stories = driver.createOutputTopic("stories", Serdes.String().deserializer(),
                AvroSerdes.specific(StoryCluster.class, serdeConfig, false).deserializer());
        unique = driver.createOutputTopic("articles.unique", Serdes.String().deserializer(),
                AvroSerdes.specific(Article.class, serdeConfig, false).deserializer());
        evidence = driver.createOutputTopic("copy.evidence", Serdes.String().deserializer(),
                AvroSerdes.specific(CopyEvidence.class, serdeConfig, false).deserializer());
        dlq = driver.createOutputTopic("articles.dlq", Serdes.String().deserializer(),
                AvroSerdes.specific(DeadLetter.class, serdeConfig, false).deserializer());
    }

    static Article article(String id, String source, Instant at, String title, String body) {
        return Article.newBuilder().setId(id).setSource(source).setTitle(title).setBody(body).setPublishedAt(at).build();
    }

    /** Pipes one article, the driver's wall clock following event time (as {@code OfflineRunner} runs an archive). */
    void send(Article a) {
        clock.advanceTo(a.getPublishedAt().toEpochMilli());
        input.pipeInput(new TestRecord<>(a.getId(), a, a.getPublishedAt()));
        drain();
    }

    /** Pipes one article without moving the wall clock: articles that come in a burst, faster than the hold. */
    void sendInBurst(Article a) {
        input.pipeInput(new TestRecord<>(a.getId(), a, a.getPublishedAt()));
        drain();
    }

    /** Lets the wall clock pass the hold ({@code copydesk.unique.hold}): the held articles that opened a cluster go out. */
    void settle() {
        passHold();
        drain();
    }

    /** Moves the wall clock past the hold, leaving what it releases on the output topics. */
    void passHold() {
        clock.release(hold);
    }

    void drain() {
        annotated.readRecordsToList().forEach(r -> annotations.put(r.key(), r.value()));
        for (TestRecord<String, StoryCluster> r : stories.readRecordsToList()) {
            storyUpdates.add(r.value());
            clusters.put(r.key(), r.value());
        }
        unique.readRecordsToList().forEach(r -> uniqueIds.add(r.key()));
        evidence.readRecordsToList().forEach(r -> evidences.add(r.value()));
        dlq.readRecordsToList().forEach(r -> deadLetters.add(r.value()));
    }

    /** The current copy cluster of an article, following merges. */
    String clusterOf(String articleId) {
        for (StoryCluster c : clusters.values()) {
            if (c.getAbsorbedInto() == null && c.getMembers().stream().anyMatch(m -> m.getArticleId().equals(articleId))) {
                return c.getClusterId();
            }
        }
        return null;
    }

    @Override
    public void close() {
        driver.close();
        try (var walk = java.nio.file.Files.walk(stateDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp files
        }
    }
}
