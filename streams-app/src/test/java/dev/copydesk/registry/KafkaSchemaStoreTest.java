package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copydesk.avro.Article;
import dev.copydesk.testing.SharedBroker;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** Schemas, ids, versions and config survive a registry restart on a real broker. */
class KafkaSchemaStoreTest {

    @Test
    void registrySurvivesRestartOnTheSameTopic() throws Exception {
        String bootstrap = SharedBroker.bootstrapServers();
        String topic = SharedBroker.unique("_schemas");
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Schema other = SchemaBuilder.record("Other").fields().requiredString("x").endRecord();

        Schema purged = SchemaBuilder.record("Purged").fields().requiredInt("p").endRecord();
        byte[] written;
        int articleId;
        int purgedId;
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(client, topic))) {
            RestRegistryClient rest = new RestRegistryClient(server.url());
            rest.register("filler-value", other);
            written = new AvroSerializer<Article>(rest).serialize("articles", TestArticles.article("k-1"));
            articleId = rest.latest("articles-value").id();
            server.registry().setCompatibility("articles-value", Compatibility.FULL);
            rest.register("deleted-value", other);
            server.registry().deleteSubject("deleted-value");
            purgedId = rest.register("purged-value", purged); // its only subject, deleted for good
            server.registry().deleteSubject("purged-value", false);
            server.registry().deleteSubject("purged-value", true);
        }

        long started = System.nanoTime();
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(client, topic))) {
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("registry restart on Kafka store: %d ms%n", startMillis);
            RestRegistryClient rest = new RestRegistryClient(server.url());

            assertThat(rest.subjects()).containsExactly("articles-value", "filler-value");
            assertThat(rest.latest("articles-value")).isEqualTo(new SchemaVersion("articles-value", 1, articleId, Article.getClassSchema()));
            assertThat(rest.getById(articleId)).isEqualTo(Article.getClassSchema());
            assertThat(server.registry().compatibility("articles-value")).isEqualTo(Compatibility.FULL);
            assertThat(rest.getById(rest.lookup("filler-value", other).getAsInt())).isEqualTo(other);
            assertThat(new AvroDeserializer<Article>(rest, Article.class).deserialize("articles", written)).isEqualTo(TestArticles.article("k-1"));
            int next = rest.register("new-value", SchemaBuilder.record("New").fields().requiredLong("n").endRecord());
            assertThat(next).as("ids continue after the stored ones, a purged one too").isEqualTo(purgedId + 1);
            assertThat(rest.register("deleted-value", other)).isEqualTo(rest.lookup("filler-value", other).getAsInt());
            assertThat(rest.versions("deleted-value")).containsExactly(2);
            assertThat(rest.getById(purgedId)).as("an id stays readable after a permanent delete").isEqualTo(purged);
            assertThat(rest.register("purged-value", purged)).isEqualTo(purgedId);
            assertThat(rest.versions("purged-value")).as("a purged subject starts over").containsExactly(1);
        }

        try (Admin admin = Admin.create(client)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource)).all().get().get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }
}
