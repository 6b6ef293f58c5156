package dev.copydesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copydesk.cli.Main;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.testing.SharedBroker;
import dev.copydesk.testing.AppHarness;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.IndexPreload;
import dev.copydesk.topology.InternalSerde;
import dev.copydesk.topology.TopologyMetrics;
import dev.copydesk.topology.TopologySettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The first start of an application records its state layout (internal record schemas, index shards); a start whose
 * layout differs is refused with what to do, and {@code copydesk reset} clears it. Real broker, real app.
 */
class StateLayoutTest {
    @Test
    void theFirstStartRecordsTheLayoutAndTheSameLayoutStartsAgain() throws Exception {
        try (AppHarness h = new AppHarness("layout-same", 2, Map.of())) {
            String topic = StateLayout.topic(h.settings.get("application.id"));
            CopydeskApp first = h.startInstance();
            h.awaitAllRunning();
            StateLayout expected = StateLayout.of(TopologySettings.from(h.settings));
            assertThat(StateLayout.decode(expected.encode())).isEqualTo(expected);
            h.stopInstance(first);
            // the next start's check (CopydeskApp.start runs it before the streams client): it passes and records
            // nothing more (a second instance here would wait for the first one's session to time out)
            expected.check(h.settings);
            assertThat(StateLayout.recorded(h.settings, topic)).isEqualTo(expected.encode());
            assertThat(endOffset(h.settings, topic)).as("records in " + topic).isEqualTo(1);
            assertThat(StateLayout.recorded(h.settings, topic)).isEqualTo(expected.encode());
        }
    }

    private static long endOffset(Settings settings, String topic) throws Exception {
        try (Admin admin = CopydeskApp.admin(settings)) {
            var p = new org.apache.kafka.common.TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(p, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(p).get().offset();
        }
    }

    @Test
    void anotherShardCountIsRefusedWithWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        try (AppHarness h = new AppHarness("layout-shards", 2, Map.of(Settings.INDEX_SHARDS, "4"))) {
            h.stopInstance(h.startInstance());
            Settings twoShards = h.settings.with(Settings.INDEX_SHARDS, "2").with("state.dir",
                    tmp.toString());
            assertThatThrownBy(() -> CopydeskApp.start(twoShards))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("copydesk.index.shards=4 (now 2)")
                    .hasMessageContaining("copydesk reset");
        }
    }

    /** State recorded by a release with other internal schemas (written here as that release would have): refused; reset clears it. */
    @Test
    void otherInternalSchemasAreRefusedUntilAReset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        try (AppHarness h = new AppHarness("layout-schemas", 1, Map.of())) {
            String app = h.settings.get("application.id");
            String topic = StateLayout.topic(app);
            StateLayout now = StateLayout.of(TopologySettings.from(h.settings));
            try (Admin admin = CopydeskApp.admin(h.settings)) {
                dev.copydesk.embedded.EmbeddedKafka.createTopics(admin, java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)));
            }
            StateLayout.record(h.settings, topic, new StateLayout("0123456789abcdef", now.indexShards()).encode() + " later-field=x");
            assertThatThrownBy(h::startInstance)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("other internal record schemas (0123456789abcdef; this copydesk has " + now.internalSchemas())
                    .hasMessageContaining("copydesk reset");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "reset", "--yes",
                    "--bootstrap", SharedBroker.bootstrapServers(), "--set", "application.id=" + app,
                    "--set", Settings.INPUT_TOPIC + "=" + h.settings.get(Settings.INPUT_TOPIC),
                    "--set", "state.dir=" + tmp);
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("state layout " + topic + " -> deleted");

            h.startInstance(); // after the reset: a fresh state, this layout recorded
            h.awaitAllRunning();
            assertThat(StateLayout.recorded(h.settings, topic)).isEqualTo(now.encode());
        }
    }

    private static Settings bare(String name) {
        return Settings.defaults().with("bootstrap.servers", SharedBroker.bootstrapServers())
                .with("application.id", SharedBroker.unique(name));
    }

    /** Two first starts at once with different layouts: one is refused (found in a review: both were accepted). */
    @Test
    void twoFirstStartsAtOnceWithDifferentLayoutsAreNotBothAccepted() throws Exception {
        for (int round = 0; round < 5; round++) {
            Settings s = bare("layout-race");
            java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int shards : new int[] {4, 2}) {
                    results.add(pool.submit(() -> {
                        barrier.await();
                        try {
                            new StateLayout("0123456789abcdef", shards).check(s);
                            return true;
                        } catch (ConfigException e) {
                            return false;
                        }
                    }));
                }
                int accepted = 0;
                for (var r : results) {
                    accepted += r.get() ? 1 : 0;
                }
                assertThat(accepted).as("round %d: layouts accepted", round).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A layout topic created by someone else, with several partitions and the delete policy (found in a review). */
    @Test
    void aLayoutTopicCreatedElsewhereStillHoldsTheLayout() throws Exception {
        Settings s = bare("layout-elsewhere");
        String topic = StateLayout.topic(s.get("application.id"));
        try (Admin admin = CopydeskApp.admin(s)) {
            dev.copydesk.embedded.EmbeddedKafka.createTopics(admin, java.util.List.of(
                    new org.apache.kafka.clients.admin.NewTopic(topic, 5, (short) 1).configs(Map.of("cleanup.policy", "delete"))));
            new StateLayout("0123456789abcdef", 4).check(s);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            // the broker answers from its metadata cache, which can lag the alter for a moment (a second review saw it)
            String policy = null;
            for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
                policy = admin.describeConfigs(java.util.List.of(resource)).all().get().get(resource).get("cleanup.policy").value();
                if ("compact".equals(policy)) {
                    break;
                }
            }
            assertThat(policy).isEqualTo("compact");
        }
        // a key would have sent the record to another partition than the one read, for 5 partitions
        assertThatThrownBy(() -> new StateLayout("0123456789abcdef", 2).check(s))
                .isInstanceOf(ConfigException.class).hasMessageContaining("copydesk.index.shards=4 (now 2)");
    }

    @Test
    void aResetDryRunKeepsTheLayout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        Settings s = bare("layout-dry");
        String app = s.get("application.id");
        new StateLayout("0123456789abcdef", 4).check(s);
        String input = SharedBroker.topic(app + ".articles", 1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "reset", "--dry-run",
                "--bootstrap", SharedBroker.bootstrapServers(), "--set", "application.id=" + app,
                "--set", Settings.INPUT_TOPIC + "=" + input,
                "--set", "state.dir=" + tmp);
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(StateLayout.recorded(s, StateLayout.topic(app))).isEqualTo(new StateLayout("0123456789abcdef", 4).encode());
    }

    /** A tombstone (someone clearing the topic by hand) is no layout (a second review: every start then failed). */
    @Test
    void aTombstoneIsSkipped() {
        Settings s = bare("layout-tombstone");
        String topic = StateLayout.topic(s.get("application.id"));
        SharedBroker.topic(topic, 1);
        try (var p = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", SharedBroker.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, "x", null)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        new StateLayout("0123456789abcdef", 4).check(s);
        assertThat(StateLayout.recorded(s, topic)).isEqualTo(new StateLayout("0123456789abcdef", 4).encode());
        assertThatThrownBy(() -> new StateLayout("0123456789abcdef", 2).check(s)).isInstanceOf(ConfigException.class);
    }

    @Test
    void anUnreadableRecordIsNamedAsSuch() {
        Settings s = bare("layout-garbled");
        String topic = StateLayout.topic(s.get("application.id"));
        SharedBroker.topic(topic, 1);
        StateLayout.record(s, topic, "layout v2: shards four");
        assertThatThrownBy(() -> new StateLayout("0123456789abcdef", 4).check(s))
                .isInstanceOf(ConfigException.class).hasMessageContaining("an unreadable layout record 'layout v2: shards four'");
    }

    @Test
    void everyInternalSerdeOfTheTopologyIsListed() {
        TopologySettings ts = TopologySettings.from(Settings.defaults());
        CopydeskTopology.build(ts, TopologyMetrics.NONE);
        new IndexPreload(ts);
        assertThat(InternalSerde.typesMade()).isNotEmpty();
        assertThat(InternalSerde.typesMade()).isSubsetOf(new java.util.HashSet<Class<?>>(CopydeskTopology.INTERNAL_RECORDS));
    }

    /**
     * Pinned: a change to an internal record schema changes it, and then a deployment must be reset. Update the pin
     * and say so in the README's upgrade notes when that is meant.
     */
    @Test
    void theSchemasFingerprintIsPinned() {
        String fingerprint = StateLayout.schemasFingerprint();
        assertThat(fingerprint).isEqualTo("64b68eb3e7b9bfb6"); // StoryCluster with its sources, ClusterNode with member (the member cap): a reset
        StateLayout a = new StateLayout(fingerprint, 4);
        assertThat(a.differencesFrom(a)).isEmpty();
        assertThat(a.differencesFrom(new StateLayout("ffffffffffffffff", 4))).hasSize(1);
        assertThat(a.differencesFrom(new StateLayout(fingerprint, 8))).containsExactly("copydesk.index.shards=8 (now 4)");
        assertThat(a.differencesFrom(StateLayout.decode("index-shards=4"))).hasSize(1); // no schemas recorded: a difference
    }
}
