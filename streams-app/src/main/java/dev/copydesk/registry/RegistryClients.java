package dev.copydesk.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds a {@link RegistryClient} from Confluent-style client settings. {@code mock://scope} gives the shared
 * {@link MockRegistryClient} of that scope; {@code http(s)://} URLs give a {@link RestRegistryClient}, one per
 * distinct configuration, so that all serdes of a JVM share its caches.
 */
public final class RegistryClients {
    /** Comma-separated base URLs, or {@code mock://scope}. */
    public static final String URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic auth (also read as {@code schema.registry.basic.auth.user.info}). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Connect timeout in ms (default 5000; {@code http.connect.timeout.ms} is read too). */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    /** Request timeout in ms (default 10000; {@code http.read.timeout.ms} is read too). */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

    private static final Map<List<String>, RestRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private RegistryClients() {
    }

    /** The client for {@code config}; {@link ConfigException} when {@link #URL} is missing or malformed. */
    public static RegistryClient create(Map<String, ?> config) {
        String url = setting(config, URL);
        if (url == null || url.isBlank()) {
            throw new ConfigException(URL, url, "the schema registry url must be set (http://host:port or mock://scope)");
        }
        url = url.trim();
        if (url.startsWith("mock://")) {
            return MockRegistryClient.scope(url.substring("mock://".length()));
        }
        String auth = setting(config, BASIC_AUTH_USER_INFO, "schema.registry." + BASIC_AUTH_USER_INFO);
        String connect = setting(config, CONNECT_TIMEOUT_MS, "http.connect.timeout.ms");
        String request = setting(config, REQUEST_TIMEOUT_MS, "http.read.timeout.ms");
        String trustStore = setting(config, TRUSTSTORE_LOCATION);
        String trustPassword = setting(config, TRUSTSTORE_PASSWORD);
        List<String> key = Arrays.asList(url, auth, connect, request, trustStore, trustPassword);
        String urls = url;
        try {
            return CLIENTS.computeIfAbsent(key, k -> {
                SSLContext ssl = trustStore == null ? null : RestRegistryClient.trustStoreContext(trustStore, trustPassword);
                return new RestRegistryClient(urls, auth, millis(connect, RestRegistryClient.DEFAULT_CONNECT_TIMEOUT),
                        millis(request, RestRegistryClient.DEFAULT_REQUEST_TIMEOUT), ssl);
            });
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid schema registry settings: " + e.getMessage());
        }
    }

    /** The first of {@code keys} set in {@code config}, as a string (Kafka {@link Password}s unwrapped). */
    static String setting(Map<String, ?> config, String... keys) {
        for (String key : keys) {
            Object value = config.get(key);
            if (value instanceof Password p) {
                return p.value();
            }
            if (value != null) {
                return value.toString();
            }
        }
        return null;
    }

    private static Duration millis(String value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(Long.parseLong(value.trim()));
    }
}
