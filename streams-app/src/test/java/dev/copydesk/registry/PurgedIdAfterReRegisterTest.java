package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copydesk.testing.SharedBroker;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * A purged subject starts over at version 1. Its purge record used the key of that version's schema record, so the
 * next registration replaced it in the compacted topic, and after a restart the purged id was unknown, then given to
 * another schema (found in a second review). The purge record now has a key of its own.
 */
class PurgedIdAfterReRegisterTest {

    @Test
    void aPurgedIdStaysReadableAfterTheSubjectIsRegisteredAgainAndTheRegistryRestarts() throws Exception {
        String topic = SharedBroker.unique("_schemas");
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers());
        Schema old = SchemaBuilder.record("Old").fields().requiredInt("a").endRecord();
        Schema fresh = SchemaBuilder.record("Old").fields().requiredInt("a").optionalString("b").endRecord();
        int oldId;
        int freshId;
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(client, topic))) {
            RestRegistryClient rest = new RestRegistryClient(server.url());
            oldId = rest.register("s-value", old);
            server.registry().deleteSubject("s-value", false);
            server.registry().deleteSubject("s-value", true);
            freshId = rest.register("s-value", fresh); // starts over at version 1: same key as the purged v1
            assertThat(rest.versions("s-value")).containsExactly(1);
            assertThat(rest.getById(oldId)).isEqualTo(old); // fine while running
        }
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(client, topic))) {
            RestRegistryClient rest = new RestRegistryClient(server.url());
            assertThat(rest.getById(freshId)).isEqualTo(fresh);
            assertThat(rest.getById(oldId)).as("the purged id %d after a restart", oldId).isEqualTo(old);
        }
    }

    /**
     * Worse: when the subject is registered again with a schema that already has an id, the purged id is gone from
     * the store altogether, so after a restart nextId falls back below it and the next new schema is given the
     * purged id again: records written with it then decode with another schema.
     */
    @Test
    void aPurgedIdIsNotGivenToAnotherSchemaAfterARestart() throws Exception {
        String topic = SharedBroker.unique("_schemas");
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers());
        Schema shared = SchemaBuilder.record("Shared").fields().requiredInt("a").endRecord();
        Schema purged = SchemaBuilder.record("Purged").fields().requiredString("p").endRecord();
        Schema later = SchemaBuilder.record("Later").fields().requiredLong("l").endRecord();
        int purgedId;
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(client, topic))) {
            RestRegistryClient rest = new RestRegistryClient(server.url());
            rest.register("other-value", shared);
            purgedId = rest.register("s-value", purged);
            server.registry().deleteSubject("s-value", false);
            server.registry().deleteSubject("s-value", true);
            rest.register("s-value", shared); // version 1 again, with the shared schema's existing id
        }
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(0, new KafkaSchemaStore(client, topic))) {
            RestRegistryClient rest = new RestRegistryClient(server.url());
            int laterId = rest.register("later-value", later);
            assertThat(laterId).as("a new schema's id after a restart (purged id %d)", purgedId).isNotEqualTo(purgedId);
            assertThat(rest.getById(purgedId)).isEqualTo(purged);
        }
    }
}
