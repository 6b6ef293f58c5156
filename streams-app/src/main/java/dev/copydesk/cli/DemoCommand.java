package dev.copydesk.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copydesk.app.CopydeskApp;
import dev.copydesk.archive.ArchiveReader;
import dev.copydesk.archive.ArchiveRecord;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.KafkaSchemaStore;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs copydesk on this machine with sample articles and shows the copy clusters as they form.",
                "It starts a real Kafka broker (KRaft), a schema registry, the topics and the copydesk app, and feeds them"
                + " generated wire stories and outlet rewrites, or --input.",
                "Stops on Ctrl-C or after --duration."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "TIME", description = "Stop after this long, e.g. 60s, 5m (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--input", paramLabel = "PATH", description = "Feed these articles instead of generated ones: a directory of .txt files (first line title) or a JSON Lines archive (.jsonl/.jsonl.gz).")
    Path input;

    @Option(names = "--count", defaultValue = "300", description = "Generated articles to feed (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--rate", defaultValue = "25", description = "Articles per second fed (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "table", description = "table (live cluster table on a terminal, plain lines otherwise) or json (one JSON line per annotated article).")
    String format;

    @Option(names = "--broker-port", defaultValue = "9092", description = "Broker port; a free one is taken if busy (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port; a free one is taken if busy (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep broker data and app state here so a second run resumes (default: a temporary directory, removed at exit).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any copydesk or Kafka setting for the app. The demo reads no --config file and no"
            + " COPYDESK_*/KAFKA_* environment variables; its application.id is copydesk-demo.")
    Map<String, String> set = new HashMap<>();

    @Mixin
    VerboseOption verbose;

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ConfigException("--format must be table or json");
        }
        Duration limit = duration == null ? null : Settings.parseDuration("--duration", duration);
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ConfigException("--rate must be a number of articles per second above 0, got " + rate);
        }
        if (count <= 0) {
            throw new ConfigException("--count must be > 0, got " + count);
        }
        Settings.requireKnown(set, "given with --set");
        List<Article> articles = articles();
        // Ctrl-C or SIGTERM: stop feeding and showing, then wait until everything below is closed (the JVM halts
        // when the hooks return, so returning earlier killed Kafka Streams, the broker and RocksDB mid-close and
        // left the temporary directory behind), and exit with the demo's code, not the signal's status (143, 130)
        try (SignalStop signal = SignalStop.install("demo-stop", () -> stop.set(true))) {
            return signal.exit(runAll(articles, limit));
        }
    }

    private final AtomicBoolean stop = new AtomicBoolean();

    private int runAll(List<Article> articles, Duration limit) throws Exception {
        long t0 = System.nanoTime();
        boolean temp = dataDir == null;
        Path dir = temp ? Files.createTempDirectory("copydesk-demo-") : dataDir;
        int bport = EmbeddedKafka.isFree("127.0.0.1", brokerPort) ? brokerPort : 0;
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.ephemeral().withPort(bport).withDataDir(dir.resolve("broker"), false));
        EmbeddedRegistryServer registry = null;
        CopydeskApp app = null;
        try {
            int rport = EmbeddedKafka.isFree("127.0.0.1", registryPort) ? registryPort : 0;
            registry = EmbeddedRegistryServer.start(rport, new KafkaSchemaStore(kafka.bootstrapServers()));
            note("broker " + kafka.bootstrapServers() + (bport == brokerPort || brokerPort == 0 ? "" : " (port " + brokerPort + " was busy)")
                    + ", schema registry " + registry.url()
                    + (registry.port() == registryPort || registryPort == 0 ? "" : " (port " + registryPort + " was busy)"));
            Settings settings = Settings.defaults()
                    .with("bootstrap.servers", kafka.bootstrapServers())
                    .with(Settings.REGISTRY_URL, registry.url())
                    .with("application.id", "copydesk-demo")
                    .with(Settings.HTTP_PORT, EmbeddedKafka.isFree("127.0.0.1", 8080) ? "8080" : "0")
                    .with("state.dir", dir.resolve("state").toString())
                    .with(set);
            app = CopydeskApp.start(settings);
            app.awaitRunning(Duration.ofSeconds(60));
            note(String.format("copydesk running after %.1f s (metrics, health, cluster queries on http://127.0.0.1:%d); feeding %d articles at %.0f/s",
                    (System.nanoTime() - t0) / 1e9, app.httpPort(), articles.size(), rate));
            run(settings, articles, limit, app);
            if (app.failed()) {
                throw new IllegalStateException("copydesk stopped with an error (see the log above)");
            }
            return Main.OK;
        } finally {
            if (app != null) {
                app.close();
            }
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            if (temp) {
                EmbeddedKafka.deleteRecursively(dir);
            }
        }
    }

    List<Article> articles() throws IOException {
        List<Article> list = new ArrayList<>();
        if (input == null) {
            Iterator<LabelledArticle> it = new WireStoryGenerator(seed).iterator(count, Instant.now().minus(Duration.ofHours(6)), Duration.ofHours(6));
            it.forEachRemaining(la -> list.add(la.article()));
            return list;
        }
        if (!Files.exists(input)) {
            throw new ConfigException("--input " + input + " does not exist");
        }
        int bad = 0;
        // a directory's i-th text file (no date in its name or sidecar) is dated base + i minutes, base max(60, files)
        // minutes ago: all in the past, as the broker refuses a timestamp more than message.timestamp.after.max.ms (an
        // hour) ahead of its clock. The last is a minute ago, or (61 - files) minutes ago with 60 files or fewer
        long files = Files.isDirectory(input) ? dev.copydesk.archive.TextArticles.files(input).size() : 0;
        try (ArchiveReader reader = ArchiveReader.open(input, Instant.now().minus(Duration.ofMinutes(Math.max(60, files))))) {
            for (ArchiveRecord r : reader) {
                if (r.isOk()) {
                    list.add(r.article());
                } else {
                    bad++;
                    System.err.println("skipped " + r);
                }
            }
        }
        list.sort(Comparator.comparing(Article::getPublishedAt).thenComparing(Article::getId));
        if (list.isEmpty()) {
            throw new ConfigException("--input " + input + " holds no readable article" + (bad > 0 ? " (" + bad + " malformed)" : ""));
        }
        return list;
    }

    private void run(Settings settings, List<Article> articles, Duration limit, CopydeskApp app) throws Exception {
        Map<String, Object> serde = Map.of(Settings.REGISTRY_URL, settings.get(Settings.REGISTRY_URL));
        AtomicLong fed = new AtomicLong();
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        Display display = new Display(format, System.console() != null && format.equals("table"), out);
        Deserializer<AnnotatedArticle> annDe = AvroSerdes.specific(AnnotatedArticle.class, serde, false).deserializer();
        Deserializer<StoryCluster> storyDe = AvroSerdes.specific(StoryCluster.class, serde, false).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("bootstrap.servers"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            // this run's output only: with --data-dir the topics still hold an earlier run's, which the display and
            // the summary counted as this run's (a second run fed 10 articles and reported 15 annotated)
            List<org.apache.kafka.common.TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(settings.get(Settings.ANNOTATED_TOPIC), settings.get(Settings.STORIES_TOPIC),
                    settings.get(Settings.UNIQUE_TOPIC))) {
                consumer.partitionsFor(topic).forEach(pi -> partitions.add(new org.apache.kafka.common.TopicPartition(pi.topic(), pi.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixed now, before the first article is fed
            Thread feeder = new Thread(() -> feed(settings, articles, serde, stop, fed), "demo-feeder");
            feeder.setDaemon(true);
            feeder.start();
            while (!stop.get() && System.nanoTime() < deadline && !app.failed()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.topic().equals(settings.get(Settings.ANNOTATED_TOPIC))) {
                        display.annotated(annDe.deserialize(r.topic(), r.value()));
                    } else if (r.topic().equals(settings.get(Settings.UNIQUE_TOPIC))) {
                        display.published();
                    } else {
                        display.story(storyDe.deserialize(r.topic(), r.value()));
                    }
                }
                display.refresh(fed.get(), articles.size());
            }
        } finally {
            stop.set(true);
            display.summary(fed.get());
        }
    }

    private void feed(Settings settings, List<Article> articles, Map<String, Object> serde, AtomicBoolean stop, AtomicLong fed) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("bootstrap.servers"),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), castSerializer(AvroSerdes.specific(Article.class, serde, false).serializer()))) {
            long start = System.nanoTime();
            for (Article a : articles) {
                if (stop.get()) {
                    return;
                }
                producer.send(new ProducerRecord<>(settings.get(Settings.INPUT_TOPIC), null,
                        a.getPublishedAt().toEpochMilli(), a.getId(), a), (md, e) -> {
                            if (e != null) {
                                System.err.println("not fed: " + a.getId() + " (published " + a.getPublishedAt() + "): " + e.getMessage());
                            }
                        });
                long n = fed.incrementAndGet();
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    producer.flush();
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static org.apache.kafka.common.serialization.Serializer<SpecificRecord> castSerializer(org.apache.kafka.common.serialization.Serializer<? extends SpecificRecord> s) {
        return (org.apache.kafka.common.serialization.Serializer<SpecificRecord>) s;
    }

    private void note(String s) {
        if (format.equals("json")) {
            System.err.println(s);
        } else {
            out.println(s);
        }
    }

    /** What the demo prints: a live table on a terminal, plain lines otherwise, or JSON lines. */
    static final class Display {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final String format;
        private final boolean live;
        private final PrintStream out;
        private final Map<String, StoryCluster> clusters = new HashMap<>();
        private long annotated;
        private long unique;
        private long linkedIn;
        private long published;
        private long lastDraw;

        Display(String format, boolean live, PrintStream out) {
            this.format = format;
            this.live = live;
            this.out = out;
        }

        void annotated(AnnotatedArticle a) {
            annotated++;
            // decided with no earlier article to link to: it opened its own cluster, unless links found from other
            // articles (a later copy of it and of an earlier article, or a late link) put it in one before its decision
            // reached the clusters (a fresh user saw such an article shown as NEW with another article's cluster id)
            boolean opened = a.getUnique() && a.getClusterId().equals(a.getId());
            if (opened) {
                unique++;
            } else if (a.getUnique()) {
                linkedIn++;
            }
            if (format.equals("json")) {
                ObjectNode n = JSON.createObjectNode();
                n.put("id", a.getId());
                n.put("cluster", a.getClusterId());
                n.put("canonical", a.getCanonicalId());
                n.put("unique", a.getUnique());
                n.put("copy_share", Math.round(a.getCopyShare() * 1000) / 1000.0);
                out.println(n.toString());
            } else if (!live) {
                out.printf("%-28s %s  cluster %-28s copy %3.0f%%  %s%n", a.getId(), opened ? "NEW " : a.getUnique() ? "IN  " : "COPY",
                        a.getClusterId(), a.getCopyShare() * 100, clip(a.getTitle(), 60));
            }
        }

        /** One record on articles.unique (the deduplicated stream). */
        void published() {
            published++;
        }

        void story(StoryCluster c) {
            if (c.getAbsorbedInto() != null) {
                clusters.remove(c.getClusterId());
                if (!live && !format.equals("json")) {
                    out.printf("%-28s merged into cluster %s%n", "cluster " + c.getClusterId(), c.getAbsorbedInto());
                }
            } else {
                clusters.put(c.getClusterId(), c);
            }
        }

        void refresh(long fed, int total) {
            if (!live || System.currentTimeMillis() - lastDraw < 500) {
                return;
            }
            lastDraw = System.currentTimeMillis();
            StringBuilder sb = new StringBuilder("\033[H\033[2J");
            sb.append(String.format("copydesk demo — fed %d/%d, annotated %d, unique %d, copies %d, clusters %d%n%n",
                    fed, total, annotated, unique, annotated - unique, clusters.size()));
            sb.append(String.format("%-26s %5s %7s  %s%n", "CLUSTER", "SIZE", "SOURCES", "CANONICAL HEADLINE"));
            clusters.values().stream()
                    .sorted(Comparator.comparingInt(StoryCluster::getSize).reversed().thenComparing(c -> c.getLastSeen(), Comparator.reverseOrder()))
                    .limit(20)
                    .forEach(c -> sb.append(String.format("%-26s %5d %7d  %s%n", clip(c.getClusterId(), 26), c.getSize(),
                            c.getSourcesCount(), clip(c.getCanonicalTitle(), 70))));
            out.print(sb);
            out.flush();
        }

        void summary(long fed) {
            long multi = clusters.values().stream().filter(c -> c.getSize() > 1).count();
            String line = String.format("fed %d articles; %d annotated: %d opened a cluster, %d joined one as copy%s; %d clusters with copies;"
                            + " %d on articles.unique", fed, annotated, unique, annotated - unique - linkedIn,
                    linkedIn == 0 ? "" : ", " + linkedIn + " were linked into one by other articles first", multi, published);
            if (format.equals("json")) {
                System.err.println(line);
            } else {
                out.println(line);
            }
        }

        private static String clip(String s, int n) {
            return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
        }
    }
}
