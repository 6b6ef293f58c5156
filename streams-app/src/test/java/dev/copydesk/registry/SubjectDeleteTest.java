package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Confluent's subject delete is two steps: DELETE /subjects/{s} (soft), then DELETE /subjects/{s}?permanent=true (hard,
 * answered 200 with the versions); a hard delete without the soft one is 404/40405. Debian's python3-confluent-kafka
 * 1.7.0 sends exactly these two requests for delete_subject(subject, permanent=True). The embedded registry used to
 * ignore ?permanent (found in review); {@code PythonClientInteropTest} runs the Python client's delete too.
 */
class SubjectDeleteTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = "{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";

    static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void softThenPermanentDeleteOfASubjectSucceedsAsInConfluent() throws Exception {
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            String base = server.url();
            String body = JSON.createObjectNode().put("schema", SCHEMA).toString();
            assertThat(send(base, "POST", "/subjects/s-value/versions", body).statusCode()).isEqualTo(200);

            HttpResponse<String> soft = send(base, "DELETE", "/subjects/s-value", null);
            assertThat(soft.statusCode()).isEqualTo(200);
            assertThat(soft.body()).isEqualTo("[1]");

            HttpResponse<String> hard = send(base, "DELETE", "/subjects/s-value?permanent=true", null);
            assertThat(hard.statusCode()).as("hard delete after soft delete: %s", hard.body()).isEqualTo(200);
            assertThat(hard.body()).isEqualTo("[1]");
        }
    }

    @Test
    void aPermanentDeleteOfALiveSubjectIsRefusedAsInConfluent() throws Exception {
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            String base = server.url();
            String body = JSON.createObjectNode().put("schema", SCHEMA).toString();
            assertThat(send(base, "POST", "/subjects/t-value/versions", body).statusCode()).isEqualTo(200);

            HttpResponse<String> hard = send(base, "DELETE", "/subjects/t-value?permanent=true", null);
            assertThat(hard.statusCode()).as(hard.body()).isEqualTo(404);
            assertThat(JSON.readTree(hard.body()).path("error_code").asInt()).isEqualTo(40405);
            assertThat(send(base, "GET", "/subjects/t-value/versions", null).body()).isEqualTo("[1]");
        }
    }
}
