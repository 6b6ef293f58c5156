package dev.copydesk.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.copydesk.config.Settings;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.TopologyMetrics;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything operations needs around one app instance: the metrics, the HTTP server
 * ({@code copydesk.http.host}:{@code copydesk.http.port}, 0 = a free port) and a background refresh of the
 * consumer group's committed lag. Opened before the Streams client is built (the bound port becomes
 * {@code application.server} unless that is set), attached once it exists, closed with the app.
 */
public final class Operations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final List<String> KV_STORES = List.of(CopydeskTopology.ARTICLE_STATE_STORE, CopydeskTopology.UNIQUE_HOLD_STORE,
            CopydeskTopology.ARTICLE_BODY_STORE,
            CopydeskTopology.CLUSTER_NODE_STORE, CopydeskTopology.CLUSTER_STORE);

    private final Metrics metrics;
    private final OpsServer server;
    private final String applicationServer;
    private final String groupId;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "copydesk-ops");
        t.setDaemon(true);
        return t;
    });
    private Admin admin;

    private Operations(Metrics metrics, OpsServer server, String applicationServer, String groupId) {
        this.groupId = groupId;
        this.metrics = metrics;
        this.server = server;
        this.applicationServer = applicationServer;
    }

    /** Creates the metrics and binds the HTTP port. */
    public static Operations open(Settings settings) {
        String host = settings.get(Settings.HTTP_HOST).trim();
        OpsServer server = OpsServer.start(host, settings.getInt(Settings.HTTP_PORT));
        String configured = settings.getOrNull(StreamsConfig.APPLICATION_SERVER_CONFIG);
        String advertised = configured != null && !configured.isBlank() ? configured.trim()
                : advertisedHost(host) + ":" + server.port();
        LOG.info("HTTP on {}:{} (metrics, health, interactive queries), application.server {}", host, server.port(), advertised);
        return new Operations(new Metrics(settings.get("application.id")), server, advertised, settings.get("application.id"));
    }

    private static String advertisedHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isEmpty()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The hook the topology's processors report to. */
    public TopologyMetrics topologyMetrics() {
        return metrics;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** host:port other instances reach this one at (Kafka Streams {@code application.server}). */
    public String applicationServer() {
        return applicationServer;
    }

    /** The bound HTTP port. */
    public int port() {
        return server.port();
    }

    /** Binds the client's metrics and store gauges, starts the lag refresh, and serves queries. */
    public void attach(KafkaStreams streams, String topologyDescription, Admin admin, String inputTopic) {
        this.admin = admin;
        HostInfo self = HostInfo.buildFromEndpoint(applicationServer);
        metrics.bind(streams, scheduler);
        for (String store : KV_STORES) {
            metrics.gauge("copydesk.state.store.entries", Tags.of("store", store),
                    "approximate entries in this instance's key-value store", streams, s -> entries(s, store, self));
        }
        metrics.gauge("copydesk.clusters.open", Tags.empty(), "story clusters held by this instance", streams,
                s -> entries(s, CopydeskTopology.CLUSTER_STORE, self));
        server.attach(streams, topologyDescription, metrics, HostInfo.buildFromEndpoint(applicationServer));
        scheduler.scheduleWithFixedDelay(() -> refreshLag(inputTopic), 1, 10, TimeUnit.SECONDS);
    }

    /**
     * Entries of the store's partitions this instance holds: 0 when it holds none (another instance has them, e.g.
     * the single cluster task), NaN while it is not running or the store is moving. A replica exporting NaN for a
     * store it does not hold made the dashboard's {@code sum} over replicas NaN.
     */
    private static double entries(KafkaStreams streams, String store, HostInfo self) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Double.NaN;
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (RuntimeException e) {
            try {
                boolean hostedHere = streams.streamsMetadataForStore(store).stream()
                        .anyMatch(m -> m.hostInfo().equals(self) && m.stateStoreNames().contains(store));
                return hostedHere ? Double.NaN : 0;
            } catch (RuntimeException again) {
                return Double.NaN;
            }
        }
    }

    private void refreshLag(String inputTopic) {
        try {
            metrics.groupLag(GroupLag.fetch(admin, groupId, List.of(inputTopic), 10_000));
        } catch (Exception e) {
            LOG.debug("lag refresh failed: {}", e.toString());
        }
    }

    public void stateChange(KafkaStreams.State before, KafkaStreams.State now) {
        metrics.stateChange(before, now);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        server.close();
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
        metrics.close();
    }
}
