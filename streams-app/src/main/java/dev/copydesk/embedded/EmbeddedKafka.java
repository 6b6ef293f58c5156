package dev.copydesk.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), started in this JVM
 * from the Kafka server artifacts: the same code a production broker runs, not a mock.
 *
 * <p>Used by {@code copydesk broker}, {@code copydesk demo} and the integration tests. Data lives in
 * {@link Options#dataDir}; a directory that was formatted before is reused, so a restarted broker
 * keeps its topics. Ports are taken from the options (0 = a free loopback port).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** What to start. */
    public record Options(String host, int port, int controllerPort, Path dataDir, boolean deleteOnClose,
                          Map<String, String> overrides) {
        public Options {
            overrides = Map.copyOf(overrides);
        }

        /** A broker on free loopback ports with its data in a fresh temporary directory, removed on close. */
        public static Options ephemeral() {
            try {
                return new Options("127.0.0.1", 0, 0, Files.createTempDirectory("copydesk-kafka-"), true, Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Options withPort(int p) {
            return new Options(host, p, controllerPort, dataDir, deleteOnClose, overrides);
        }

        public Options withDataDir(Path dir, boolean delete) {
            return new Options(host, port, controllerPort, dir, delete, overrides);
        }

        public Options withOverride(String key, String value) {
            Map<String, String> m = new HashMap<>(overrides);
            m.put(key, value);
            return new Options(host, port, controllerPort, dataDir, deleteOnClose, m);
        }
    }

    private final Options options;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private volatile boolean closed;

    private EmbeddedKafka(Options options, KafkaRaftServer server, String bootstrapServers) {
        this.options = options;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats the data directory if needed, starts the broker and waits until it answers. */
    public static EmbeddedKafka start(Options options) {
        long t0 = System.nanoTime();
        int port = options.port() == 0 ? freePort(options.host()) : options.port();
        int controllerPort = options.controllerPort() == 0 ? freePort(options.host()) : options.controllerPort();
        if (port == controllerPort) {
            throw new IllegalArgumentException("broker and controller ports must differ: " + port);
        }
        requireFree(options.host(), port, "broker");
        requireFree(options.host(), controllerPort, "controller");
        Path logDir = options.dataDir().resolve("kraft-logs").toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data directory " + logDir, e);
        }
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + options.host() + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + options.host() + ":" + port + ",CONTROLLER://" + options.host() + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + options.host() + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.retention.hours", "-1");
        p.put("log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));
        p.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        p.putAll(options.overrides());
        KafkaConfig config = new KafkaConfig(p, false);
        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = options.host() + ":" + port;
        EmbeddedKafka kafka = new EmbeddedKafka(options, server, bootstrap);
        try {
            kafka.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka broker (KRaft) ready on {} in {} ms, data in {}", bootstrap,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), options.dataDir());
        return kafka;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its cluster id and data
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format KRaft storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("embedded broker did not become ready on " + bootstrapServers
                + " within " + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()));
    }

    /** host:port for clients' bootstrap.servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    /** Creates topics (ignores those that already exist). */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            createTopics(admin, topics);
        }
    }

    /** Creates topics through the given admin client, ignoring those that already exist. */
    public static void createTopics(Admin admin, List<NewTopic> topics) {
        admin.createTopics(topics).values().forEach((name, f) -> {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
            }
        });
    }

    /** Blocks until the broker has shut down (after {@link #close()} from another thread). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (options.deleteOnClose()) {
            deleteRecursively(options.dataDir());
        }
        LOG.info("Kafka broker on {} stopped", bootstrapServers);
    }

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /** True when nothing listens on host:port (so a server of ours can bind it). */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireFree(String host, int port, String what) {
        if (!isFree(host, port)) {
            throw new IllegalStateException(what + " port " + host + ":" + port + " is already in use");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Deletes a directory tree, best effort (used for temporary broker, state and report folders). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a temp dir left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
