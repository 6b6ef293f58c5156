package dev.copydesk.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.DeadLetter;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.MockRegistryClient;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.TopologySettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs the real copydesk topology offline, in a {@link TopologyTestDriver} (no broker), over a list of
 * articles in the given order, with the real serdes against an in-process registry. Used by backtests
 * and quality tests; it is also the single-threaded reference that scaled-out runs must equal.
 *
 * <p>The stores live only as long as the run, so they keep no changelog (nothing is ever restored), and task
 * idling is off (each record is processed to the end before the next is piped). Neither changes the results.
 *
 * <p>The driver's wall clock follows the archive's event time ({@link ArchiveClock}): the hold before
 * {@code articles.unique} ({@code copydesk.unique.hold}, wall-clock time live) lasts that much of the archive's time,
 * as it would if the articles came live, and the outputs do not depend on how fast the run goes.
 */
public final class OfflineRunner {
    private OfflineRunner() {
    }

    /** Everything the topology wrote. */
    public record Result(Map<String, AnnotatedArticle> annotated, Map<String, StoryCluster> stories,
                         List<CopyEvidence> evidence, List<String> unique, List<DeadLetter> deadLetters,
                         long nanos) {
        /** Article id → final copy cluster id (following merges), for every annotated article. */
        public Map<String, String> finalClusters() {
            Map<String, String> m = new HashMap<>();
            for (StoryCluster c : stories.values()) {
                if (c.getAbsorbedInto() == null) {
                    for (ClusterMember member : c.getMembers()) {
                        m.put(member.getArticleId(), c.getClusterId());
                    }
                }
            }
            // an article beyond its cluster's member cap (copydesk.cluster.max.members) is in no list: its annotated
            // cluster, followed through the merges
            annotated.forEach((id, a) -> m.computeIfAbsent(id, x -> live(a.getClusterId(), c -> {
                StoryCluster s = stories.get(c);
                return s == null ? null : s.getAbsorbedInto();
            })));
            return m;
        }

        public double articlesPerSecond() {
            return nanos == 0 ? 0 : annotated.size() * 1e9 / nanos;
        }
    }

    /** The live cluster of {@code cluster}: followed through {@code absorbedInto} (null: live) until it is live. */
    static String live(String cluster, java.util.function.Function<String, String> absorbedInto) {
        String c = cluster;
        for (int hops = 0; hops < 1_000_000; hops++) { // a cycle cannot happen (the earlier id wins); bounded anyway
            String next = absorbedInto.apply(c);
            if (next == null) {
                return c;
            }
            c = next;
        }
        throw new IllegalStateException("absorbed_into of cluster " + cluster + " does not end");
    }

    /**
     * Where a run's outputs go, record by record, as the driver hands them out: {@link Collected} keeps them all (a
     * {@link Result}); a backtest keeps only what it scores ({@code Backtest.Tally}), so that its memory does not grow with
     * the evidence and the articles' titles.
     */
    public interface Outputs {
        /** A record on {@code articles.annotated} (an article annotated again replaces its earlier record). */
        void annotated(String id, AnnotatedArticle a);

        /** A record on {@code stories} (the cluster's latest state). */
        void story(String clusterId, StoryCluster c);

        void evidence(CopyEvidence e);

        /** A record on {@code articles.unique}. */
        void unique(String id);

        void deadLetter(DeadLetter d);

        /** The run has ended after {@code nanos} of wall-clock time. */
        default void finished(long nanos) {
        }
    }

    /** Outputs kept whole: {@link #result}. */
    public static final class Collected implements Outputs {
        private final Map<String, AnnotatedArticle> annotated = new LinkedHashMap<>();
        private final Map<String, StoryCluster> stories = new HashMap<>();
        private final List<CopyEvidence> evidence = new ArrayList<>();
        private final List<String> unique = new ArrayList<>();
        private final List<DeadLetter> dead = new ArrayList<>();
        private long nanos;

        @Override
        public void annotated(String id, AnnotatedArticle a) {
            annotated.put(id, a);
        }

        @Override
        public void story(String clusterId, StoryCluster c) {
            stories.put(clusterId, c);
        }

        @Override
        public void evidence(CopyEvidence e) {
            evidence.add(e);
        }

        @Override
        public void unique(String id) {
            unique.add(id);
        }

        @Override
        public void deadLetter(DeadLetter d) {
            dead.add(d);
        }

        @Override
        public void finished(long nanos) {
            this.nanos = nanos;
        }

        public Result result() {
            return new Result(annotated, stories, evidence, unique, dead, nanos);
        }
    }

    public static Result run(Iterable<Article> articles, Settings base, LongConsumer progress) {
        return run(articles, base, progress, driver -> { });
    }

    /** As {@link #run(Iterable, Settings, LongConsumer)}, each output to {@code out} as it comes. */
    public static void run(Iterable<Article> articles, Settings base, LongConsumer progress, Outputs out) {
        runFull(articles, base, progress, driver -> { }, null, out);
    }

    /** As {@link #run(Iterable, Settings, LongConsumer)}; {@code atEnd} sees the driver after the last article (tests). */
    static Result run(Iterable<Article> articles, Settings base, LongConsumer progress,
                      java.util.function.Consumer<TopologyTestDriver> atEnd) {
        Collected c = new Collected();
        runFull(articles, base, progress, atEnd, null, c);
        return c.result();
    }

    /**
     * A run whose records into the link aggregator are also written to a {@link DecisionLog}: {@link #decideAgain} then
     * gives what a run with other {@linkplain CopydeskTopology#DECISION_SETTINGS decision settings} would, without
     * fingerprinting and the index. Close it to delete the log.
     */
    public static Recorded runRecorded(Iterable<Article> articles, Settings base, LongConsumer progress, Outputs out) {
        return runRecorded(articles, base, progress, DecisionLog.create(), out);
    }

    /** As {@link #runRecorded(Iterable, Settings, LongConsumer, Outputs)}, keeping the outputs: {@link Recorded#result}. */
    public static Recorded runRecorded(Iterable<Article> articles, Settings base, LongConsumer progress) {
        return runRecorded(articles, base, progress, DecisionLog.create());
    }

    /** As {@link #runRecorded(Iterable, Settings, LongConsumer)}, into {@code log} (tests). */
    static Recorded runRecorded(Iterable<Article> articles, Settings base, LongConsumer progress, DecisionLog log) {
        Collected c = new Collected();
        Recorded r = runRecorded(articles, base, progress, log, c);
        return new Recorded(r.settings(), r.log(), c.result());
    }

    private static Recorded runRecorded(Iterable<Article> articles, Settings base, LongConsumer progress, DecisionLog log,
                                        Outputs out) {
        try {
            runFull(articles, base, progress, driver -> { }, log, out);
            log.finish();
            return new Recorded(base, log, null);
        } catch (RuntimeException | Error e) {
            log.close();
            throw e;
        }
    }

    /**
     * A recorded run: its settings, its log and, when it kept them ({@link #runRecorded(Iterable, Settings, LongConsumer)}),
     * its outputs (else null).
     */
    public record Recorded(Settings settings, DecisionLog log, Result result)
            implements AutoCloseable {
        @Override
        public void close() {
            log.close();
        }

        /** The log's size on disk, in bytes. */
        public long logBytes() {
            return log.bytes();
        }
    }

    /**
     * What a run over the recorded run's articles with {@code base} gives, decided from the recorded run's index answers:
     * the link decision and cluster steps run again (the same processors and stores, {@link CopydeskTopology#buildDecisions})
     * on the log, with the same wall clock and stream time. {@code base} may differ from the recorded run's settings only in
     * {@link CopydeskTopology#DECISION_SETTINGS} (the steps before read none of them) and by stricter
     * {@link CopydeskTopology#FILTER_SETTINGS}. Dead letters: the recorded run's from the steps before (validation, the
     * index), then those of the steps run again ({@link #fromStepsBefore}).
     */
    public static Result decideAgain(Recorded recorded, Settings base, LongConsumer progress) {
        Collected c = new Collected();
        decideAgain(recorded, base, progress, c);
        return c.result();
    }

    /** As {@link #decideAgain(Recorded, Settings, LongConsumer)}, each output to {@code out} as it comes. */
    public static void decideAgain(Recorded recorded, Settings base, LongConsumer progress, Outputs out) {
        TopologySettings was = TopologySettings.from(recorded.settings());
        TopologySettings now = TopologySettings.from(base);
        for (String key : differences(recorded.settings(), base)) {
            if (CopydeskTopology.DECISION_SETTINGS.contains(key)) {
                continue;
            }
            if (CopydeskTopology.FILTER_SETTINGS.contains(key)
                    && CopydeskTopology.filterValue(key, now) >= CopydeskTopology.filterValue(key, was)) {
                continue; // stricter: the index answers of the recorded run hold the pairs it lets through
            }
            throw new IllegalArgumentException(CopydeskTopology.FILTER_SETTINGS.contains(key)
                    ? key + " is lower than in the recorded run, whose index left out the pairs it would let through: the"
                            + " recorded run cannot be decided again with it"
                    : key + " is read before the link decision: the recorded run cannot be decided again with another value");
        }
        long t0 = System.nanoTime();
        Session session = new Session(base, out);
        String events = "copydesk-offline-article-events";
        String time = "copydesk-offline-stream-time";
        org.apache.kafka.streams.Topology decisions = CopydeskTopology.buildDecisions(session.topology.withoutChangelogs(), events, time);
        java.util.function.Predicate<DeadLetter> before = fromStepsBefore(decisions, session.props, session.settings);
        ArchiveClock clock = ArchiveClock.driver(decisions, session.props);
        try (TopologyTestDriver driver = clock.driver()) {
            session.open(driver);
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(events, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            TestInputTopic<byte[], byte[]> ticks = driver.createInputTopic(time, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            byte[] empty = new byte[0];
            long[] n = {0};
            recorded.log().read(new DecisionLog.Reader() {
                @Override
                public void input(long timestamp) {
                    if (n[0] > 0) {
                        session.drain();
                        if (progress != null) {
                            progress.accept(n[0]);
                        }
                    }
                    n[0]++;
                    clock.advanceTo(timestamp);
                    ticks.pipeInput(new TestRecord<>(null, empty, java.time.Instant.ofEpochMilli(timestamp)));
                }

                @Override
                public void event(byte[] key, byte[] value, long timestamp, org.apache.kafka.common.header.Headers headers) {
                    in.pipeInput(new TestRecord<>(key, value, headers, java.time.Instant.ofEpochMilli(timestamp)));
                }

                @Override
                public void deadLetter(DeadLetter d) {
                    if (before.test(d)) { // the steps run again give theirs anew
                        session.drain();
                        out.deadLetter(d);
                    }
                }
            });
            session.drain();
            if (progress != null && n[0] > 0) {
                progress.accept(n[0]);
            }
            clock.release(session.topology.uniqueHold());
            session.drain();
        } finally {
            session.close();
        }
        out.finished(System.nanoTime() - t0);
    }

    /**
     * Whether a dead letter of the recorded (whole) run came from the steps before the link decision, which a point decided
     * again does not run: not from a processor of {@code decisions}, nor from reading or writing one of its topics (its
     * internal topics named as the driver names them). The others the point decided again gives anew, under its settings.
     */
    static java.util.function.Predicate<DeadLetter> fromStepsBefore(org.apache.kafka.streams.Topology decisions,
                                                                   Properties props, Settings settings) {
        Set<String> nodes = new java.util.HashSet<>();
        Set<String> topics = new java.util.HashSet<>();
        String prefix = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-";
        for (org.apache.kafka.streams.TopologyDescription.Subtopology sub : decisions.describe().subtopologies()) {
            for (org.apache.kafka.streams.TopologyDescription.Node node : sub.nodes()) {
                nodes.add(node.name());
                if (node instanceof org.apache.kafka.streams.TopologyDescription.Source src && src.topicSet() != null) {
                    src.topicSet().forEach(t -> { topics.add(t); topics.add(prefix + t); });
                } else if (node instanceof org.apache.kafka.streams.TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    topics.add(prefix + sink.topic());
                }
            }
        }
        topics.remove(settings.get(Settings.DLQ_TOPIC));
        return d -> {
            String stage = d.getStage();
            int colon = stage.indexOf(':');
            String kind = colon < 0 ? stage : stage.substring(0, colon);
            String what = colon < 0 ? null : stage.substring(colon + 1);
            return switch (kind) {
                case "process" -> !nodes.contains(what);
                case "produce", "serialize" -> !topics.contains(what);
                case "deserialize" -> !topics.contains(d.getTopic());
                default -> true; // "validate": the input's own
            };
        };
    }

    /** The keys whose values differ between two settings. */
    static java.util.SortedSet<String> differences(Settings a, Settings b) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(a.asMap().keySet());
        keys.addAll(b.asMap().keySet());
        keys.removeIf(k -> java.util.Objects.equals(a.asMap().get(k), b.asMap().get(k)));
        return keys;
    }

    private static void runFull(Iterable<Article> articles, Settings base, LongConsumer progress,
                                java.util.function.Consumer<TopologyTestDriver> atEnd, DecisionLog log, Outputs out) {
        long t0 = System.nanoTime();
        Session session = new Session(base, out);
        session.recording = log; // its dead letters too, for the points decided again, in their place among the events
        ArchiveClock clock = ArchiveClock.driver(CopydeskTopology.build(session.topology.withoutChangelogs(),
                dev.copydesk.topology.TopologyMetrics.NONE, log == null ? null : log.tap()), session.props);
        try (TopologyTestDriver driver = clock.driver()) {
            session.open(driver);
            TestInputTopic<String, Article> in = driver.createInputTopic(session.settings.get(Settings.INPUT_TOPIC),
                    Serdes.String().serializer(), AvroSerdes.specific(Article.class, session.serde, false).serializer());
            long n = 0;
            for (Article a : articles) {
                long ts = a.getPublishedAt().toEpochMilli();
                if (log != null) {
                    log.input(ts);
                }
                clock.advanceTo(ts);
                in.pipeInput(new TestRecord<>(a.getId(), a, a.getPublishedAt()));
                if (log != null) {
                    log.check(); // a write of the tap that failed: the log is not whole
                }
                session.drain();
                n++;
                if (progress != null) {
                    progress.accept(n);
                }
            }
            clock.release(session.topology.uniqueHold());
            session.drain();
            atEnd.accept(driver);
        } finally {
            session.close();
        }
        out.finished(System.nanoTime() - t0);
    }

    /**
     * The budget of the index's cache of decoded articles ({@code copydesk.index.cache}) in an offline run that does not
     * set it: an eighth of the heap, at most the app's default. The app's default (50 MB a task) would be a good part of
     * a small heap; the cache only saves reading an article from the store and decoding it again (its budget changes no
     * result), and the copies it serves come close in time: an eighth of a 128 MB heap still holds about 3,900 generated
     * articles, days of a generated archive's. The rest of the heap goes to the archive's sort buffer (a quarter,
     * {@link SortedArchive#defaultBudget()}), the band postings and the in-memory stores.
     */
    static long indexCache(long maxHeap) {
        return Math.min(TopologySettings.INDEX_CACHE_DEFAULT, maxHeap / 8);
    }

    /** One driver's settings, state directory and output topics; what it writes goes to {@link #out}. */
    private static final class Session {
        final String registry = "mock://offline-" + UUID.randomUUID();
        final Settings settings;
        final Properties props;
        final Map<String, Object> serde;
        final TopologySettings topology;
        final java.nio.file.Path stateDir;
        final Outputs out;
        // the recording of a run whose points are decided again: dead letters go to it too
        DecisionLog recording;
        private Runnable drain = () -> { };

        Session(Settings base, Outputs out) {
            this.out = out;
            Settings s = base.with(Settings.REGISTRY_URL, registry);
            settings = s.getOrNull(Settings.INDEX_CACHE) != null ? s
                    : s.with(Settings.INDEX_CACHE, Long.toString(indexCache(Runtime.getRuntime().maxMemory())));
            props = dev.copydesk.app.CopydeskApp.streamsProperties(settings);
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "copydesk-offline");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
            props.put("ensure.explicit.internal.resource.naming", "true");
            // records are piped one at a time and processed to the end: there is never anything to wait for
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
            // a record that cannot be read fails the run: offline, every record read was written by this run (the input is
            // read as bytes, its problems are dead letters of the validation step), or is the decision log's, so such a
            // record is a fault of the run; and under exactly-once TopologyTestDriver drops the dead letter a
            // deserialization handler returns for a record piped in, as the log's are (measured with Kafka Streams 4.3.1;
            // for internal topics it reaches the topic), so it would go unseen
            props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    org.apache.kafka.streams.errors.LogAndFailExceptionHandler.class.getName());
            try {
                stateDir = java.nio.file.Files.createTempDirectory("copydesk-offline-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create a state directory", e);
            }
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            serde = Map.of(Settings.REGISTRY_URL, registry);
            topology = TopologySettings.from(settings);
        }

        void open(TopologyTestDriver driver) {
            TestOutputTopic<String, AnnotatedArticle> ann = driver.createOutputTopic(settings.get(Settings.ANNOTATED_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(AnnotatedArticle.class, serde, false).deserializer());
            TestOutputTopic<String, StoryCluster> st = driver.createOutputTopic(settings.get(Settings.STORIES_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(StoryCluster.class, serde, false).deserializer());
            TestOutputTopic<String, CopyEvidence> ev = driver.createOutputTopic(settings.get(Settings.EVIDENCE_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(CopyEvidence.class, serde, false).deserializer());
            // only the ids are taken: the value, the whole article, is not decoded
            TestOutputTopic<String, byte[]> un = driver.createOutputTopic(settings.get(Settings.UNIQUE_TOPIC),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            String dlq = settings.get(Settings.DLQ_TOPIC);
            TestOutputTopic<String, DeadLetter> dl = driver.createOutputTopic(dlq,
                    Serdes.String().deserializer(), AvroSerdes.specific(DeadLetter.class, serde, false).deserializer());
            Set<String> outputs = Set.of(settings.get(Settings.ANNOTATED_TOPIC), settings.get(Settings.STORIES_TOPIC),
                    settings.get(Settings.EVIDENCE_TOPIC), settings.get(Settings.UNIQUE_TOPIC), settings.get(Settings.DLQ_TOPIC));
            Map<String, TestOutputTopic<byte[], byte[]>> internal = new HashMap<>();
            drain = () -> {
                ann.readRecordsToList().forEach(r -> out.annotated(r.key(), r.value()));
                st.readRecordsToList().forEach(r -> out.story(r.key(), r.value()));
                ev.readRecordsToList().forEach(r -> out.evidence(r.value()));
                un.readRecordsToList().forEach(r -> out.unique(r.key()));
                // only once something went to it: the topology decided again has no sink to the dead-letter topic (only the
                // handlers write to it), and the driver warns at every read of a topic it does not know ("Unrecognized
                // topic"), once per article
                if (driver.producedTopicNames().contains(dlq)) {
                    dl.readRecordsToList().forEach(r -> {
                        if (recording != null) {
                            recording.deadLetter(r.value());
                        }
                        out.deadLetter(r.value());
                    });
                }
                // The driver also keeps every record the topology writes to its repartition topics, after piping it back
                // in, until someone reads it: unread, a run held all its internal records (kilobytes per article) to the end.
                for (String topic : driver.producedTopicNames()) {
                    if (!outputs.contains(topic)) {
                        TestOutputTopic<byte[], byte[]> t = internal.computeIfAbsent(topic, name -> driver.createOutputTopic(name,
                                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
                        while (!t.isEmpty()) {
                            t.readRecord();
                        }
                    }
                }
            };
        }

        void drain() {
            drain.run();
        }

        void close() {
            MockRegistryClient.drop(registry.substring("mock://".length()));
            dev.copydesk.embedded.EmbeddedKafka.deleteRecursively(stateDir);
        }
    }
}
