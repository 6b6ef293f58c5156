package dev.copydesk.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.copydesk.config.ConfigException;
import dev.copydesk.topology.CopydeskTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP port (JDK HTTP server): {@code /metrics} (Prometheus text), {@code /health/live},
 * {@code /health/ready}, {@code /topology}, and the interactive queries {@code /clusters/{id}},
 * {@code /articles/{id}/cluster} and {@code /clusters?recent=N}. The cluster stores live in one task;
 * a query that reaches an instance without that task is forwarded once, over HTTP, to the instance that
 * has it (Kafka Streams metadata from {@code application.server}). Responses name the instance that
 * answered in {@code X-Copydesk-Served-By}.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    static final String FORWARDED = "X-Copydesk-Forwarded";
    static final String SERVED_BY = "X-Copydesk-Served-By";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile KafkaStreams streams;
    private volatile ClusterQueries queries;
    private volatile String topology = "";
    private volatile Metrics metrics;
    private volatile HostInfo self;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds host:port (0 = a free port) and starts serving; health says "not ready" until attached. */
    public static OpsServer start(String host, int port) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot listen on " + host + ":" + port + " (copydesk.http.host/port): " + e.getMessage());
        }
        ExecutorService ex = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "copydesk-http");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(ex);
        OpsServer ops = new OpsServer(s, ex);
        s.createContext("/", ops::handle);
        s.start();
        return ops;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    void attach(KafkaStreams streams, String topologyDescription, Metrics metrics, HostInfo self) {
        this.topology = topologyDescription;
        this.metrics = metrics;
        this.self = self;
        this.queries = new ClusterQueries(streams);
        this.streams = streams;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "only GET\n");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            KafkaStreams s = streams;
            if (path.equals("/metrics")) {
                Metrics m = metrics;
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", m == null ? "" : m.scrape());
            } else if (path.equals("/health/live")) {
                KafkaStreams.State st = s == null ? KafkaStreams.State.CREATED : s.state();
                boolean dead = st == KafkaStreams.State.ERROR || st == KafkaStreams.State.NOT_RUNNING
                        || st == KafkaStreams.State.PENDING_ERROR;
                send(ex, dead ? 503 : 200, "text/plain", st + "\n");
            } else if (path.equals("/health/ready")) {
                KafkaStreams.State st = s == null ? KafkaStreams.State.CREATED : s.state();
                send(ex, st == KafkaStreams.State.RUNNING ? 200 : 503, "text/plain", st + "\n");
            } else if (path.equals("/topology")) {
                send(ex, 200, "text/plain", topology);
            } else if (path.equals("/clusters")) {
                int n = recentParam(ex.getRequestURI().getRawQuery());
                if (n <= 0) {
                    sendJson(ex, 400, Map.of("error", "use /clusters?recent=N with N > 0"));
                } else {
                    routed(ex, q -> Optional.of(q.recent(Math.min(n, 1000))));
                }
            } else if (path.startsWith("/clusters/") && path.length() > 10) {
                String id = decode(path.substring(10));
                if (id == null) {
                    sendJson(ex, 400, Map.of("error", "malformed %-escape in " + path));
                } else {
                    routed(ex, q -> q.cluster(id));
                }
            } else if (path.startsWith("/articles/") && path.endsWith("/cluster") && path.length() > 18) {
                String id = decode(path.substring(10, path.length() - 8));
                if (id == null) {
                    sendJson(ex, 400, Map.of("error", "malformed %-escape in " + path));
                } else {
                    routed(ex, q -> q.clusterOfArticle(id));
                }
            } else {
                send(ex, 404, "text/plain", "not found: " + path
                        + "\n(try /metrics, /health/live, /health/ready, /topology, /clusters/{id}, /articles/{id}/cluster, /clusters?recent=N)\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed: {}", ex.getRequestURI(), e.toString());
            sendJson(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    /** Answers from local state when this instance owns the cluster stores, else forwards to the owner. */
    private void routed(HttpExchange ex, Function<ClusterQueries, Optional<?>> local) throws IOException {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING && s.state() != KafkaStreams.State.REBALANCING) {
            unavailable(ex, "not running");
            return;
        }
        KeyQueryMetadata md = s.queryMetadataForKey(CopydeskTopology.CLUSTER_STORE, "clusters", Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE || md.activeHost() == null) {
            unavailable(ex, "cluster stores not assigned yet (rebalancing)");
            return;
        }
        HostInfo owner = md.activeHost();
        if (owner.equals(self)) {
            Optional<?> answer;
            try {
                answer = local.apply(queries);
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                unavailable(ex, "cluster stores are migrating: " + e.getMessage());
                return;
            }
            ex.getResponseHeaders().set(SERVED_BY, self.host() + ":" + self.port());
            if (answer.isPresent()) {
                sendJson(ex, 200, answer.get());
            } else {
                sendJson(ex, 404, Map.of("error", "not found"));
            }
            return;
        }
        if (ex.getRequestHeaders().getFirst(FORWARDED) != null) {
            unavailable(ex, "forwarded here but the cluster stores are on " + owner.host() + ":" + owner.port());
            return;
        }
        URI target = URI.create("http://" + owner.host() + ":" + owner.port() + ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header(FORWARDED, self.host() + ":" + self.port()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue(SERVED_BY).ifPresent(v -> ex.getResponseHeaders().set(SERVED_BY, v));
            r.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v)); // an owner's 503
            send(ex, r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"), r.body());
        } catch (IOException e) {
            sendJson(ex, 502, Map.of("error", "owner " + owner.host() + ":" + owner.port() + " did not answer: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(ex, "interrupted");
        }
    }

    private static void unavailable(HttpExchange ex, String why) throws IOException {
        ex.getResponseHeaders().set("Retry-After", "1");
        sendJson(ex, 503, Map.of("error", why));
    }

    static int recentParam(String rawQuery) {
        if (rawQuery == null) {
            return -1;
        }
        for (String kv : rawQuery.split("&")) {
            if (kv.startsWith("recent=")) {
                try {
                    return Integer.parseInt(kv.substring(7));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * Percent-decodes a path segment. Not form decoding: in a path '+' is itself (ids such as "afp+0001"), so it is
     * protected from URLDecoder, which would turn it into a space. Null when an escape is malformed ("100%").
     */
    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
