package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.copydesk.config.Settings;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.InMemorySchemaStore;
import dev.copydesk.sample.GeneratedCorpus;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** backtest --broker: a fresh app on the real broker gives the offline clusters and cleans up after itself (topics and consumer group). */
class BrokerBacktestTest {

    @Test
    void aRunOnTheBrokerGivesTheOfflineClustersAndLeavesNoTopics() throws Exception {
        GeneratedCorpus corpus = new WireStoryGenerator(11L).generate(60, Instant.parse("2026-02-01T00:00:00Z"), Duration.ofHours(6));
        try (EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(0, new InMemorySchemaStore());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
            Settings s = Settings.defaults().with("bootstrap.servers", SharedBroker.bootstrapServers())
                    .with(Settings.REGISTRY_URL, registry.url()).with(Settings.PARTITIONS, "2")
                    .with(Settings.STORE_TYPE, "memory").with("commit.interval.ms", "100");
            OfflineRunner.Result onBroker = BrokerBacktest.run(corpus.articles(), s, Duration.ofMinutes(3), Duration.ofSeconds(3));
            OfflineRunner.Result offline = OfflineRunner.run(corpus.articles(), Settings.defaults(), null);
            assertThat(onBroker.annotated()).hasSize(60);
            assertThat(onBroker.finalClusters()).isEqualTo(offline.finalClusters());
            assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith("copydesk-backtest-"));
            assertThat(admin.listGroups().all().get()).extracting(org.apache.kafka.clients.admin.GroupListing::groupId)
                    .as("the run's consumer group is deleted too").noneMatch(g -> g.startsWith("copydesk-backtest-"));
        }
    }
}
