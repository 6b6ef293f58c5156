package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copydesk.avro.Article;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Serde round trips through mock:// and through RestRegistryClient against the embedded HTTP registry. */
class SerdeRoundTripTest {
    static final Schema PING = SchemaBuilder.record("Ping").namespace("dev.copydesk.test").fields()
            .requiredString("host").requiredLong("millis").optionalString("note").endRecord();

    static EmbeddedRegistryServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
    }

    @AfterAll
    static void stopServer() {
        server.close();
        MockRegistryClient.drop("serde-roundtrip");
    }

    static Map<String, Object> config(String kind) {
        return Map.of(RegistryClients.URL, kind.equals("mock") ? "mock://serde-roundtrip" : server.url());
    }

    static RegistryClient registry(String kind) {
        return kind.equals("mock") ? MockRegistryClient.scope("serde-roundtrip") : server.registry();
    }

    static int headerId(byte[] bytes) {
        assertThat(bytes[0]).as("magic byte").isZero();
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mock", "http"})
    void specificArticleRoundTrip(String kind) {
        Serde<Article> serde = AvroSerdes.specific(Article.class, config(kind), false);
        Article article = TestArticles.article("a-1");

        byte[] bytes = serde.serializer().serialize("articles", article);

        int id = headerId(bytes);
        assertThat(registry(kind).latest("articles-value").id()).isEqualTo(id);
        assertThat(registry(kind).getById(id)).isEqualTo(Article.getClassSchema());
        Article back = serde.deserializer().deserialize("articles", bytes);
        assertThat(back).isEqualTo(article);
        assertThat(back.getPublishedAt()).isEqualTo(TestArticles.PUBLISHED);
        assertThat(serde.deserializer().deserialize("articles", serde.serializer().serialize("articles", TestArticles.article("a-2"))))
                .isEqualTo(TestArticles.article("a-2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mock", "http"})
    void genericRecordRoundTripUsesKeySubjectForKeys(String kind) {
        Serde<GenericRecord> serde = AvroSerdes.generic(config(kind), true);
        GenericRecord ping = new GenericData.Record(PING);
        ping.put("host", "wire-1");
        ping.put("millis", 1_700_000_000_000L);

        byte[] bytes = serde.serializer().serialize("pings", ping);

        assertThat(headerId(bytes)).isEqualTo(registry(kind).latest("pings-key").id());
        assertThat(registry(kind).subjects()).doesNotContain("pings-value");
        GenericRecord back = serde.deserializer().deserialize("pings", bytes);
        assertThat(back.get("host").toString()).isEqualTo("wire-1");
        assertThat(back.get("millis")).isEqualTo(1_700_000_000_000L);
        assertThat(back.get("note")).isNull();
        assertThat(back).isEqualTo(ping);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mock", "http"})
    void nullIsATombstoneBothWays(String kind) {
        Serde<Article> serde = AvroSerdes.specific(Article.class, config(kind), false);
        assertThat(serde.serializer().serialize("articles", null)).isNull();
        assertThat(serde.deserializer().deserialize("articles", null)).isNull();
    }

    @Test
    void sameSchemaOnTwoTopicsSharesOneId() {
        Serializer<Article> serializer = new AvroSerializer<>(server.registry());
        int first = headerId(serializer.serialize("t-one", TestArticles.article("x")));
        int second = headerId(serializer.serialize("t-two", TestArticles.article("x")));
        assertThat(second).isEqualTo(first);
        assertThat(server.registry().subjects()).contains("t-one-value", "t-two-value");
    }

    @Test
    void withoutAutoRegisterTheSchemaMustExist() {
        Map<String, Object> config = Map.of(RegistryClients.URL, server.url(), AvroSerializer.AUTO_REGISTER_SCHEMAS, "false");
        Serializer<Article> serializer = new AvroSerializer<>();
        serializer.configure(config, false);

        assertThatThrownBy(() -> serializer.serialize("unregistered", TestArticles.article("u")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'unregistered-value'")
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(server.registry().subjects()).doesNotContain("unregistered-value");

        int id = server.registry().register("unregistered-value", Article.getClassSchema());
        assertThat(headerId(serializer.serialize("unregistered", TestArticles.article("u")))).isEqualTo(id);
    }

    @Test
    void configuredByReflectionLikeKafkaDoes() throws Exception {
        Map<String, Object> config = Map.of(RegistryClients.URL, server.url(), AvroDeserializer.SPECIFIC_AVRO_READER, true);
        @SuppressWarnings("unchecked")
        Serializer<Object> serializer = AvroSerializer.class.getDeclaredConstructor().newInstance();
        @SuppressWarnings("unchecked")
        Deserializer<Object> deserializer = AvroDeserializer.class.getDeclaredConstructor().newInstance();
        serializer.configure(config, false);
        deserializer.configure(config, false);

        Object back = deserializer.deserialize("reflect", serializer.serialize("reflect", TestArticles.article("r")));

        assertThat(back).isInstanceOf(Article.class).isEqualTo(TestArticles.article("r"));
        @SuppressWarnings("unchecked")
        Serde<Object> streamsDefault = AvroSerde.class.getDeclaredConstructor().newInstance();
        streamsDefault.configure(Map.of(RegistryClients.URL, server.url()), false);
        Object generic = streamsDefault.deserializer().deserialize("reflect", streamsDefault.serializer().serialize("reflect", back));
        assertThat(generic).isInstanceOf(GenericRecord.class).isNotInstanceOf(Article.class);
        assertThat(((GenericRecord) generic).get("id").toString()).isEqualTo("r");
    }

    @Test
    void sharedSerdeIsSafeAcrossThreads() throws Exception {
        Serde<Article> serde = AvroSerdes.specific(Article.class, server.registry(), false);
        StringBuilder big = new StringBuilder();
        while (big.length() < 1_200_000) {
            big.append("A long wire story paragraph repeated to grow the record. ");
        }
        List<Callable<Boolean>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    Article article = TestArticles.article("t" + thread + "-" + i);
                    if (i % 500 == 0) {
                        article.setBody(big.toString());
                    }
                    if (!serde.deserializer().deserialize("threads", serde.serializer().serialize("threads", article)).equals(article)) {
                        return false;
                    }
                }
                return true;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Boolean> result : pool.invokeAll(workers)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void serializerRejectsNonAvroValues() {
        Serializer<Object> serializer = new AvroSerializer<>(server.registry());
        assertThatThrownBy(() -> serializer.serialize("t", "plain string"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Avro records only");
    }
}
