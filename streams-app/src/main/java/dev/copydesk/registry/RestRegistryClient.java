package dev.copydesk.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * {@link RegistryClient} speaking the Confluent Schema Registry REST protocol over {@link HttpClient}. Several
 * base URLs are tried in turn (the last one that answered first); https uses the JDK trust store unless an
 * {@link SSLContext} is given. Errors become {@link RegistryException}s carrying status, error code and message.
 */
public final class RestRegistryClient implements RegistryClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json, application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final List<URI> urls;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private volatile int current;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySchema = new ConcurrentHashMap<>();

    /** Plain client with default timeouts and no credentials. */
    public RestRegistryClient(String urls) {
        this(urls, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null);
    }

    /**
     * @param urls               comma-separated base URLs, {@code http://} or {@code https://}
     * @param basicAuthUserInfo  {@code user:password} for HTTP basic auth, or null
     * @param sslContext         for https; null: the JDK default (its trust store)
     */
    public RestRegistryClient(String urls, String basicAuthUserInfo, Duration connectTimeout, Duration requestTimeout, SSLContext sslContext) {
        this.urls = Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty())
                .map(u -> URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u)).toList();
        if (this.urls.isEmpty()) {
            throw new IllegalArgumentException("no schema registry url given");
        }
        for (URI u : this.urls) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("schema registry url must be http:// or https://: " + u);
            }
        }
        this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    /** An SSL context trusting the certificates of a trust store file (type PKCS12 or JKS, by the JDK default type). */
    public static SSLContext trustStoreContext(String location, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load schema registry trust store " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)).path("id").asInt();
        remember(key, id);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = LocalRegistry.parse(call("GET", "/schemas/ids/" + id, null).path("schema").asText());
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        call("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    @Override
    public SchemaVersion latest(String subject) {
        return versionAt(subject, "latest");
    }

    @Override
    public SchemaVersion version(String subject, int version) {
        return versionAt(subject, Integer.toString(version));
    }

    private SchemaVersion versionAt(String subject, String version) {
        JsonNode v = call("GET", "/subjects/" + encode(subject) + "/versions/" + version, null);
        SchemaVersion result = new SchemaVersion(v.path("subject").asText(), v.path("version").asInt(), v.path("id").asInt(),
                LocalRegistry.parse(v.path("schema").asText()));
        schemasById.putIfAbsent(result.id(), result.schema());
        return result;
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                    .path("is_compatible").asBoolean();
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND || e.errorCode() == RegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySchema.get(key);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        try {
            int id = call("POST", "/subjects/" + encode(subject), schemaBody(schema)).path("id").asInt();
            remember(key, id);
            return OptionalInt.of(id);
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND || e.errorCode() == RegistryException.SCHEMA_NOT_FOUND) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    private void remember(SubjectSchema key, int id) {
        idsBySchema.put(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends one request, trying each base URL in turn while they cannot be reached. */
    private JsonNode call(String method, String path, String body) {
        IOException lastError = null;
        int start = current;
        for (int i = 0; i < urls.size(); i++) {
            int index = (start + i) % urls.size();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.get(index) + path))
                    .timeout(requestTimeout)
                    .header("Accept", ACCEPT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastError = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(0, -1, "interrupted while calling schema registry " + urls.get(index), e);
            }
            current = index;
            return parse(method + " " + urls.get(index) + path, response);
        }
        throw new RegistryException(0, -1, "schema registry " + String.join(", ", urls.stream().map(URI::toString).toList())
                + " unreachable: " + rootMessage(lastError), lastError);
    }

    private static JsonNode parse(String request, HttpResponse<String> response) {
        JsonNode json;
        try {
            json = response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new RegistryException(status, -1, "malformed JSON from schema registry for " + request + ": " + abbreviate(response.body()));
            }
            return json;
        }
        if (json != null && json.has("error_code")) {
            throw new RegistryException(status, json.path("error_code").asInt(), json.path("message").asText());
        }
        throw new RegistryException(status, -1, "schema registry answered HTTP " + status + " to " + request + ": " + abbreviate(response.body()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String rootMessage(Throwable e) {
        String message = null;
        boolean connect = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            message = t.getMessage() != null ? t.getMessage() : message;
            connect |= t instanceof java.net.ConnectException;
        }
        // the JDK client reports a refused connection as a ConnectException without any message
        return message != null ? message : connect ? "Connection refused" : e.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "RestRegistryClient" + urls;
    }
}
