package dev.copydesk.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.topology.IndexPreload;
import dev.copydesk.topology.TopologySettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Measures, in one run and on one cluster, (a) the pass-through ceiling: a Streams topology that copies
 * the input records' bytes to an output topic with copydesk's own Streams and producer settings; and (b)
 * the full copydesk topology ({@link CopydeskApp}) with a fresh application id and topics, optionally
 * after an index history of older articles. Every phase first gets {@code warmup} older articles, untimed.
 *
 * <p>Each phase has its own input topic. Its app runs first; then a feeder sends the same pre-serialized
 * articles (as fast as the producer goes, or at {@code --rate}) and a read_committed consumer reads the
 * phase's output (the copy, or {@code articles.annotated}) until every article came out once. Throughput
 * is articles over first send → last output received; latency per article is its send → received.
 */
public final class BenchRunner {
    private static final Duration STALL = Duration.ofSeconds(120);

    private final Settings base;
    private final BenchOptions options;
    private final PrintStream progress;
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path root;
    private final Source source;

    /** Measures generated articles ({@link WireStoryGenerator}, {@code options.seed()}). */
    public BenchRunner(Settings base, BenchOptions options, PrintStream progress) throws IOException {
        this(base, options, null, progress);
    }

    /**
     * Measures the articles of {@code archive} ({@link ArchivedArticles}: the history, then the warm-up, then the measured
     * ones, in event-time order), or generated ones when it is null.
     */
    public BenchRunner(Settings base, BenchOptions options, ArchivedArticles archive, PrintStream progress) throws IOException {
        // the apps' ops endpoints on a free port: a copydesk already running here keeps 8080
        this.base = base.with(Settings.HTTP_PORT, "0");
        this.options = options;
        this.progress = progress;
        this.source = archive == null ? new Generated() : new Archived(archive);
        this.root = Files.createTempDirectory("copydesk-bench-");
    }

    /** Where a run's articles come from. */
    private interface Source {
        /** The measured articles, in feeding order. */
        Iterator<Article> measured(Instant now);

        /** {@code n} articles older than the measured ones, in feeding order (history first, then warm-up). */
        Iterator<Article> older(int n, Instant now);

        /** For the report's first line. */
        String describe();
    }

    /** Generated wire stories and rewrites: measured over the last 6 h before the run, older ones before that. */
    private final class Generated implements Source {
        @Override
        public Iterator<Article> measured(Instant now) {
            return articles(new WireStoryGenerator(options.seed()).withLength(options.length()).iterator(options.count(), now.minus(Duration.ofHours(6)), Duration.ofHours(6)));
        }

        @Override
        public Iterator<Article> older(int n, Instant now) {
            Duration retention = base.getDuration(Settings.RETENTION);
            Instant start = now.minus(Duration.ofHours(6)).minus(retention.multipliedBy(3).dividedBy(4));
            return articles(new WireStoryGenerator(options.seed() + 1).withLength(options.length()).iterator(n, start, retention.multipliedBy(2).dividedBy(3)));
        }

        @Override
        public String describe() {
            return "generated (seed " + options.seed() + ", length " + options.length() + ")";
        }

        private static Iterator<Article> articles(Iterator<dev.copydesk.sample.LabelledArticle> it) {
            return map(it, dev.copydesk.sample.LabelledArticle::article);
        }
    }

    /**
     * An archive's articles with their own publication times: history, then warm-up, then the measured ones. The history
     * and warm-up are read from the archive each time a phase feeds them: only the measured ones are held.
     */
    private final class Archived implements Source {
        private final ArchivedArticles articles;

        Archived(ArchivedArticles articles) {
            this.articles = articles;
            if (options.count() > articles.measuredCount()) {
                note("bench: --input has %d articles after the history and warm-up: measuring those, not %d",
                        articles.measuredCount(), options.count());
            }
        }

        @Override
        public Iterator<Article> measured(Instant now) {
            return articles.takeMeasured();
        }

        @Override
        public Iterator<Article> older(int n, Instant now) {
            return articles.older(n);
        }

        @Override
        public String describe() {
            return articles.describe();
        }
    }

    /** One article ready to send: key and value bytes and its event time. */
    record Encoded(String id, byte[] key, byte[] value, long timestamp) {
    }

    public BenchReport run() throws Exception {
        try {
            Instant now = Instant.now();
            Serializer<Article> ser = AvroSerdes.specific(Article.class,
                    Map.of(Settings.REGISTRY_URL, base.get(Settings.REGISTRY_URL)), false).serializer();
            Iterator<Encoded> it = encode(source.measured(now), ser);
            List<Encoded> measured = new ArrayList<>();
            long bytes = 0;
            while (it.hasNext()) {
                Encoded e = it.next();
                measured.add(e);
                bytes += e.value().length;
                if (measured.size() % 10_000 == 0) {
                    note("encoded %d articles", measured.size());
                }
            }
            long mean = bytes / measured.size();
            List<PhaseResult> phases = new ArrayList<>();
            phases.add(passThrough(measured, now, ser));
            if (options.history() > BenchOptions.REFERENCE_HISTORY) {
                phases.add(full(measured, BenchOptions.REFERENCE_HISTORY, now, ser));
            }
            phases.add(full(measured, options.history(), now, ser));
            String desc = String.format(Locale.ROOT, "%s, %s, %s partitions, %s stores, %d warm-up articles per phase, input %s, MinHash %s",
                    source.describe(), base.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG), base.get(Settings.PARTITIONS),
                    base.get(Settings.STORE_TYPE), options.warmup(), options.latencyMode()
                            ? String.format(Locale.ROOT, "at %.0f articles/s", options.rate()) : "as fast as the producer goes",
                    dev.copydesk.fingerprint.MinHasher.kernelInUse());
            return new BenchReport(options, mean, desc, phases);
        } finally {
            deleteTopics();
            dev.copydesk.embedded.EmbeddedKafka.deleteRecursively(root);
        }
    }

    private static Iterator<Encoded> encode(Iterator<Article> src, Serializer<Article> ser) {
        return map(src, a -> new Encoded(a.getId(), a.getId().getBytes(StandardCharsets.UTF_8),
                ser.serialize("copydesk-bench", a), a.getPublishedAt().toEpochMilli()));
    }

    private static <A, B> Iterator<B> map(Iterator<A> src, java.util.function.Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return src.hasNext();
            }

            @Override
            public B next() {
                return f.apply(src.next());
            }
        };
    }

    /** {@code n} articles older than the measured ones but inside the retention window, or null for none. */
    private Iterator<Encoded> older(int n, Instant now, Serializer<Article> ser) {
        return n == 0 ? null : encode(source.older(n, now), ser);
    }

    /**
     * The fast path of {@code --history}: the app is started once to create its internal topics and stopped,
     * the first {@code history} of {@code older} are fingerprinted here (on every core) and written into
     * the index's changelog as the index tasks would have stored them ({@link IndexPreload}); the app
     * started next restores them.
     */
    private void preload(Settings s, Iterator<Article> older, int history) throws Exception {
        Path scratch = Files.createTempDirectory(root, "topics-");
        CopydeskApp first = CopydeskApp.start(s.with("state.dir", scratch.toString()));
        try {
            first.awaitRunning(Duration.ofSeconds(120));
        } finally {
            first.closeLeavingGroup();
            // the measured app starts without local state and restores everything from the changelog
            dev.copydesk.embedded.EmbeddedKafka.deleteRecursively(scratch);
        }
        String topic = IndexPreload.changelogTopic(s.get("application.id"));
        IndexPreload preload = new IndexPreload(TopologySettings.from(s));
        long started = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            int done = 0;
            while (done < history) {
                List<Article> chunk = new ArrayList<>();
                while (chunk.size() < 2_000 && done + chunk.size() < history) {
                    chunk.add(older.next());
                }
                // fingerprinted on every core; which band keys get posted is decided in feeding order
                var batches = chunk.parallelStream().map(preload::fingerprint).collect(Collectors.toList());
                for (var articleBatches : batches) {
                    for (ProducerRecord<byte[], byte[]> r : preload.records(topic, articleBatches, partitions)) {
                        bytes += r.key().length + r.value().length;
                        producer.send(r);
                    }
                }
                done += chunk.size();
                if (done % 10_000 < chunk.size() || done == history) {
                    note("copydesk: history %d/%d written to %s (%d MB, %.0f articles/s, %d band postings)", done, history, topic,
                            bytes >> 20, done / ((System.nanoTime() - started) / 1e9), preload.postings());
                }
            }
            producer.flush();
        }
    }

    private PhaseResult passThrough(List<Encoded> measured, Instant now, Serializer<Article> ser) throws Exception {
        String in = run + ".pass.in";
        String out = run + ".pass.out";
        createTopics(List.of(in, out));
        Settings s = base.with("application.id", run + "-pass").with("state.dir", root.resolve("pass").toString())
                .with(Settings.DLQ_TOPIC, run + ".pass.dlq");
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-read"))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-write"));
        Topology topology = b.build();
        try (KafkaStreams streams = new KafkaStreams(topology, CopydeskApp.streamsProperties(s)) /* the ceiling runs with copydesk's own settings */) {
            AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
            streams.setStateListener((to, from) -> state.set(to));
            streams.start();
            awaitRunning("pass-through", () -> state.get() == KafkaStreams.State.RUNNING, () -> streams.state().hasCompletedShutdown()
                    || streams.state() == KafkaStreams.State.ERROR);
            return measure("pass-through", 0, options.warmup(), older(options.warmup(), now, ser), measured, in, out, null,
                    () -> streams.state() == KafkaStreams.State.ERROR || streams.state().hasCompletedShutdown(), 
                    new ClientFigures.Sampler(streams::metrics, List.of(run + ".pass."), List.of("out")), () -> 0L,
                    () -> streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                            .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
        }
    }

    private PhaseResult full(List<Encoded> measured, int history, Instant now, Serializer<Article> ser) throws Exception {
        String p = run + ".full" + history;
        String in = p + ".articles";
        String annotated = p + ".articles.annotated";
        createTopics(List.of(in));
        Path state = root.resolve("full" + history);
        Settings s = base.with("application.id", run + "-full" + history)
                .with("state.dir", state.toString())
                .with(Settings.INPUT_TOPIC, in)
                .with(Settings.DLQ_TOPIC, p + ".articles.dlq")
                .with(Settings.STORIES_TOPIC, p + ".stories")
                .with(Settings.ANNOTATED_TOPIC, annotated)
                .with(Settings.UNIQUE_TOPIC, p + ".articles.unique")
                .with(Settings.EVIDENCE_TOPIC, p + ".copy.evidence");
        int before = history + options.warmup();
        Iterator<Encoded> fed;
        int preloaded = 0;
        if (history > 0 && !options.historyThroughTopology()) {
            Iterator<Article> older = source.older(before, now);
            preload(s, older, history);
            preloaded = history;
            fed = options.warmup() == 0 ? null : encode(older, ser); // the rest: the warm-up, through the topology
        } else {
            fed = older(before, now, ser);
        }
        CopydeskApp app = CopydeskApp.start(s);
        AtomicBoolean closed = new AtomicBoolean();
        try {
            long restoring = System.nanoTime();
            app.awaitRunning(Duration.ofSeconds(120 + preloaded / 1_000)); // restoring the preloaded index takes a while
            if (preloaded > 0) {
                note("copydesk: %d preloaded articles restored in %.0f s", preloaded, (System.nanoTime() - restoring) / 1e9);
            }
            return measure("copydesk", preloaded, before - preloaded, fed, measured, in, annotated, p + ".articles.dlq", app::failed,
                    new ClientFigures.Sampler(() -> app.streams().metrics(), List.of(run + "-full" + history + "-", p + "."),
                            List.of("articles.annotated", "articles.dlq")),
                    () -> directorySize(state), () -> {
                        app.closeLeavingGroup();
                        closed.set(true);
                    });
        } finally {
            if (!closed.get()) {
                app.closeLeavingGroup();
            }
        }
    }

    /**
     * Feeds {@code history} older articles (warm-up and index history: untimed, as fast as possible, waiting until all came out;
     * {@code preloaded} more are in the index already), then the measured
     * articles, reading {@code output} until each measured article appeared once. An article the app rejects comes out
     * on {@code deadLetters} (null: none) instead, and counts as come out. {@code clients} reads the app's client metrics
     * ({@link ClientFigures}: sampled while the measured articles run, counted before the app closes). {@code stop} closes the
     * app; {@code stateSize} is read after it.
     */
    private PhaseResult measure(String name, int preloaded, int history, Iterator<Encoded> older, List<Encoded> measured, String input,
                                String output, String deadLetters, BooleanSupplier failed, ClientFigures.Sampler clients,
                                java.util.function.LongSupplier stateSize, Runnable stop) throws Exception {
        int n = measured.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(measured.get(i).id(), i);
        }
        long[] sent = new long[n];
        long[] received = new long[n];
        AtomicLong peakHeap = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : deadLetters == null ? List.of(output) : List.of(output, deadLetters)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(pi.topic(), pi.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            if (older != null) {
                Thread feeder = feeder(name + "-history", () -> {
                    long k = 0;
                    while (older.hasNext()) {
                        Encoded e = older.next();
                        producer.send(new ProducerRecord<>(input, null, e.timestamp(), e.key(), e.value()));
                        if (++k % 10_000 == 0) {
                            note("%s: pre-feed %d/%d sent", name, k, history);
                        }
                    }
                    producer.flush();
                });
                long seen = 0;
                long lastNote = System.nanoTime();
                long lastProgress = System.nanoTime();
                while (seen < history) {
                    int got = consumer.poll(Duration.ofMillis(200)).count();
                    seen += got;
                    long t = System.nanoTime();
                    if (got > 0) {
                        lastProgress = t;
                    }
                    check(name + " pre-feed", failed, lastProgress, seen, history);
                    if (t - lastNote > 5e9) {
                        note("%s: pre-feed %d/%d out", name, seen, history);
                        lastNote = t;
                    }
                }
                feeder.join();
                note("%s: %d pre-fed articles out; measuring %d articles", name, history, n);
            }
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                var mem = ManagementFactory.getMemoryMXBean();
                for (long k = 1; sampling.get(); k++) {
                    peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    if (k % (ClientFigures.Sampler.PERIOD_MS / 20) == 0) { // the stream threads' ratios
                        clients.sample();
                    }
                    sleep(20);
                }
            }, "bench-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Thread feeder = feeder(name + "-feed", () -> {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (options.latencyMode()) {
                        long wait = start + (long) (i * 1e9 / options.rate()) - System.nanoTime();
                        if (wait > 0) {
                            sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    Encoded e = measured.get(i);
                    sent[i] = System.nanoTime();
                    producer.send(new ProducerRecord<>(input, null, e.timestamp(), e.key(), e.value()));
                }
                producer.flush();
            });
            int seen = 0;
            long lastNote = System.nanoTime();
            long lastProgress = System.nanoTime();
            long first = 0;
            long last = 0;
            int rejected = 0;
            while (seen < n) {
                boolean progressed = false;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long t = System.nanoTime();
                    Integer i = index.get(r.key());
                    if (i != null && received[i] == 0) {
                        received[i] = t;
                        last = t;
                        seen++;
                        progressed = true;
                        if (r.topic().equals(deadLetters)) {
                            rejected++;
                        }
                    }
                }
                long t = System.nanoTime();
                if (progressed) {
                    lastProgress = t;
                }
                check(name, failed, lastProgress, seen, n);
                if (t - lastNote > 5e9) {
                    note("%s: %d/%d out", name, seen, n);
                    lastNote = t;
                }
            }
            feeder.join();
            first = sent[0];
            sampling.set(false);
            sampler.join();
            var memory = ManagementFactory.getMemoryMXBean();
            memory.gc();
            long liveHeap = memory.getHeapMemoryUsage().getUsed();
            ClientFigures counted = clients.finish(history + n);
            stop.run();
            double[] lat = new double[n];
            for (int i = 0; i < n; i++) {
                lat[i] = (received[i] - sent[i]) / 1e6;
            }
            Arrays.sort(lat);
            PhaseResult r = new PhaseResult(name, preloaded + history, n, (last - first) / 1e9, percentile(lat, 0.50),
                    percentile(lat, 0.99), peakHeap.get(), liveHeap, stateSize.getAsLong(), rejected, PhaseTimeline.of(sent, received), counted);
            note("%s: %.0f articles/s", name, r.articlesPerSecond());
            if (rejected > 0) {
                note("%s: %d of the measured articles went to %s (counted as come out)", name, rejected, deadLetters);
            }
            return r;
        }
    }

    private void check(String phase, BooleanSupplier failed, long lastProgress, long seen, long of) {
        if (failed.getAsBoolean()) {
            throw new IllegalStateException(phase + ": the Streams app stopped with an error after " + seen + "/" + of + " articles");
        }
        if (System.nanoTime() - lastProgress > STALL.toNanos()) {
            throw new IllegalStateException(phase + ": no output for " + STALL.toSeconds() + " s after " + seen + "/" + of + " articles");
        }
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private Thread feeder(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void awaitRunning(String phase, BooleanSupplier running, BooleanSupplier dead) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!running.getAsBoolean()) {
            if (dead.getAsBoolean() || System.nanoTime() > deadline) {
                throw new IllegalStateException(phase + ": Streams app did not reach RUNNING");
            }
            sleep(50);
        }
    }

    /** The feeder's producer: copydesk's producer settings for its own output (EOS-grade idempotence, 256 KB batches). */
    private Map<String, Object> producerConfig() {
        Properties streams = CopydeskApp.streamsProperties(base);
        Map<String, Object> cfg = clientConfig(ProducerConfig.configNames());
        cfg.put(ProducerConfig.BATCH_SIZE_CONFIG, streams.getProperty(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG)));
        cfg.put(ProducerConfig.LINGER_MS_CONFIG, streams.getProperty(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)));
        cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        cfg.put(ProducerConfig.ACKS_CONFIG, "all");
        return cfg;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> cfg = clientConfig(ConsumerConfig.configNames());
        cfg.remove(ConsumerConfig.GROUP_ID_CONFIG);
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return cfg;
    }

    /** Bootstrap and security settings of the configured cluster, for this client type. */
    private Map<String, Object> clientConfig(Set<String> names) {
        Map<String, Object> cfg = new HashMap<>();
        base.kafkaProperties().forEach((k, v) -> {
            if ((names.contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")) && !k.equals("application.id")) {
                cfg.put(k, v);
            }
        });
        return cfg;
    }

    private Admin admin() {
        return Admin.create(clientConfig(AdminClientConfig.configNames()));
    }

    private void createTopics(List<String> names) {
        int partitions = base.getInt(Settings.PARTITIONS, Integer.MAX_VALUE);
        short rf = (short) base.getInt(Settings.REPLICATION, Short.MAX_VALUE);
        try (Admin admin = admin()) {
            EmbeddedKafka.createTopics(admin, names.stream().map(t -> new NewTopic(t, partitions, rf)
                    .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"))).collect(Collectors.toList()));
        }
    }

    /**
     * Removes this run's topics (inputs, outputs and the apps' internal topics all start with the run id) and
     * its apps' consumer groups (their application ids start with it too; the apps left their groups on close).
     */
    private void deleteTopics() {
        try (Admin admin = admin()) {
            CopydeskApp.deleteTopicsAndGroups(admin, t -> t.startsWith(run), g -> g.startsWith(run))
                    .forEach(problem -> note("bench %s: %s", run, problem));
        }
    }

    static long directorySize(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        sleep(millis, 0);
    }

    private static void sleep(long millis, int nanos) {
        try {
            Thread.sleep(millis, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void note(String fmt, Object... args) {
        progress.println(String.format(Locale.ROOT, fmt, args));
    }
}
