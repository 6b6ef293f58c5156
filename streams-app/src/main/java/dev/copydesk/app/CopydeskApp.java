package dev.copydesk.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.ops.Operations;
import dev.copydesk.registry.RegistryClient;
import dev.copydesk.registry.RegistryClients;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.DeadLetters;
import dev.copydesk.topology.IndexPreload;
import dev.copydesk.topology.TopologySettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copydesk Kafka Streams application: checks the cluster and the registry, creates the topics it
 * owns when absent, builds the topology and runs it, logging every state transition.
 */
public final class CopydeskApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CopydeskApp.class);

    private final Settings settings;
    private final KafkaStreams streams;
    private final Operations ops;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private CopydeskApp(Settings settings, KafkaStreams streams, Operations ops) {
        this.settings = settings;
        this.streams = streams;
        this.ops = ops;
    }

    /** Checks the settings without contacting anything: copydesk's own and Kafka Streams'; a {@link ConfigException} names the bad one. */
    public static TopologySettings validate(Settings settings) {
        TopologySettings ts = TopologySettings.from(settings);
        checkStreamsConfig(settings);
        return ts;
    }

    /** Validates settings, checks broker and registry, creates topics, and starts the streams client. */
    public static CopydeskApp start(Settings settings) {
        TopologySettings ts = validate(settings);
        // the HTTP port (metrics, health, interactive queries) is bound first: it is application.server, and a bad
        // or busy port is refused before anything is created on the cluster
        Operations ops = Operations.open(settings);
        Topology topology;
        KafkaStreams streams;
        try {
            checkBroker(settings);
            checkRegistry(settings);
            createTopics(settings, ts);
            StateLayout.of(ts).check(settings);
            topology = CopydeskTopology.build(ts, ops.topologyMetrics());
            Properties props = streamsProperties(settings);
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, ops.applicationServer());
            streams = new KafkaStreams(topology, props);
            ops.attach(streams, topology.describe().toString(), admin(settings), ts.inputTopic());
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
        CopydeskApp app = new CopydeskApp(settings, streams, ops);
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            ops.stateChange(before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                app.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(CopydeskApp::onStreamThreadFailure);
        LOG.info("MinHash loop: {}, feature sort: {}", dev.copydesk.fingerprint.MinHasher.kernelInUse(),
                dev.copydesk.fingerprint.FeatureExtractor.sortKernel());
        streams.start();
        return app;
    }

    /**
     * What a failed stream thread leads to. Bad input never gets here (validation and the DeadLetters handlers take
     * it); what does is an infrastructure failure (broker gone, timeouts), and a new thread redoes the aborted work.
     * But not after a {@link VirtualMachineError} such as an {@link OutOfMemoryError}: the JVM is not safe to go on
     * with (any other thread may have died of it too, a producer's sender say), and a new thread would restore the
     * same state into the same heap and fail again, out of sight. The instance stops instead: Kafka Streams goes to
     * ERROR, {@code copydesk run} exits 1, and a supervisor (Docker's restart policy, Kubernetes) restarts it, which
     * ops see. In a soak (two instances, 100,000 articles over 12 days at 250/s) an instance with {@code -Xmx700m}
     * ran out of heap and went on replacing its thread.
     */
    static StreamThreadExceptionResponse onStreamThreadFailure(
            Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof VirtualMachineError) {
                LOG.error("stream thread failed with {}: stopping this instance, as the JVM is not safe to go on with."
                        + " The candidate index lives in the heap: give the instance more (-Xmx), or more instances"
                        + " to spread the partitions over", t.toString());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
        LOG.error("stream thread failed, replacing it: {}", e.toString());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    public static Properties streamsProperties(Settings settings) {
        Properties p = new Properties();
        p.putAll(settings.kafkaProperties());
        p.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/copydesk-state");
        p.put("ensure.explicit.internal.resource.naming", "true");
        // failures past validation go to the dead-letter topic too, and the pipeline goes on
        p.put(DeadLetters.DLQ_TOPIC, settings.get(Settings.DLQ_TOPIC));
        p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
        p.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
        p.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
        // records of a few KB: larger producer batches double throughput on this kind of machine (the design brief: a Streams
        // pass-through at 7k records/s with the default 16 KB batches, 14-27k with 256 KB; README, Performance, Tuning)
        p.putIfAbsent(StreamsConfig.producerPrefix("batch.size"), "262144");
        p.putIfAbsent(StreamsConfig.producerPrefix("linger.ms"), "5");
        // 100 ms (Kafka Streams' own default under EOS): each of the 3 repartition hops shows its records
        // downstream only at a commit, so this sets the latency floor (bench at 100 articles/s: p99 0.67 s at
        // 100 ms against 1.07 s at 200 ms, for about 10% less throughput, within the noise; docs/performance-log.md)
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // RocksDB's off-heap memory bounded per instance (unless the user brings a setter of their own)
        long rocksDbMemory = settings.getBytes(Settings.ROCKSDB_MEMORY);
        if (rocksDbMemory > 0 && rocksDbMemory < 16L << 20) { // a few KB would flush the memtables all the time
            throw new dev.copydesk.config.ConfigException("setting " + Settings.ROCKSDB_MEMORY
                    + " must be 0 (RocksDB as Kafka Streams sets it up) or at least 16MB, got '" + settings.get(Settings.ROCKSDB_MEMORY) + "'");
        }
        p.put(RocksDbMemory.BYTES, Long.toString(rocksDbMemory));
        p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.class.getName());
        return p;
    }

    /** An Admin client with the Kafka settings (request timeout 10 s, API timeout 15 s). */
    public static Admin admin(Settings settings) {
        Map<String, Object> cfg = dev.copydesk.replay.ClientConfigs.forClient(settings, AdminClientConfig.configNames());
        cfg.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        cfg.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return Admin.create(cfg);
    }

    private static void checkBroker(Settings settings) {
        String bootstrap = settings.get("bootstrap.servers");
        try (Admin admin = admin(settings)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ConfigException("cannot reach Kafka at " + bootstrap + " (no answer in 10 s)");
        } catch (ExecutionException e) {
            throw new ConfigException("cannot reach Kafka at " + bootstrap + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while connecting to Kafka");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ConfigException("bad Kafka settings for " + bootstrap + ": " + e.getMessage());
        }
    }

    private static void checkRegistry(Settings settings) {
        RegistryClient client = RegistryClients.create(settings.kafkaProperties());
        try {
            client.subjects();
        } catch (RuntimeException e) {
            throw new ConfigException("schema registry " + settings.get(Settings.REGISTRY_URL) + " not usable: " + e.getMessage());
        }
    }

    /**
     * Checks the Kafka Streams settings (types and allowed values, e.g. {@code processing.guarantee}) before anything
     * is created on the cluster, so that a typo is a configuration error naming the setting.
     */
    public static void checkStreamsConfig(Settings settings) {
        try {
            StreamsConfig.configDef().parse(streamsProperties(settings));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Creates copydesk's input and output topics when they do not exist. */
    public static void createTopics(Settings settings, TopologySettings ts) {
        int partitions = settings.getInt(Settings.PARTITIONS, Integer.MAX_VALUE);
        short rf = (short) settings.getInt(Settings.REPLICATION, Short.MAX_VALUE);
        List<NewTopic> topics = new ArrayList<>();
        Map<String, String> keep = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        for (String t : List.of(ts.inputTopic(), ts.dlqTopic(), ts.annotatedTopic(), ts.uniqueTopic(), ts.evidenceTopic())) {
            topics.add(new NewTopic(t, partitions, rf).configs(keep));
        }
        topics.add(new NewTopic(ts.storiesTopic(), partitions, rf).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try (Admin admin = admin(settings)) {
            EmbeddedKafka.createTopics(admin, topics);
            stampChangelogOnWrite(admin, IndexPreload.changelogTopic(settings.get(StreamsConfig.APPLICATION_ID_CONFIG)));
        }
    }

    /**
     * Deletes the topics and the consumer groups of a one-off run (the bench's, {@code backtest --broker}'s): those
     * whose names pass the filters. Returns what could not be done, one line per step (empty when all went).
     */
    public static List<String> deleteTopicsAndGroups(Admin admin, java.util.function.Predicate<String> topic,
                                                     java.util.function.Predicate<String> group) {
        List<String> problems = new ArrayList<>();
        try {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(topic).toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            problems.add("could not delete the topics: " + e);
        }
        try {
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.clients.admin.GroupListing::groupId).filter(group).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            problems.add("could not delete the consumer groups: " + e);
        }
        return problems;
    }

    /**
     * Sets {@link CopydeskTopology#CHANGELOG_TIMESTAMPS} on the passage store's changelog when it exists
     * without it (created by a copydesk before 2026-11-23; Kafka Streams creates new ones with it): with
     * event-time timestamps the broker deletes a replay's older records from it, and a restore loses them.
     */
    static void stampChangelogOnWrite(Admin admin, String changelog) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
        try {
            if (!admin.listTopics().names().get().contains(changelog)) {
                return; // Kafka Streams creates it with the right configs
            }
            Config current = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            List<AlterConfigOp> ops = new ArrayList<>();
            CopydeskTopology.CHANGELOG_TIMESTAMPS.forEach((key, value) -> {
                ConfigEntry entry = current.get(key);
                if (entry == null || !value.equals(entry.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get();
                LOG.info("set {} on {} (created by an earlier copydesk)", CopydeskTopology.CHANGELOG_TIMESTAMPS, changelog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + changelog, e);
        } catch (ExecutionException e) {
            // e.g. no AlterConfigs permission: the app still runs, but a restore may miss a replay's older records
            LOG.warn("could not check or set {} on {} ({}); set it with kafka-configs --alter --entity-type topics"
                    + " --entity-name {} --add-config message.timestamp.type=LogAppendTime",
                    CopydeskTopology.CHANGELOG_TIMESTAMPS, changelog, e.getCause().toString(), changelog);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Settings settings() {
        return settings;
    }

    /** Metrics and the HTTP server of this instance. */
    public Operations operations() {
        return ops;
    }

    /** The port the HTTP server listens on (copydesk.http.port, or the free port picked for 0). */
    public int httpPort() {
        return ops.port();
    }

    /** Waits until the client is RUNNING (or fails). */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("copydesk stopped while starting (state " + s + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("copydesk did not reach RUNNING within " + timeout.toSeconds() + " s");
    }

    /** Blocks until the client stops by itself (error) or {@link #close()} is called. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean failed() {
        return streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public void close() {
        closeCleanly();
    }

    /** Closes Kafka Streams (at most 30 s) and returns whether it closed in time. */
    public boolean closeCleanly() {
        return closeCleanly(false);
    }

    /**
     * Closes Kafka Streams (at most 30 s) leaving the consumer group, so that the next instance of this
     * application id gets its tasks at once instead of after the session timeout (45 s), and the group can be
     * deleted at once. Only for one-off apps whose work is over when they close: the one started to create the
     * topics of {@code bench --history}, the bench's measured phases, {@code backtest --broker}. The running
     * app stays in the group on close, as Kafka Streams does by default (see the README's Guarantees).
     */
    public boolean closeLeavingGroup() {
        return closeCleanly(true);
    }

    private boolean closeCleanly(boolean leaveGroup) {
        // said either way: since Kafka Streams 4.4 close(Duration) means DEFAULT, which leaves the group under the streams
        // rebalance protocol (group.protocol=streams); the running app stays in it under either protocol
        boolean clean = streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(leaveGroup
                        ? org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                        : org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        if (!clean) {
            LOG.warn("Kafka Streams did not close within 30 s");
        }
        ops.close();
        stopped.countDown();
        return clean;
    }
}
