package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST subset, checked at the HTTP level (Confluent's JSON shapes) and through RestRegistryClient. */
class EmbeddedRegistryServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Schema V1 = SchemaBuilder.record("Note").namespace("t").fields().requiredString("text").endRecord();
    static final Schema V2 = SchemaBuilder.record("Note").namespace("t").fields().requiredString("text")
            .name("lang").type().stringType().stringDefault("en").endRecord();

    final HttpClient http = HttpClient.newHttpClient();
    EmbeddedRegistryServer server;
    RestRegistryClient client;

    @BeforeEach
    void start() {
        server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
        client = new RestRegistryClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Reply(int status, JsonNode json) {
    }

    Reply send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    @Test
    void registerIsIdempotentAndIdsAreGlobal() throws Exception {
        Reply first = send("POST", "/subjects/notes-value/versions", schemaBody(V1));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("id").asInt()).isEqualTo(1);
        assertThat(send("POST", "/subjects/notes-value/versions", schemaBody(V1)).json().get("id").asInt()).isEqualTo(1);
        assertThat(send("POST", "/subjects/other-value/versions", "{\"schemaType\": \"AVRO\", \"schema\": "
                + JSON.writeValueAsString(JSON.readTree(V1.toString()).toPrettyString()) + "}").json().get("id").asInt()).as("same canonical text, same id").isEqualTo(1);
        assertThat(send("POST", "/subjects/notes-value/versions", schemaBody(V2)).json().get("id").asInt()).isEqualTo(2);

        assertThat(send("GET", "/subjects/notes-value/versions", null).json().toString()).isEqualTo("[1,2]");
        assertThat(send("GET", "/subjects", null).json().toString()).isEqualTo("[\"notes-value\",\"other-value\"]");
        JsonNode latest = send("GET", "/subjects/notes-value/versions/latest", null).json();
        assertThat(latest.get("subject").asText()).isEqualTo("notes-value");
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(new Schema.Parser().parse(latest.get("schema").asText())).isEqualTo(V2);
        assertThat(send("GET", "/subjects/notes-value/versions/1/schema", null).json()).isEqualTo(JSON.readTree(V1.toString()));
        assertThat(send("GET", "/schemas/ids/2?subject=notes-value&fetchMaxId=false", null).json().get("schema").asText()).isEqualTo(V2.toString());
        assertThat(send("GET", "/schemas/ids/1/schema", null).json()).isEqualTo(JSON.readTree(V1.toString()));
        assertThat(send("GET", "/schemas/types", null).json().toString()).isEqualTo("[\"AVRO\"]");

        JsonNode lookup = send("POST", "/subjects/notes-value", schemaBody(V1)).json();
        assertThat(lookup.get("version").asInt()).isEqualTo(1);
        assertThat(lookup.get("id").asInt()).isEqualTo(1);
    }

    @Test
    void errorsUseConfluentCodes() throws Exception {
        send("POST", "/subjects/notes-value/versions", schemaBody(V1));
        assertError(send("GET", "/subjects/nope/versions", null), 404, 40401);
        assertError(send("GET", "/subjects/notes-value/versions/7", null), 404, 40402);
        assertError(send("GET", "/subjects/notes-value/versions/zero", null), 422, 42202);
        assertError(send("GET", "/schemas/ids/99", null), 404, 40403);
        assertError(send("POST", "/subjects/notes-value", schemaBody(V2)), 404, 40403);
        assertError(send("POST", "/subjects/nope", schemaBody(V2)), 404, 40401);
        assertError(send("POST", "/subjects/notes-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"recrod\\\"}\"}"), 422, 42201);
        assertError(send("POST", "/subjects/notes-value/versions", "{\"schema\": \"{}\", \"schemaType\": \"PROTOBUF\"}"), 422, 42201);
        assertError(send("POST", "/subjects/notes-value/versions", "not json"), 400, 400);
        assertError(send("GET", "/nowhere", null), 404, 404);
        Reply missing = send("GET", "/subjects/nope/versions", null);
        assertThat(missing.json().get("message").asText()).isEqualTo("subject 'nope' not found");

        assertThatThrownBy(() -> client.latest("nope"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                })
                .hasMessage("subject 'nope' not found (40401)");
    }

    static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.json().get("error_code").asInt()).isEqualTo(errorCode);
        assertThat(reply.json().get("message").asText()).isNotBlank();
    }

    @Test
    void compatibilityLevelIsEnforcedOnRegister() throws Exception {
        Schema incompatible = SchemaBuilder.record("Note").namespace("t").fields().requiredInt("text").endRecord();
        assertThat(send("GET", "/config", null).json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        send("POST", "/subjects/notes-value/versions", schemaBody(V1));

        JsonNode check = send("POST", "/compatibility/subjects/notes-value/versions/latest?verbose=true", schemaBody(incompatible)).json();
        assertThat(check.get("is_compatible").asBoolean()).isFalse();
        assertThat(check.get("messages")).isNotEmpty();
        assertThat(send("POST", "/compatibility/subjects/notes-value/versions/1", schemaBody(V2)).json().get("is_compatible").asBoolean()).isTrue();
        assertError(send("POST", "/subjects/notes-value/versions", schemaBody(incompatible)), 409, 409);

        assertError(send("GET", "/config/notes-value", null), 404, 40408);
        assertThat(send("GET", "/config/notes-value?defaultToGlobal=true", null).json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(send("PUT", "/config/notes-value", "{\"compatibility\": \"none\"}").json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(send("GET", "/config/notes-value", null).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertError(send("PUT", "/config", "{\"compatibility\": \"SIDEWAYS\"}"), 422, 42203);
        assertThat(send("POST", "/subjects/notes-value/versions", schemaBody(incompatible)).status()).isEqualTo(200);
        assertThat(client.isCompatible("other-value", incompatible)).as("no versions yet: anything goes").isTrue();
    }

    @Test
    void deletedSubjectKeepsItsIdsReadable() throws Exception {
        int id = client.register("gone-value", V1);
        assertThat(send("DELETE", "/subjects/gone-value", null).json().toString()).isEqualTo("[1]");

        assertThat(client.subjects()).doesNotContain("gone-value");
        assertError(send("GET", "/subjects/gone-value/versions", null), 404, 40401);
        assertThat(new RestRegistryClient(server.url()).getById(id)).isEqualTo(V1);
        assertThat(server.registry().register("gone-value", V1)).as("re-registered after delete: same id, next version").isEqualTo(id);
        assertThat(client.versions("gone-value")).containsExactly(2);
    }

    @Test
    void restClientCoversTheInterfaceAndFailsOverBetweenUrls() {
        String dead;
        try (EmbeddedRegistryServer other = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            dead = other.url();
        }
        RestRegistryClient failover = new RestRegistryClient(dead + " , " + server.url() + "/");
        int id = failover.register("notes-value", V1);
        failover.register("notes-value", V2);

        assertThat(failover.lookup("notes-value", V1)).hasValue(id);
        assertThat(failover.lookup("notes-value", SerdeRoundTripTest.PING)).isEmpty();
        assertThat(failover.lookup("absent-value", V1)).isEmpty();
        assertThat(failover.versions("notes-value")).containsExactly(1, 2);
        assertThat(failover.version("notes-value", 1)).isEqualTo(new SchemaVersion("notes-value", 1, id, V1));
        assertThat(failover.latest("notes-value").schema()).isEqualTo(V2);
        assertThat(failover.subjects()).containsExactly("notes-value");
        assertThat(failover.getById(id)).isEqualTo(V1);
        assertThat(failover.isCompatible("notes-value", V1)).isTrue();
        assertThat(server.registry().lookup("notes-value", V2)).isPresent();
    }

    @Test
    void clientsAreSharedPerConfiguration() {
        Map<String, Object> config = Map.of(RegistryClients.URL, server.url(), RegistryClients.REQUEST_TIMEOUT_MS, 3000);
        assertThat(RegistryClients.create(config)).isSameAs(RegistryClients.create(Map.copyOf(config)))
                .isNotSameAs(RegistryClients.create(Map.of(RegistryClients.URL, server.url())));
        assertThat(RegistryClients.create(Map.of(RegistryClients.URL, "mock://shared-scope")))
                .isSameAs(MockRegistryClient.scope("shared-scope"));
        MockRegistryClient before = MockRegistryClient.scope("shared-scope");
        before.register("x-value", V1);
        MockRegistryClient.drop("shared-scope");
        assertThat(MockRegistryClient.scope("shared-scope").subjects()).isEmpty();
        MockRegistryClient.drop("shared-scope");
        assertThatThrownBy(() -> RegistryClients.create(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> RegistryClients.create(Map.of(RegistryClients.URL, "ftp://x"))).isInstanceOf(ConfigException.class);
    }
}
