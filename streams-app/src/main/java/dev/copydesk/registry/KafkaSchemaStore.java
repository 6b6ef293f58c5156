package dev.copydesk.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link SchemaStore} in a compacted single-partition Kafka topic (default {@code _schemas}), created if absent.
 * Keys and values are JSON in the spirit of Confluent's own {@code _schemas} topic: key
 * {@code {"keytype":"SCHEMA","subject":..,"version":..}}, {@code {"keytype":"PURGED","subject":..,"version":..,"id":..}}
 * (a permanent delete) or {@code {"keytype":"CONFIG","subject":..}}, value the entry. Compaction keeps the latest
 * entry per key, in the order of their last writes, which is all {@link LocalRegistry} needs to rebuild its state,
 * so ids survive restarts. One registry at a time may write to a topic.
 */
public final class KafkaSchemaStore implements SchemaStore {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<String, String> producer;

    /** Uses topic {@link #DEFAULT_TOPIC}. */
    public KafkaSchemaStore(String bootstrapServers) {
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), DEFAULT_TOPIC);
    }

    /**
     * @param clientConfig common Kafka client settings (bootstrap servers, security); producer and consumer
     *                     settings needed here are added
     */
    public KafkaSchemaStore(Map<String, ?> clientConfig, String topic) {
        this.topic = topic;
        this.clientConfig = new HashMap<>(clientConfig);
        createTopicIfAbsent();
        Map<String, Object> producerConfig = new HashMap<>(this.clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    private void createTopicIfAbsent() {
        try (Admin admin = Admin.create(clientConfig)) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create schema topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating schema topic '" + topic + "'", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating schema topic '" + topic + "'", e);
        }
    }

    @Override
    public List<Entry> load() {
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        Map<String, Entry> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(Set.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out replaying schema topic '" + topic + "'");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.remove(record.key());
                    if (record.value() != null) {
                        latest.put(record.key(), decode(record.value()));
                    }
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    @Override
    public void append(Entry entry) {
        ObjectNode key = JSON.createObjectNode();
        if (entry instanceof SchemaEntry e) {
            key.put("keytype", "SCHEMA").put("subject", e.subject()).put("version", e.version());
        } else if (entry instanceof PurgedEntry e) {
            // a key of its own: the subject starts over at version 1, whose SCHEMA record must not replace this one,
            // which alone keeps the purged id (readable, and never given to another schema)
            key.put("keytype", "PURGED").put("subject", e.subject()).put("version", e.version()).put("id", e.id());
        } else {
            key.put("keytype", "CONFIG").put("subject", ((ConfigEntry) entry).subject());
        }
        ObjectNode value = JSON.valueToTree(entry);
        value.put("keytype", key.get("keytype").asText());
        try {
            producer.send(new ProducerRecord<>(topic, 0, key.toString(), value.toString())).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RegistryException(500, 50001, "cannot write to schema topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(500, 50001, "interrupted writing to schema topic '" + topic + "'", e);
        } catch (TimeoutException e) {
            throw new RegistryException(500, 50002, "timed out writing to schema topic '" + topic + "'", e);
        }
    }

    private static Entry decode(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            if ("CONFIG".equals(node.path("keytype").asText())) {
                return new ConfigEntry(node.path("subject").isNull() ? null : node.path("subject").asText(), node.path("compatibility").asText());
            }
            if ("PURGED".equals(node.path("keytype").asText())) {
                return new PurgedEntry(node.path("subject").asText(), node.path("version").asInt(), node.path("id").asInt(),
                        node.path("schema").asText());
            }
            return new SchemaEntry(node.path("subject").asText(), node.path("version").asInt(), node.path("id").asInt(),
                    node.path("schema").asText(), node.path("deleted").asBoolean());
        } catch (Exception e) {
            throw new IllegalStateException("corrupt record in schema topic: " + value, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
