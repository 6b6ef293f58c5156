package dev.copydesk.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.DeadLetter;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A backtest run on a real cluster without touching the running deployment: a fresh application id
 * ({@code copydesk-backtest-XXXXXXXX}), every topic prefixed with it, its own state directory and an ephemeral
 * HTTP port. The archive is replayed into the prefixed input topic, the outputs are read back (read_committed)
 * until every article is annotated (or dead-lettered) and the stories topic has been quiet, then the app is
 * closed (leaving its consumer group) and its topics, internal topics, consumer group and state are deleted.
 */
public final class BrokerBacktest {
    private BrokerBacktest() {
    }

    /** Runs {@code articles} through a fresh app instance on the cluster of {@code base}. */
    public static OfflineRunner.Result run(List<Article> articles, Settings base, Duration timeout, Duration quiet) {
        OfflineRunner.Collected c = new OfflineRunner.Collected();
        run(SortedArchive.of(new LoadedArchive(articles, List.of(), articles.size(), 0)), base, timeout, quiet, c);
        return c.result();
    }

    /** Runs {@code archive} through a fresh app instance on the cluster of {@code base}, each output to {@code out}. */
    public static void run(SortedArchive archive, Settings base, Duration timeout, Duration quiet, OfflineRunner.Outputs out) {
        String id = "copydesk-backtest-" + UUID.randomUUID().toString().substring(0, 8);
        Path state;
        try {
            state = Files.createTempDirectory(id);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a state directory", e);
        }
        Settings s = base.with("application.id", id).with("state.dir", state.toString()).with(Settings.HTTP_PORT, "0");
        for (String key : List.of(Settings.INPUT_TOPIC, Settings.DLQ_TOPIC, Settings.STORIES_TOPIC, Settings.ANNOTATED_TOPIC,
                Settings.UNIQUE_TOPIC, Settings.EVIDENCE_TOPIC)) {
            s = s.with(key, id + "." + base.get(key));
        }
        CopydeskApp app = CopydeskApp.start(s);
        try {
            app.awaitRunning(timeout);
            long t0 = System.nanoTime();
            Replayer.replay(archive, s.get(Settings.INPUT_TOPIC), s, Replayer.Pace.FAST, null, () -> false);
            // the last articles that opened a cluster reach articles.unique once their hold has passed
            Duration hold = s.getNonNegativeDuration(Settings.UNIQUE_HOLD).plusSeconds(2);
            readOutputs(s, archive.size(), timeout, quiet.compareTo(hold) < 0 ? hold : quiet, t0, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            app.closeLeavingGroup(); // a one-off application id: its group is deleted next, which needs it empty
            deleteTopics(s, id);
            try (Stream<Path> walk = Files.walk(state)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }

    private static void readOutputs(Settings s, long expected, Duration timeout, Duration quiet, long t0,
                                    OfflineRunner.Outputs out) {
        Map<String, Object> serde = s.kafkaProperties();
        Deserializer<AnnotatedArticle> annDe = AvroSerdes.specific(AnnotatedArticle.class, serde, false).deserializer();
        Deserializer<StoryCluster> storyDe = AvroSerdes.specific(StoryCluster.class, serde, false).deserializer();
        Deserializer<CopyEvidence> evDe = AvroSerdes.specific(CopyEvidence.class, serde, false).deserializer();
        Deserializer<DeadLetter> dlDe = AvroSerdes.specific(DeadLetter.class, serde, false).deserializer();
        Set<String> annotated = new HashSet<>(); // to know when every article is out
        long dead = 0;
        String ann = s.get(Settings.ANNOTATED_TOPIC);
        String st = s.get(Settings.STORIES_TOPIC);
        String ev = s.get(Settings.EVIDENCE_TOPIC);
        String un = s.get(Settings.UNIQUE_TOPIC);
        String dl = s.get(Settings.DLQ_TOPIC);
        Map<String, Object> cfg = ClientConfigs.forClient(s, ConsumerConfig.configNames());
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long last = System.nanoTime();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cfg, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(ann, st, ev, un, dl)) {
                c.partitionsFor(t, Duration.ofSeconds(15)).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastNews = System.nanoTime();
            while (System.nanoTime() < deadline) {
                boolean news = false;
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    news = true;
                    if (r.topic().equals(ann) || r.topic().equals(dl)) {
                        last = System.nanoTime(); // the run's time ends with its last article; articles.unique waits the hold
                    }
                    if (r.topic().equals(ann)) {
                        annotated.add(r.key());
                        out.annotated(r.key(), annDe.deserialize(r.topic(), r.value()));
                    } else if (r.topic().equals(st)) {
                        out.story(r.key(), storyDe.deserialize(r.topic(), r.value()));
                    } else if (r.topic().equals(ev)) {
                        out.evidence(evDe.deserialize(r.topic(), r.value()));
                    } else if (r.topic().equals(un)) {
                        out.unique(r.key());
                    } else {
                        dead++;
                        out.deadLetter(dlDe.deserialize(r.topic(), r.value()));
                    }
                }
                if (news) {
                    lastNews = System.nanoTime();
                }
                if (annotated.size() + dead >= expected && System.nanoTime() - lastNews > quiet.toNanos()) {
                    break;
                }
            }
        }
        if (annotated.size() + dead < expected) {
            throw new IllegalStateException("backtest on the cluster timed out: " + annotated.size() + " of " + expected
                    + " articles annotated after " + timeout.toSeconds() + " s");
        }
        out.finished(last - t0);
    }

    /**
     * Deletes the run's topics (the prefixed ones, {@code id.}, and the internal ones, {@code id-}) and its
     * consumer group.
     */
    private static void deleteTopics(Settings s, String id) {
        try (Admin admin = CopydeskApp.admin(s)) {
            CopydeskApp.deleteTopicsAndGroups(admin, t -> t.startsWith(id + ".") || t.startsWith(id + "-"), id::equals)
                    .forEach(problem -> org.slf4j.LoggerFactory.getLogger(BrokerBacktest.class).warn("{}: {}", id, problem));
        }
    }
}
