package dev.copydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.replay.OfflineRunner;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.Clusters;
import dev.copydesk.testing.Diagnostics;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: copydesk runs as a child process ({@code copydesk run}) on a stream of
 * 10,000 articles; it is killed with SIGKILL mid-stream (or its broker is restarted) and started again.
 * Read with read_committed, articles.annotated then holds every input article exactly once, and the
 * clusters equal those of an undisturbed run (the same topology offline, in order).
 */
class CrashRecoveryTest {
    static final int ARTICLES = 10_000;
    /**
     * No band truncation: a crowded band keeps its earliest-ARRIVED articles, the one place where arrival
     * order (which differs between a 4-partition run and the in-order reference) can change candidates.
     */
    static final String UNBOUNDED = "1000000";
    static List<Article> corpus;
    static Set<Set<String>> expected;
    static EmbeddedRegistryServer registry;

    @BeforeAll
    static void corpusAndReference() {
        // short articles (the lead paragraph): the count and the copy structure matter here, and it keeps the run quick
        corpus = new WireStoryGenerator(808).generate(ARTICLES, Instant.parse("2026-04-01T00:00:00Z"), Duration.ofDays(2))
                .articles().stream().map(CrashRecoveryTest::lead).collect(Collectors.toList());
        expected = Clusters.partition(OfflineRunner.run(corpus, Settings.defaults().with(Settings.BUCKET_LIMIT, UNBOUNDED), null).stories());
        assertThat(Clusters.multi(expected)).as("the corpus has copy clusters").hasSizeGreaterThan(100);
        registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    static Article lead(Article a) {
        String[] paragraphs = a.getBody().split("\n\\s*\n");
        String body = paragraphs[0].isBlank() && paragraphs.length > 1 ? paragraphs[1] : paragraphs[0];
        return Article.newBuilder(a).setBody(body).build();
    }

    @Test
    void sigkillMidStreamThenRestartGivesEveryArticleOnceAndTheSameClusters(@TempDir Path dir) throws Exception {
        Duration takeover = killAndRestart(appSettings("crash", SharedBroker.bootstrapServers(), dir), dir);
        System.out.println("CrashRecoveryTest: without static membership, the restarted app reached RUNNING after " + takeover.toMillis() + " ms");
    }

    /**
     * With static membership (a {@code group.instance.id} per instance: README, Guarantees), the instance started again
     * after a SIGKILL takes its tasks back as soon as it joins, instead of after the killed member's session timeout (45 s).
     * Exactly once as without. Both cases print their time to RUNNING (figures: docs/performance-log.md, "Static membership").
     */
    @Test
    void withStaticMembershipARestartAfterSigkillTakesItsTasksBackWithoutWaitingForTheSessionTimeout(@TempDir Path dir)
            throws Exception {
        Map<String, String> app = appSettings("crashstatic", SharedBroker.bootstrapServers(), dir);
        app.put("group.instance.id", app.get("application.id") + "-1");
        Duration takeover = killAndRestart(app, dir);
        System.out.println("CrashRecoveryTest: with static membership, the restarted app reached RUNNING after " + takeover.toMillis() + " ms");
        assertThat(takeover).as("from the second start to RUNNING (the session timeout is 45 s)").isLessThan(Duration.ofSeconds(30));
    }

    /** Kills the app with SIGKILL after a quarter of the articles, starts it again; returns the time the new one took to RUNNING. */
    private Duration killAndRestart(Map<String, String> app, Path dir) throws Exception {
        produce(SharedBroker.bootstrapServers(), app.get(Settings.INPUT_TOPIC));
        Reader reader = new Reader(SharedBroker.bootstrapServers(), app, dir.resolve("app.log"));
        Process first = startApp(app, dir.resolve("app.log"), false);
        reader.awaitAtLeast(ARTICLES / 4, Duration.ofMinutes(3), first);
        first.destroyForcibly(); // SIGKILL: no close, no commit
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        int seenAtKill = reader.annotatedIds.size();
        assertThat(seenAtKill).isLessThan(ARTICLES);

        Process second = startApp(app, dir.resolve("app.log"), true);
        try {
            reader.awaitAtLeast(ARTICLES, Duration.ofMinutes(3), second);
            reader.drainQuiet(Duration.ofSeconds(3));
        } catch (Throwable t) {
            second.destroyForcibly(); // keep the first failure, not the stop's
            throw t;
        }
        stop(second);
        reader.close();
        assertExactlyOnceAndSameClusters(reader);
        return runningAfterLastStart(dir.resolve("app.log"));
    }

    /**
     * From the second "CREATED -> REBALANCING" in the app's log (each process logs it once, at its start; the second appends
     * to the first's log) to the next "REBALANCING -> RUNNING", by the log's clock (local time of day: across midnight it
     * wraps; a daylight-saving change in between would be off by an hour).
     */
    static Duration runningAfterLastStart(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("streams state CREATED -> REBALANCING")) {
                starts.add(i);
            }
        }
        assertThat(starts).as("one start per process in " + log).hasSize(2);
        int start = starts.get(1);
        for (int i = start + 1; i < lines.size(); i++) {
            if (lines.get(i).contains("streams state REBALANCING -> RUNNING")) {
                long ms = java.time.LocalTime.parse(lines.get(i).substring(0, 12)).toNanoOfDay() / 1_000_000
                        - java.time.LocalTime.parse(lines.get(start).substring(0, 12)).toNanoOfDay() / 1_000_000;
                return Duration.ofMillis(Math.floorMod(ms, 86_400_000L));
            }
        }
        throw new AssertionError("the restarted app never reached RUNNING (" + log + ")");
    }

    @Test
    void brokerRestartDuringProcessingLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        EmbeddedKafka.Options opts = EmbeddedKafka.Options.ephemeral().withPort(freePort()).withDataDir(dir.resolve("broker"), false);
        EmbeddedKafka broker = EmbeddedKafka.start(opts);
        try {
            Map<String, String> app = appSettings("brokerbounce", broker.bootstrapServers(), dir);
            produce(broker.bootstrapServers(), app.get(Settings.INPUT_TOPIC));
            Process proc = startApp(app, dir.resolve("app.log"), false);
            Reader reader;
            try {
                try (Reader early = new Reader(broker.bootstrapServers(), app, dir.resolve("app.log"))) {
                    early.awaitAtLeast(ARTICLES / 4, Duration.ofMinutes(3), proc);
                }
                broker.close();
                broker = EmbeddedKafka.start(opts); // same port, same data: the app reconnects
                reader = new Reader(broker.bootstrapServers(), app, dir.resolve("app.log"));
                reader.awaitAtLeast(ARTICLES, Duration.ofMinutes(3), proc);
                reader.drainQuiet(Duration.ofSeconds(3));
                reader.close();
            } catch (Throwable t) {
                proc.destroyForcibly(); // keep the first failure, not the stop's
                throw t;
            }
            stop(proc);
            assertExactlyOnceAndSameClusters(reader);
        } finally {
            broker.close();
        }
    }

    private static void assertExactlyOnceAndSameClusters(Reader reader) {
        assertThat(reader.duplicates).as("annotated records seen twice under read_committed").isEmpty();
        assertThat(reader.annotatedIds).hasSize(ARTICLES)
                .containsExactlyInAnyOrderElementsOf(corpus.stream().map(Article::getId).collect(Collectors.toList()));
        assertThat(Clusters.partition(reader.stories)).isEqualTo(expected);
    }

    static Map<String, String> appSettings(String name, String bootstrap, Path dir) {
        String p = SharedBroker.unique(name);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("application.id", p);
        m.put(Settings.INPUT_TOPIC, p + ".articles");
        m.put(Settings.DLQ_TOPIC, p + ".dlq");
        m.put(Settings.STORIES_TOPIC, p + ".stories");
        m.put(Settings.ANNOTATED_TOPIC, p + ".annotated");
        m.put(Settings.UNIQUE_TOPIC, p + ".unique");
        m.put(Settings.EVIDENCE_TOPIC, p + ".evidence");
        m.put(Settings.PARTITIONS, "4");
        m.put(Settings.BUCKET_LIMIT, UNBOUNDED);
        m.put(Settings.HTTP_PORT, "0");
        m.put("state.dir", dir.resolve("state").toString());
        m.put("commit.interval.ms", "200");
        m.put("bootstrap.servers", bootstrap);
        m.put(Settings.REGISTRY_URL, registry.url());
        return m;
    }

    void produce(String bootstrap, String topic) throws Exception {
        Settings s = Settings.defaults().with(Settings.INPUT_TOPIC, topic).with(Settings.PARTITIONS, "4");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            EmbeddedKafka.createTopics(admin, List.of(new NewTopic(topic, 4, (short) 1)));
        }
        try (KafkaProducer<String, Article> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 262144),
                new StringSerializer(), AvroSerdes.specific(Article.class, Map.of(Settings.REGISTRY_URL, registry.url()), false).serializer())) {
            List<Article> pending = corpus;
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                // every send checked: a send that fails is the feeder's loss, not the app's, and must not pass unseen
                List<Article> failed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                Map<String, Integer> errors = new java.util.concurrent.ConcurrentHashMap<>();
                for (Article a : pending) {
                    producer.send(new ProducerRecord<>(s.get(Settings.INPUT_TOPIC), null, a.getPublishedAt().toEpochMilli(), a.getId(), a),
                            (metadata, e) -> {
                                if (e != null) {
                                    failed.add(a);
                                    errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                                }
                            });
                }
                producer.flush();
                if (!failed.isEmpty()) {
                    System.err.printf("feeder: %d of %d sends failed (attempt %d): %s%n", failed.size(), pending.size(), attempt, errors);
                    assertThat(attempt).as("feeder attempts; failures: " + errors).isLessThan(3);
                }
                pending = new java.util.ArrayList<>(failed);
            }
        }
    }

    /** Starts {@code copydesk run}; its output (with Kafka Streams' and the producers' INFO lines, for a post-mortem) goes to {@code log}. */
    static Process startApp(Map<String, String> settings, Path log, boolean append) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams=info",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.producer=info", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.copydesk.cli.Main", "run"));
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    /** SIGTERM: copydesk run closes Kafka Streams and exits 0 within the bound. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("copydesk run stops within 60 s of SIGTERM").isTrue();
        assertThat(p.exitValue()).as("exit code after a graceful stop").isZero();
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Reads annotated (ids, duplicates) and stories (latest per cluster) with read_committed. */
    static final class Reader implements AutoCloseable {
        final Set<String> annotatedIds = new java.util.HashSet<>();
        final List<String> duplicates = new ArrayList<>();
        final Map<String, StoryCluster> stories = new HashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Deserializer<AnnotatedArticle> ann;
        private final Deserializer<StoryCluster> story;
        private final String annTopic;
        private final String bootstrap;
        private final Map<String, String> app;
        private final Path log;

        Reader(String bootstrap, Map<String, String> app, Path log) {
            this.bootstrap = bootstrap;
            this.app = app;
            this.log = log;
            Map<String, Object> serde = Map.of(Settings.REGISTRY_URL, app.get(Settings.REGISTRY_URL));
            ann = AvroSerdes.specific(AnnotatedArticle.class, serde, false).deserializer();
            story = AvroSerdes.specific(StoryCluster.class, serde, false).deserializer();
            annTopic = app.get(Settings.ANNOTATED_TOPIC);
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, SharedBroker.unique("reader"),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(annTopic, app.get(Settings.STORIES_TOPIC)));
        }

        boolean poll() {
            boolean any = false;
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                any = true;
                if (r.topic().equals(annTopic)) {
                    String id = ann.deserialize(r.topic(), r.value()).getId();
                    if (!annotatedIds.add(id)) {
                        duplicates.add(id);
                    }
                } else {
                    stories.put(r.key(), story.deserialize(r.topic(), r.value()));
                }
            }
            return any;
        }

        /**
         * Reads until {@code n} distinct articles came out. Fails when none came for {@code stall} (the app or a
         * transaction is stuck: a slow machine still passes while output flows) or when the app exited.
         */
        void awaitAtLeast(int n, Duration stall, Process app) {
            int last = annotatedIds.size();
            long since = System.nanoTime();
            while (annotatedIds.size() < n) {
                if (annotatedIds.size() > last) {
                    last = annotatedIds.size();
                    since = System.nanoTime();
                }
                if (System.nanoTime() - since > stall.toNanos() || !app.isAlive()) {
                    String why = "annotated " + annotatedIds.size() + " of " + n
                            + (app.isAlive() ? ", none for " + stall.toSeconds() + " s" : "; the app process exited");
                    String post = Diagnostics.describe(bootstrap, this.app, log, app);
                    System.err.println(why + "\n" + post);
                    throw new AssertionError(why + "\n" + post);
                }
                poll();
            }
        }

        void drainQuiet(Duration quiet) {
            long last = System.nanoTime();
            while (System.nanoTime() - last < quiet.toNanos()) {
                if (poll()) {
                    last = System.nanoTime();
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
