package dev.copydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.copydesk.config.Settings;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.testing.Halves;
import dev.copydesk.testing.SharedBroker;
import dev.copydesk.topology.IndexPreload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replaying an archive (event times months before the broker's clock) and then restarting: the passage store's
 * changelog must still hold what was written, although the broker deletes records by timestamp from that
 * compact,delete topic (the test broker applies retention every second). Before the changelog was stamped with
 * the time of writing, the restarted instance restored nothing and the later copies came out unique.
 */
class ChangelogRetentionTest {

    /**
     * Under at_least_once every changelog record carries its article's event time, so the broker deletes them
     * all; under exactly_once_v2 the transaction markers carry the broker's time and keep the segments they
     * close, but a segment rolled without one was deleted as well (4 records of 129 per partition here).
     */
    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void aReplayOfOldArticlesSurvivesARestartWithFreshState(String guarantee) throws Exception {
        Halves halves = Halves.of(new WireStoryGenerator(21)
                .generate(120, Instant.parse("2026-02-10T06:00:00Z"), Duration.ofHours(6)).labels());
        List<LabelledArticle> earlier = halves.earlier();

        try (AppHarness h = new AppHarness("replay-restart", 2, Map.of(Settings.STORE_TYPE, "rocksdb",
                "processing.guarantee", guarantee))) {
            CopydeskApp first = h.startInstance();
            h.awaitAllRunning();
            h.send(earlier.stream().map(LabelledArticle::article).toList());
            assertThat(h.awaitOutputs(earlier.size(), Duration.ofSeconds(90), Duration.ofSeconds(1)).annotated()).hasSize(earlier.size());
            first.closeLeavingGroup();
            h.instances().remove(first);

            String changelog = IndexPreload.changelogTopic(h.settings.get("application.id"));
            Thread.sleep(3_000); // three retention passes of the test broker
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = c.partitionsFor(changelog).stream()
                        .map(p -> new TopicPartition(changelog, p.partition())).toList();
                Map<TopicPartition, Long> ends = c.endOffsets(parts);
                assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).as("records in " + changelog).isPositive();
                assertThat(c.beginningOffsets(parts)).as("none deleted by the broker's retention").allSatisfy((p, o) -> assertThat(o).isZero());
            }

            h.startInstance(); // a fresh state directory: everything comes from the changelogs
            h.awaitAllRunning();
            h.send(halves.laterRewrites());
            AppHarness.Outputs out = h.awaitOutputs(earlier.size() + halves.laterRewrites().size(), Duration.ofSeconds(90), Duration.ofSeconds(1));
            halves.assertLinkedAcrossTheCut(out.annotated());
        }
    }

    @Test
    void aChangelogCreatedWithEventTimeStampsIsSetToTheTimeOfWritingAtStart() throws Exception {
        try (AppHarness h = new AppHarness("changelog-upgrade", 1, Map.of());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
            String changelog = IndexPreload.changelogTopic(h.settings.get("application.id"));
            // as an earlier copydesk left it: Kafka Streams' defaults for a window store's changelog
            admin.createTopics(List.of(new NewTopic(changelog, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete", TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime")))).all().get();
            assertThat(timestampType(admin, changelog)).isEqualTo("CreateTime");
            h.startInstance();
            h.awaitAllRunning();
            assertThat(timestampType(admin, changelog)).isEqualTo("LogAppendTime");
        }
    }

    /** The topic's timestamp type; asked again while the broker does not know a topic just created (metadata lags). */
    private static String timestampType(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return admin.describeConfigs(List.of(r)).all().get().get(r).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
