package dev.copydesk.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry on 127.0.0.1 serving the Confluent REST subset that serializers and tools use (register,
 * lookup, schemas by id, subjects and versions, compatibility checks, config, subject delete), backed by a
 * {@link LocalRegistry} over a {@link SchemaStore}. Optionally demands HTTP basic auth. Error bodies follow
 * Confluent: {@code {"error_code": 40401, "message": "..."}}. Closing the server closes the store.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] authorization;

    private EmbeddedRegistryServer(int port, SchemaStore store, String basicAuthUserInfo) throws IOException {
        this.authorization = basicAuthUserInfo == null ? null
                : ("Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.registry = new LocalRegistry(store);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server without authentication; {@code port} 0 picks a free port. */
    public static EmbeddedRegistryServer start(int port, SchemaStore store) {
        return start(port, store, null);
    }

    /** Starts a server that answers 401 unless the request carries basic auth {@code user:password}. */
    public static EmbeddedRegistryServer start(int port, SchemaStore store, String basicAuthUserInfo) {
        try {
            return new EmbeddedRegistryServer(port, store, basicAuthUserInfo);
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException("cannot start schema registry on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry behind the server, for in-process use. */
    public LocalRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                checkAuthorization(exchange);
                body = route(exchange);
            } catch (RegistryException e) {
                status = e.status() > 0 ? e.status() : 500;
                body = Map.of("error_code", e.errorCode(), "message", e.detail());
            } catch (RuntimeException e) {
                LOG.warn("schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = Map.of("error_code", 50001, "message", "internal error: " + e);
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", RestRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void checkAuthorization(HttpExchange exchange) {
        if (authorization == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null || !MessageDigest.isEqual(authorization, given.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            throw new RegistryException(401, RegistryException.UNAUTHORIZED, "unauthorized: valid basic auth credentials required");
        }
    }

    private Object route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        List<String> p = new ArrayList<>();
        for (String segment : exchange.getRequestURI().getRawPath().split("/")) {
            if (!segment.isEmpty()) {
                p.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        int n = p.size();
        if (n == 0) {
            return Map.of();
        }
        switch (p.get(0)) {
            case "schemas":
                if (n == 2 && p.get(1).equals("types") && method.equals("GET")) {
                    return List.of("AVRO");
                }
                if (n >= 3 && p.get(1).equals("ids") && method.equals("GET")) {
                    Schema schema = registry.getById(parseId(p.get(2)));
                    if (n == 3) {
                        return Map.of("schema", schema.toString());
                    }
                    if (n == 4 && p.get(3).equals("schema")) {
                        return JSON.readTree(schema.toString());
                    }
                }
                break;
            case "subjects":
                if (n == 1 && method.equals("GET")) {
                    return registry.subjects();
                }
                String subject = n > 1 ? p.get(1) : null;
                if (n == 2 && method.equals("POST")) {
                    return registry.find(subject, schemaFrom(exchange)).map(EmbeddedRegistryServer::versionJson)
                            .orElseThrow(() -> RegistryException.schemaNotFound("schema under subject '" + subject + "'"));
                }
                if (n == 2 && method.equals("DELETE")) {
                    return registry.deleteSubject(subject, query.contains("permanent=true"));
                }
                if (n == 3 && p.get(2).equals("versions")) {
                    if (method.equals("GET")) {
                        return registry.versions(subject);
                    }
                    if (method.equals("POST")) {
                        return Map.of("id", registry.register(subject, schemaFrom(exchange)));
                    }
                }
                if (n >= 4 && p.get(2).equals("versions") && method.equals("GET")) {
                    SchemaVersion version = registry.version(subject, p.get(3));
                    if (n == 4) {
                        return versionJson(version);
                    }
                    if (n == 5 && p.get(4).equals("schema")) {
                        return JSON.readTree(version.schema().toString());
                    }
                }
                break;
            case "compatibility":
                if (n == 5 && method.equals("POST") && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    return compatibility(p.get(2), p.get(4), schemaFrom(exchange), query.contains("verbose=true"));
                }
                break;
            case "config":
                if (n <= 2) {
                    return config(n == 2 ? p.get(1) : null, method, exchange, query.contains("defaultToGlobal=true"));
                }
                break;
            default:
                break;
        }
        throw new RegistryException(404, 404, "no such endpoint: " + method + " " + exchange.getRequestURI().getPath());
    }

    private Map<String, Object> compatibility(String subject, String version, Schema schema, boolean verbose) {
        List<String> problems;
        if (("latest".equals(version) || "-1".equals(version)) && !registry.subjects().contains(subject)) {
            problems = List.of();
        } else {
            problems = registry.compatibilityProblems(subject, registry.version(subject, version), schema);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("is_compatible", problems.isEmpty());
        if (verbose) {
            result.put("messages", problems);
        }
        return result;
    }

    private Map<String, Object> config(String subject, String method, HttpExchange exchange, boolean defaultToGlobal) throws IOException {
        if (method.equals("PUT")) {
            Compatibility level = Compatibility.parse(body(exchange).path("compatibility").asText(null));
            registry.setCompatibility(subject, level);
            return Map.of("compatibility", level.name());
        }
        if (!method.equals("GET")) {
            throw new RegistryException(405, 405, "method " + method + " not allowed on /config");
        }
        Compatibility level = registry.compatibility(subject);
        if (level == null && defaultToGlobal) {
            level = registry.compatibility(null);
        }
        if (level == null) {
            throw new RegistryException(404, RegistryException.SUBJECT_CONFIG_NOT_FOUND, "subject '" + subject
                    + "' has no compatibility level of its own (ask with ?defaultToGlobal=true)");
        }
        return Map.of("compatibilityLevel", level.name());
    }

    private static Map<String, Object> versionJson(SchemaVersion v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", v.subject());
        json.put("version", v.version());
        json.put("id", v.id());
        json.put("schema", v.schema().toString());
        return json;
    }

    private static Schema schemaFrom(HttpExchange exchange) throws IOException {
        JsonNode request = body(exchange);
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryException.invalidSchema("schemaType " + type + " is not supported, this registry serves AVRO only");
        }
        if (request.path("references").size() > 0) {
            throw RegistryException.invalidSchema("schema references are not supported");
        }
        return LocalRegistry.parse(request.path("schema").asText(null));
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    private static int parseId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("schema '" + id + "'");
        }
    }
}
