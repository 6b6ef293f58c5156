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
            annotated.forEach((id, a) -> m.put(id, id));
            for (StoryCluster c : stories.values()) {
                if (c.getAbsorbedInto() == null) {
                    for (ClusterMember member : c.getMembers()) {
                        m.put(member.getArticleId(), c.getClusterId());
                    }
                }
            }
            return m;
        }

        public double articlesPerSecond() {
            return nanos == 0 ? 0 : annotated.size() * 1e9 / nanos;
        }
    }

    public static Result run(Iterable<Article> articles, Settings base, LongConsumer progress) {
        return run(articles, base, progress, driver -> { });
    }

    /** As {@link #run(Iterable, Settings, LongConsumer)}; {@code atEnd} sees the driver after the last article (tests). */
    static Result run(Iterable<Article> articles, Settings base, LongConsumer progress,
                      java.util.function.Consumer<TopologyTestDriver> atEnd) {
        return runFull(articles, base, progress, atEnd, null);
    }

    /**
     * A run whose records into the link aggregator are also written to a {@link DecisionLog}: {@link #decideAgain} then
     * gives what a run with other {@linkplain CopydeskTopology#DECISION_SETTINGS decision settings} would, without
     * fingerprinting and the index. Close it to delete the log.
     */
    public static Recorded runRecorded(Iterable<Article> articles, Settings base, LongConsumer progress) {
        return runRecorded(articles, base, progress, DecisionLog.create());
    }

    /** As {@link #runRecorded(Iterable, Settings, LongConsumer)}, into {@code log} (tests). */
    static Recorded runRecorded(Iterable<Article> articles, Settings base, LongConsumer progress, DecisionLog log) {
        try {
            Result r = runFull(articles, base, progress, driver -> { }, log);
            log.finish();
            return new Recorded(r, base, log);
        } catch (RuntimeException | Error e) {
            log.close();
            throw e;
        }
    }

    /** A recorded run: its result, its settings and its log. */
    public record Recorded(Result result, Settings settings, DecisionLog log) implements AutoCloseable {
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
     * {@link CopydeskTopology#FILTER_SETTINGS}; dead letters are the recorded run's.
     */
    public static Result decideAgain(Recorded recorded, Settings base, LongConsumer progress) {
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
        Session session = new Session(base);
        String events = "copydesk-offline-article-events";
        String time = "copydesk-offline-stream-time";
        ArchiveClock clock = ArchiveClock.driver(CopydeskTopology.buildDecisions(session.topology.withoutChangelogs(), events, time),
                session.props);
        try (TopologyTestDriver driver = clock.driver()) {
            session.open(driver, false); // no dead letters: the validation step is not in this topology
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
        return session.result(recorded.result().deadLetters(), System.nanoTime() - t0);
    }

    /** The keys whose values differ between two settings. */
    static java.util.SortedSet<String> differences(Settings a, Settings b) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(a.asMap().keySet());
        keys.addAll(b.asMap().keySet());
        keys.removeIf(k -> java.util.Objects.equals(a.asMap().get(k), b.asMap().get(k)));
        return keys;
    }

    private static Result runFull(Iterable<Article> articles, Settings base, LongConsumer progress,
                                  java.util.function.Consumer<TopologyTestDriver> atEnd, DecisionLog log) {
        long t0 = System.nanoTime();
        Session session = new Session(base);
        ArchiveClock clock = ArchiveClock.driver(CopydeskTopology.build(session.topology.withoutChangelogs(),
                dev.copydesk.topology.TopologyMetrics.NONE, log == null ? null : log.tap()), session.props);
        try (TopologyTestDriver driver = clock.driver()) {
            session.open(driver, true);
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
        return session.result(session.dead, System.nanoTime() - t0);
    }

    /** One driver's settings, state directory and output topics, and what it wrote. */
    private static final class Session {
        final String registry = "mock://offline-" + UUID.randomUUID();
        final Settings settings;
        final Properties props;
        final Map<String, Object> serde;
        final TopologySettings topology;
        final java.nio.file.Path stateDir;
        final Map<String, AnnotatedArticle> annotated = new LinkedHashMap<>();
        final Map<String, StoryCluster> stories = new HashMap<>();
        final List<CopyEvidence> evidence = new ArrayList<>();
        final List<String> unique = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();
        private Runnable drain = () -> { };

        Session(Settings base) {
            settings = base.with(Settings.REGISTRY_URL, registry);
            props = dev.copydesk.app.CopydeskApp.streamsProperties(settings);
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "copydesk-offline");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
            props.put("ensure.explicit.internal.resource.naming", "true");
            // records are piped one at a time and processed to the end: there is never anything to wait for
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
            try {
                stateDir = java.nio.file.Files.createTempDirectory("copydesk-offline-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create a state directory", e);
            }
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            serde = Map.of(Settings.REGISTRY_URL, registry);
            topology = TopologySettings.from(settings);
        }

        void open(TopologyTestDriver driver, boolean deadLetters) {
            TestOutputTopic<String, AnnotatedArticle> ann = driver.createOutputTopic(settings.get(Settings.ANNOTATED_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(AnnotatedArticle.class, serde, false).deserializer());
            TestOutputTopic<String, StoryCluster> st = driver.createOutputTopic(settings.get(Settings.STORIES_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(StoryCluster.class, serde, false).deserializer());
            TestOutputTopic<String, CopyEvidence> ev = driver.createOutputTopic(settings.get(Settings.EVIDENCE_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(CopyEvidence.class, serde, false).deserializer());
            TestOutputTopic<String, Article> un = driver.createOutputTopic(settings.get(Settings.UNIQUE_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(Article.class, serde, false).deserializer());
            TestOutputTopic<String, DeadLetter> dl = deadLetters ? driver.createOutputTopic(settings.get(Settings.DLQ_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(DeadLetter.class, serde, false).deserializer()) : null;
            Set<String> outputs = Set.of(settings.get(Settings.ANNOTATED_TOPIC), settings.get(Settings.STORIES_TOPIC),
                    settings.get(Settings.EVIDENCE_TOPIC), settings.get(Settings.UNIQUE_TOPIC), settings.get(Settings.DLQ_TOPIC));
            Map<String, TestOutputTopic<byte[], byte[]>> internal = new HashMap<>();
            drain = () -> {
                ann.readRecordsToList().forEach(r -> annotated.put(r.key(), r.value()));
                st.readRecordsToList().forEach(r -> stories.put(r.key(), r.value()));
                ev.readRecordsToList().forEach(r -> evidence.add(r.value()));
                un.readRecordsToList().forEach(r -> unique.add(r.key()));
                if (dl != null) {
                    dl.readRecordsToList().forEach(r -> dead.add(r.value()));
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

        Result result(List<DeadLetter> deadLetters, long nanos) {
            return new Result(annotated, stories, evidence, unique, deadLetters, nanos);
        }

        void close() {
            MockRegistryClient.drop(registry.substring("mock://".length()));
            dev.copydesk.embedded.EmbeddedKafka.deleteRecursively(stateDir);
        }
    }
}
