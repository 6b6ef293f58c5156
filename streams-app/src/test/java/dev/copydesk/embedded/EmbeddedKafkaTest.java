package dev.copydesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void sharedBrokerRoundTripsRecordsThroughARealLog() throws Exception {
        String topic = SharedBroker.topic(SharedBroker.unique("roundtrip"), 3);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        List<ConsumerRecord<String, String>> got = consumeAll(SharedBroker.bootstrapServers(), topic, 30);
        assertThat(got).hasSize(30);
        assertThat(got).extracting(ConsumerRecord::value).contains("v0", "v29");
        assertThat(got).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2).hasSizeGreaterThan(1);
    }

    @Test
    void restartOnTheSameDataDirectoryKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
        EmbeddedKafka.Options opts = EmbeddedKafka.Options.ephemeral().withDataDir(dir, false);
        String topic = "kept";
        try (EmbeddedKafka k = EmbeddedKafka.start(opts)) {
            k.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "a", "persisted")).get();
            }
        }
        try (EmbeddedKafka k = EmbeddedKafka.start(opts)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains(topic);
            }
            assertThat(consumeAll(k.bootstrapServers(), topic, 1)).extracting(ConsumerRecord::value).containsExactly("persisted");
        }
    }

    @Test
    void refusesAPortThatIsTaken() {
        int taken = Integer.parseInt(SharedBroker.bootstrapServers().split(":")[1]);
        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Options.ephemeral().withPort(taken)))
                .hasMessageContaining("already in use");
    }

    static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, SharedBroker.unique("g"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
