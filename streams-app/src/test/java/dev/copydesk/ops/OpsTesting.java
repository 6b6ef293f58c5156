package dev.copydesk.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the operations tests: HTTP GETs, the repository's docker/ folder, Prometheus text parsing. */
final class OpsTesting {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");

    private OpsTesting() {
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The repository's docker/ folder (tests run in streams-app/). */
    static Path dockerDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker/docker-compose.yml"))) {
                return dir.resolve("docker");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docker/docker-compose.yml not found above " + System.getProperty("user.dir"));
    }

    /** Prometheus text: series ("name{labels}") to value. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    /** Sum of the series of a metric whose labels contain every given fragment (e.g. {@code topic="x"}). */
    static double sum(Map<String, Double> series, String name, String... labelFragments) {
        double total = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String k = e.getKey();
            if (!(k.equals(name) || k.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String f : labelFragments) {
                all &= k.contains(f);
            }
            if (all && !e.getValue().isNaN()) {
                total += e.getValue();
            }
        }
        return total;
    }

    static boolean has(Map<String, Double> series, String name) {
        return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }
}
