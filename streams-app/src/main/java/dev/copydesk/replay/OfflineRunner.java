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
        String registry = "mock://offline-" + UUID.randomUUID();
        Settings settings = base.with(Settings.REGISTRY_URL, registry);
        Properties props = dev.copydesk.app.CopydeskApp.streamsProperties(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "copydesk-offline");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
        props.put("ensure.explicit.internal.resource.naming", "true");
        // records are piped one at a time and processed to the end: there is never anything to wait for
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        java.nio.file.Path stateDir;
        try {
            stateDir = java.nio.file.Files.createTempDirectory("copydesk-offline-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a state directory", e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Map<String, Object> serde = Map.of(Settings.REGISTRY_URL, registry);
        Map<String, AnnotatedArticle> annotated = new LinkedHashMap<>();
        Map<String, StoryCluster> stories = new HashMap<>();
        List<CopyEvidence> evidence = new ArrayList<>();
        List<String> unique = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        long t0 = System.nanoTime();
        TopologySettings topology = TopologySettings.from(settings);
        ArchiveClock clock = ArchiveClock.driver(CopydeskTopology.build(topology.withoutChangelogs()), props);
        try (TopologyTestDriver driver = clock.driver()) {
            TestInputTopic<String, Article> in = driver.createInputTopic(settings.get(Settings.INPUT_TOPIC),
                    Serdes.String().serializer(), AvroSerdes.specific(Article.class, serde, false).serializer());
            TestOutputTopic<String, AnnotatedArticle> ann = driver.createOutputTopic(settings.get(Settings.ANNOTATED_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(AnnotatedArticle.class, serde, false).deserializer());
            TestOutputTopic<String, StoryCluster> st = driver.createOutputTopic(settings.get(Settings.STORIES_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(StoryCluster.class, serde, false).deserializer());
            TestOutputTopic<String, CopyEvidence> ev = driver.createOutputTopic(settings.get(Settings.EVIDENCE_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(CopyEvidence.class, serde, false).deserializer());
            TestOutputTopic<String, Article> un = driver.createOutputTopic(settings.get(Settings.UNIQUE_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(Article.class, serde, false).deserializer());
            TestOutputTopic<String, DeadLetter> dl = driver.createOutputTopic(settings.get(Settings.DLQ_TOPIC),
                    Serdes.String().deserializer(), AvroSerdes.specific(DeadLetter.class, serde, false).deserializer());
            Set<String> outputs = Set.of(settings.get(Settings.ANNOTATED_TOPIC), settings.get(Settings.STORIES_TOPIC),
                    settings.get(Settings.EVIDENCE_TOPIC), settings.get(Settings.UNIQUE_TOPIC), settings.get(Settings.DLQ_TOPIC));
            Map<String, TestOutputTopic<byte[], byte[]>> internal = new HashMap<>();
            Runnable drain = () -> {
                ann.readRecordsToList().forEach(r -> annotated.put(r.key(), r.value()));
                st.readRecordsToList().forEach(r -> stories.put(r.key(), r.value()));
                ev.readRecordsToList().forEach(r -> evidence.add(r.value()));
                un.readRecordsToList().forEach(r -> unique.add(r.key()));
                dl.readRecordsToList().forEach(r -> dead.add(r.value()));
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
            long n = 0;
            for (Article a : articles) {
                clock.advanceTo(a.getPublishedAt().toEpochMilli());
                in.pipeInput(new TestRecord<>(a.getId(), a, a.getPublishedAt()));
                drain.run();
                n++;
                if (progress != null) {
                    progress.accept(n);
                }
            }
            clock.release(topology.uniqueHold());
            drain.run();
            atEnd.accept(driver);
        } finally {
            MockRegistryClient.drop(registry.substring("mock://".length()));
            dev.copydesk.embedded.EmbeddedKafka.deleteRecursively(stateDir);
        }
        return new Result(annotated, stories, evidence, unique, dead, System.nanoTime() - t0);
    }
}
