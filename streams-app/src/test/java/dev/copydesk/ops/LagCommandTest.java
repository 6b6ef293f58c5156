package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import dev.copydesk.cli.Main;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code copydesk lag} on the shared broker: a group with known committed offsets, the table, --max-lag. */
class LagCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run lag(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "lag";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void tableOfCommittedEndAndLagWithMaxLagExitCode() throws Exception {
        String topic = SharedBroker.topic(SharedBroker.unique("lag-in"), 2);
        String group = SharedBroker.unique("lag-group");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(topic, 0, null, "a" + i));
            }
            for (int i = 0; i < 4; i++) {
                p.send(new ProducerRecord<>(topic, 1, null, "b" + i));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3))).all().get();
            List<GroupLag.PartitionLag> rows = GroupLag.fetch(admin, group, List.of(topic), 10_000);
            assertThat(rows).containsExactly(
                    new GroupLag.PartitionLag(topic, 0, 3, 10, 7),
                    new GroupLag.PartitionLag(topic, 1, -1, 4, 4));
        }
        String[] common = {"--bootstrap", SharedBroker.bootstrapServers(), "--set", "application.id=" + group,
                "--set", "copydesk.topic.input=" + topic};
        Run ok = lag(concat(common, "--max-lag", "7"));
        assertThat(ok.code()).as(ok.err()).isEqualTo(Main.OK);
        assertThat(ok.out()).containsPattern(topic + "\\s+0\\s+3\\s+10\\s+7")
                .containsPattern(topic + "\\s+1\\s+-\\s+4\\s+4")
                .contains("total lag 11 over 2 partitions (within --max-lag 7)");

        Run over = lag(concat(common, "--max-lag", "6"));
        assertThat(over.code()).isEqualTo(Main.FAILED);
        assertThat(over.out()).containsPattern(topic + "\\s+0\\s+3\\s+10\\s+7\\s+over 6").contains("(over --max-lag 6)");

        // --group with an input topic that does not exist: the group's own partitions are still shown (found in review)
        Run other = lag("--bootstrap", SharedBroker.bootstrapServers(), "--group", group,
                "--set", "copydesk.topic.input=" + SharedBroker.unique("no-such-topic"));
        assertThat(other.code()).as(other.err()).isEqualTo(Main.OK);
        assertThat(other.out()).containsPattern(topic + "\\s+0\\s+3\\s+10\\s+7");

        assertThat(ok.out()).doesNotContain("has committed no offset");
        // a group that never committed (a typo): every partition's whole content as lag, and a word on why
        String typo = SharedBroker.unique("lag-typo");
        Run none = lag("--bootstrap", SharedBroker.bootstrapServers(), "--group", typo, "--set", "copydesk.topic.input=" + topic);
        assertThat(none.code()).as(none.err()).isEqualTo(Main.OK);
        assertThat(none.out()).contains("total lag 14 over 2 partitions")
                .contains("group " + typo + " has committed no offset on these partitions: it has not processed anything yet,"
                        + " or it is not the app's group (check --group or application.id)");

        Run bad = lag(concat(common, "--max-lag", "-1"));
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err().strip()).isEqualTo("copydesk: --max-lag must be >= 0");
    }

    @Test
    void unreachableBrokerIsOneLineUsageError() {
        Run r = lag("--bootstrap", "127.0.0.1:1", "--set", "application.id=nobody");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("copydesk: cannot ");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
