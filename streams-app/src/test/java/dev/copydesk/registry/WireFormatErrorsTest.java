package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copydesk.avro.Article;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Malformed input, unknown ids, unreachable registries and authentication. */
class WireFormatErrorsTest {
    final MockRegistryClient registry = new MockRegistryClient();
    final AvroDeserializer<Article> deserializer = new AvroDeserializer<>(registry, Article.class);
    final byte[] valid = new AvroSerializer<Article>(registry).serialize("articles", TestArticles.article("e-1"));

    @Test
    void jsonIsNotConfluentWireFormat() {
        byte[] json = "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> deserializer.deserialize("articles", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x7b (not Confluent Avro wire format)");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = valid.clone();
        bytes[4] = 42;
        assertThatThrownBy(() -> deserializer.deserialize("articles", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema id 42");
    }

    @Test
    void shortHeaderAndTruncatedBody() {
        assertThatThrownBy(() -> deserializer.deserialize("articles", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("record too short");
        assertThatThrownBy(() -> deserializer.deserialize("articles", new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("record too short");
        for (int cut : new int[] {6, valid.length / 2, valid.length - 1}) {
            byte[] truncated = Arrays.copyOf(valid, cut);
            assertThatThrownBy(() -> deserializer.deserialize("articles", truncated))
                    .as("cut at %d of %d bytes", cut, valid.length)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("record too short");
        }
        assertThat(deserializer.deserialize("articles", valid)).isEqualTo(TestArticles.article("e-1"));
    }

    @Test
    void genericDeserializerGivesTheSameErrors() {
        AvroDeserializer<GenericRecord> generic = new AvroDeserializer<>(registry, null);
        assertThatThrownBy(() -> generic.deserialize("articles", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown magic byte 0x01");
        assertThat(generic.deserialize("articles", valid).get("id").toString()).isEqualTo("e-1");
    }

    @Test
    void unreachableRegistryIsNamedInTheError() {
        String url;
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore())) {
            url = server.url();
        }
        RestRegistryClient client = new RestRegistryClient(url, null, Duration.ofSeconds(2), Duration.ofSeconds(2), null);

        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isZero())
                .hasMessage("schema registry " + url + " unreachable: Connection refused");

        // not the record's fault: tried again, then RegistryUnavailableException (the task fails, no dead letter)
        AvroSerializer<Article> serializer = new AvroSerializer<>(client);
        assertThatThrownBy(() -> serializer.serialize("articles", TestArticles.article("x")))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("subject 'articles-value' (4 tries)")
                .hasMessageContaining(url + " unreachable");
    }

    @Test
    void basicAuthIsSentAndRequired() {
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore(), "desk:s3cret")) {
            Map<String, Object> noAuth = Map.of(RegistryClients.URL, server.url());
            assertThatThrownBy(() -> RegistryClients.create(noAuth).subjects())
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.errorCode()).isEqualTo(401);
                    });
            RegistryClient wrong = RegistryClients.create(Map.of(RegistryClients.URL, server.url(), RegistryClients.BASIC_AUTH_USER_INFO, "desk:guess"));
            assertThatThrownBy(wrong::subjects).isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(401));

            Map<String, Object> config = Map.of(RegistryClients.URL, server.url(), RegistryClients.BASIC_AUTH_USER_INFO, "desk:s3cret");
            byte[] bytes = AvroSerdes.specific(Article.class, config, false).serializer().serialize("secure", TestArticles.article("s"));
            assertThat(server.registry().latest("secure-value").id()).isEqualTo((int) bytes[4]);
            assertThat(AvroSerdes.specific(Article.class, config, false).deserializer().deserialize("secure", bytes))
                    .isEqualTo(TestArticles.article("s"));
        }
    }
}
