package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.avro.Article;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent client against the embedded registry: Debian's python3-confluent-kafka SchemaRegistryClient
 * (1.7.0 in bookworm: POST /subjects/{s}/versions, POST /subjects/{s}, GET /schemas/ids/{id},
 * GET /subjects/{s}/versions[/latest], GET /subjects, POST /compatibility/...) and python3-avro to decode our bytes.
 * Skipped when /usr/bin/python3 or those modules are missing.
 */
class PythonClientInteropTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String AUTH = "py:interop";
    static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedRegistryServer server;
    static Path script;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " not found: install Debian's python3 to run the interop test");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.schema_registry, avro.io, requests")
                .redirectErrorStream(true).start();
        String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(probe.waitFor() == 0, "python modules missing (apt-get install python3-confluent-kafka python3-avro python3-requests): " + probeOut);
        script = Path.of(PythonClientInteropTest.class.getResource("/python/registry_interop.py").toURI());
        server = EmbeddedRegistryServer.start(0, new InMemorySchemaStore(), AUTH);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.add(args[0]);
        command.add(server.url());
        command.add(AUTH);
        command.addAll(List.of(args).subList(1, args.length));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(process.exitValue()).as("python %s failed: %s", args[0], err).isZero();
        return JSON.readTree(out);
    }

    static Map<String, Object> config() {
        return Map.of(RegistryClients.URL, server.url(), RegistryClients.BASIC_AUTH_USER_INFO, AUTH);
    }

    @Test
    void pythonReadsWhatJavaRegistered() throws Exception {
        RegistryClient java = RegistryClients.create(config());
        Schema older = SchemaEvolutionTest.ARTICLE_V1;
        java.register("py-read-value", older);
        int id = java.register("py-read-value", Article.getClassSchema());

        Path expected = Files.writeString(tmp.resolve("article.avsc"), Article.getClassSchema().toString());
        JsonNode read = python("read", Integer.toString(id), "py-read-value", expected.toString());

        assertThat(read.get("by_id_matches").asBoolean()).as("python canonical form by id").isTrue();
        assertThat(read.get("latest_matches").asBoolean()).as("python canonical form of latest").isTrue();
        String canonical = SchemaNormalization.toParsingForm(Article.getClassSchema());
        assertThat(SchemaNormalization.toParsingForm(LocalRegistry.parse(read.get("by_id").asText()))).isEqualTo(canonical);
        assertThat(SchemaNormalization.toParsingForm(LocalRegistry.parse(read.at("/latest/schema").asText()))).isEqualTo(canonical);
        assertThat(read.at("/latest/id").asInt()).isEqualTo(id);
        assertThat(read.at("/latest/version").asInt()).isEqualTo(2);
        assertThat(read.at("/latest/subject").asText()).isEqualTo("py-read-value");
        assertThat(read.get("versions").toString()).isEqualTo("[1,2]");
        assertThat(read.get("subjects").toString()).contains("\"py-read-value\"");
        assertThat(read.get("types_ok").asBoolean()).isTrue();
    }

    /** The client's permanent delete sends a soft delete, then {@code ?permanent=true}; ids stay readable. */
    @Test
    void pythonDeletesASubjectPermanently() throws Exception {
        RegistryClient shared = RegistryClients.create(config());
        shared.register("py-gone-value", SchemaEvolutionTest.ARTICLE_V1);
        int id = shared.register("py-gone-value", Article.getClassSchema());

        JsonNode result = python("delete", "py-gone-value");

        assertThat(result.get("deleted").toString()).isEqualTo("[1,2]");
        assertThat(result.get("error_code_after").asInt()).as(result.toString()).isEqualTo(40401);
        assertThat(result.get("subjects_after").toString()).doesNotContain("\"py-gone-value\"");
        RegistryClient fresh = new RestRegistryClient(server.url(), AUTH, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(10), null); // its own cache, empty (RegistryClients shares one per config)
        assertThat(fresh.getById(id)).isEqualTo(Article.getClassSchema());
        // registered again, the subject starts over at version 1, with the same id for the same schema
        assertThat(fresh.register("py-gone-value", Article.getClassSchema())).isEqualTo(id);
        assertThat(fresh.versions("py-gone-value")).containsExactly(1);
    }

    @Test
    void javaSerializesWithTheIdPythonRegistered() throws Exception {
        Schema ping = SchemaBuilder.record("Beacon").namespace("dev.copydesk.py").fields()
                .requiredString("desk").requiredInt("count").endRecord();
        Path schemaFile = Files.writeString(tmp.resolve("beacon.avsc"), JSON.readTree(ping.toString()).toPrettyString());

        JsonNode registered = python("register", "py-beacons-value", schemaFile.toString());

        int id = registered.get("id").asInt();
        assertThat(registered.get("lookup_id").asInt()).isEqualTo(id);
        assertThat(registered.get("lookup_version").asInt()).isEqualTo(1);
        assertThat(registered.get("compatible").asBoolean()).isTrue();
        assertThat(python("register", "py-beacons-value", schemaFile.toString()).get("id").asInt()).as("idempotent").isEqualTo(id);

        Map<String, Object> lookupOnly = new java.util.HashMap<>(config());
        lookupOnly.put(AvroSerializer.AUTO_REGISTER_SCHEMAS, false);
        GenericRecord record = new GenericData.Record(ping);
        record.put("desk", "paris");
        record.put("count", 7);
        byte[] bytes = AvroSerdes.generic(lookupOnly, false).serializer().serialize("py-beacons", record);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        GenericRecord back = AvroSerdes.generic(config(), false).deserializer().deserialize("py-beacons", bytes);
        assertThat(back.get("desk").toString()).isEqualTo("paris");
        assertThat(back.get("count")).isEqualTo(7);
    }

    @Test
    void pythonDecodesAnArticleJavaSerialized() throws Exception {
        Article article = TestArticles.article("py-1");
        byte[] bytes = AvroSerdes.specific(Article.class, config(), false).serializer().serialize("py-articles", article);
        Path file = Files.write(tmp.resolve("article.bin"), bytes);

        JsonNode decoded = python("decode", file.toString());

        assertThat(decoded.get("magic").asInt()).isZero();
        assertThat(decoded.get("schema_id").asInt()).isEqualTo(server.registry().latest("py-articles-value").id());
        assertThat(decoded.get("writer").asText()).isEqualTo("dev.copydesk.avro.Article");
        JsonNode r = decoded.get("record");
        assertThat(r.get("id").asText()).isEqualTo("py-1");
        assertThat(r.get("source").asText()).isEqualTo(article.getSource());
        assertThat(r.get("url").asText()).isEqualTo(article.getUrl());
        assertThat(r.get("title").asText()).isEqualTo(article.getTitle());
        assertThat(r.get("body").asText()).isEqualTo(article.getBody());
        assertThat(r.get("published_at").asLong()).isEqualTo(TestArticles.PUBLISHED.toEpochMilli());
        assertThat(r.get("language").asText()).isEqualTo("en");
        assertThat(r.get("wire").asText()).isEqualTo("AFP");
    }
}
