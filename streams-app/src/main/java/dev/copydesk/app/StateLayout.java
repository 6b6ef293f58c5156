package dev.copydesk.app;

import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.replay.ClientConfigs;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a deployment's state depends on beyond its records: the internal record schemas (Avro binary without field
 * tags, see {@code InternalSerde}) and the number of index shards (a band key's shard decides which task holds its
 * postings). A copydesk whose layout differs cannot use the state: records written with other schemas are refused,
 * and with another shard count the index tasks lack the older postings.
 *
 * <p>The first start of an application id records its layout in a compacted topic of one partition,
 * {@code <application.id>-copydesk-state-layout}; later starts compare and refuse to start on a difference, with what
 * to do ({@code copydesk reset} deletes the topic with the rest of the state). Without this check an upgrade that
 * skipped the reset would send every article that meets the old state to the dead-letter topic.
 *
 * @param internalSchemas the first 16 hex digits of a SHA-256 over the internal record types' names and Avro parsing
 *                        fingerprints ({@link CopydeskTopology#INTERNAL_RECORDS})
 * @param indexShards     {@code copydesk.index.shards}
 */
public record StateLayout(String internalSchemas, int indexShards) {
    private static final Logger LOG = LoggerFactory.getLogger(StateLayout.class);

    /** The layout this copydesk builds with these settings. */
    public static StateLayout of(TopologySettings ts) {
        return new StateLayout(schemasFingerprint(), ts.shards());
    }

    static String schemasFingerprint() {
        StringBuilder sb = new StringBuilder();
        CopydeskTopology.INTERNAL_RECORDS.stream().sorted(Comparator.comparing(Class::getName)).forEach(type ->
                sb.append(type.getName()).append('=')
                        .append(Long.toHexString(SchemaNormalization.parsingFingerprint64(SpecificData.get().getSchema(type))))
                        .append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The record's value: {@code internal-schemas=<hex> index-shards=<n>}. */
    String encode() {
        return "internal-schemas=" + internalSchemas + " index-shards=" + indexShards;
    }

    /** Reads an encoded layout; a key it does not know is ignored, one it lacks reads as null or 0. */
    static StateLayout decode(String value) {
        Map<String, String> fields = new HashMap<>();
        for (String part : value.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        int shards;
        try {
            shards = Integer.parseInt(fields.getOrDefault("index-shards", "0"));
        } catch (NumberFormatException e) {
            shards = 0;
        }
        return new StateLayout(fields.get("internal-schemas"), shards);
    }

    /** What differs from the recorded layout, one phrase each; empty when nothing does. */
    List<String> differencesFrom(StateLayout recorded) {
        List<String> out = new ArrayList<>();
        if (!internalSchemas.equals(recorded.internalSchemas)) {
            out.add("other internal record schemas (" + recorded.internalSchemas + "; this copydesk has " + internalSchemas
                    + ": a release changed them)");
        }
        if (indexShards != recorded.indexShards) {
            out.add("copydesk.index.shards=" + recorded.indexShards + " (now " + indexShards + ")");
        }
        return out;
    }

    /** The topic that holds an application's layout. */
    public static String topic(String applicationId) {
        return applicationId + "-copydesk-state-layout";
    }

    /**
     * Compares this layout with the one recorded for the application, recording it when there is none.
     *
     * <p>The recorded layout is the topic's earliest record. Each write has a key of its own, so compaction removes
     * none: when instances of a new application start at once with different layouts, all write, all read the topic
     * again, and those whose layout is not the earliest refuse (found in a review: both of two were accepted).
     *
     * @throws ConfigException when they differ: the message says what differs and what to do
     */
    public void check(Settings settings) {
        String appId = settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
        String topic = topic(appId);
        boolean stateBefore = prepareTopic(settings, appId, topic);
        String recorded = recorded(settings, topic);
        if (recorded == null) {
            if (stateBefore) {
                LOG.warn("application {} has state from a copydesk that did not record its layout; it cannot be checked."
                        + " Recording {}", appId, encode());
            }
            record(settings, topic, encode());
            recorded = recorded(settings, topic); // another instance may have recorded another layout first
            if (recorded == null) {
                throw new IllegalStateException("the state layout written to " + topic + " cannot be read back");
            }
        }
        StateLayout before = decode(recorded);
        List<String> differences = before.internalSchemas == null
                ? List.of("an unreadable layout record '" + recorded + "'")
                : differencesFrom(before);
        if (!differences.isEmpty()) {
            throw new ConfigException("the state of application '" + appId + "' was built with "
                    + String.join(" and ", differences) + ", which this copydesk cannot use. Stop every instance, run"
                    + " `copydesk reset` and let it replay the retention window, or run with another application.id"
                    + " (`demo --data-dir`: another directory). The layout is recorded in " + topic);
        }
        LOG.info("state layout of {}: {}", appId, recorded);
    }

    /**
     * Creates the layout topic (one partition, compacted, the replication of Kafka Streams' own internal topics) or
     * makes an existing one compacted: with the delete policy its record would expire and a later start would record
     * its own layout over the state (found in a review). Returns whether the application has state already.
     */
    private static boolean prepareTopic(Settings settings, String appId, String topic) {
        try (Admin admin = CopydeskApp.admin(settings)) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!topics.contains(topic)) {
                EmbeddedKafka.createTopics(admin, List.of(new NewTopic(topic, Optional.of(1), replication(settings))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
            } else {
                makeCompacted(admin, topic);
            }
            // state a copydesk leaves: the per-article state's changelog (exact name: another app's id may extend ours)
            return topics.contains(appId + "-" + CopydeskTopology.ARTICLE_STATE_STORE + "-changelog");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the state layout", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot check the state layout in " + topic + ": " + e, e);
        }
    }

    /** Kafka Streams' {@code replication.factor}: -1 or unset for the broker's default, else 1 to 32767. */
    private static Optional<Short> replication(Settings settings) {
        String rf = settings.getOrNull(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        try {
            int value = rf == null ? -1 : Integer.parseInt(rf.trim());
            if (value == -1) {
                return Optional.empty();
            }
            if (value >= 1 && value <= Short.MAX_VALUE) {
                return Optional.of((short) value);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException(StreamsConfig.REPLICATION_FACTOR_CONFIG + "=" + rf + ": -1 (the broker's default) or 1 to 32767");
    }

    /**
     * Sets {@code cleanup.policy=compact} on a layout topic created by someone else. Without the permission (Kafka
     * Streams needs none to describe or alter configs) it warns and goes on, as for the changelogs: the check still
     * runs, but with the delete policy the record may expire (found in a second review: a restart failed).
     */
    private static void makeCompacted(Admin admin, String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy.value())) {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                        AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
                LOG.warn("{} had cleanup.policy={}; set it to compact so that its record does not expire", topic,
                        policy == null ? null : policy.value());
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("could not check or set cleanup.policy=compact on {} ({}); set it with kafka-configs --alter"
                    + " --entity-type topics --entity-name {} --add-config cleanup.policy=compact", topic, e.toString(), topic);
        }
    }

    /** The value of the earliest record in the topic's partition 0 (read committed, tombstones skipped), or null. */
    static String recorded(Settings settings, String topic) {
        Map<String, Object> cfg = ClientConfigs.forClient(settings, ConsumerConfig.configNames());
        cfg.remove(ConsumerConfig.GROUP_ID_CONFIG);
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cfg.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"); // the default 500 ms would add half a second to each start
        cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        TopicPartition p = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cfg, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p), Duration.ofSeconds(30)).get(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(p, Duration.ofSeconds(30)) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " (offset " + end + ") in 30 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) { // a tombstone (someone clearing the topic by hand) holds no layout
                        return r.value();
                    }
                }
            }
            return null;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("cannot read the state layout from " + topic + ": " + e, e);
        }
    }

    static void record(Settings settings, String topic, String value) {
        Map<String, Object> cfg = ClientConfigs.forClient(settings, ProducerConfig.configNames());
        cfg.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        cfg.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer())) {
            // partition 0 whatever the topic's partition count (a key would pick another on some counts); a key of its
            // own for each write, so that compaction removes none (keyed by the value, the cleaner kept the last copy of
            // a layout written twice, which could then come after another: found in a second review)
            producer.send(new ProducerRecord<>(topic, 0, value + "@" + java.util.UUID.randomUUID(), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the state layout", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot record the state layout in " + topic + ": " + e, e);
        }
    }
}
