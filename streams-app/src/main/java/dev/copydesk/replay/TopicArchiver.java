package dev.copydesk.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copydesk.archive.ArchiveWriter;
import dev.copydesk.archive.ArticleJson;
import dev.copydesk.avro.Article;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.RegistryUnavailableException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Dumps a topic to JSON Lines (gzip when the file name ends in {@code .gz}), reading with
 * {@code isolation.level=read_committed} and without a consumer group (partitions assigned, nothing committed).
 * Values in the Confluent Avro wire format are decoded through the registry. An {@code Article} value is written
 * as the archive's article object (so the file can be replayed), other records as {@code {"value": {...}}} (the
 * record as JSON, its {@code bytes} and {@code fixed} values in base64, e.g. a dead letter's original bytes); both carry
 * {@code "_kafka": {topic, partition, offset, timestamp, key}} ({@code key_base64} instead of {@code key} when the key is
 * not UTF-8). A value in no other format is kept as UTF-8 text ({@code "value": "..."}, e.g. JSON input). A value that
 * cannot be decoded (a wire-format value with an unknown schema id or corrupt Avro, or bytes that are neither the wire
 * format nor UTF-8) is kept as {@code value_base64} with the reason in {@code _undecodable}, and the dump goes on: no
 * byte of a record is lost. Reading stops at the end offsets seen at the start, unless following.
 */
public final class TopicArchiver {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte MAGIC = 0;
    /** Set on the line of a wire-format record that could not be decoded: the reason; its bytes are in value_base64. */
    static final String UNDECODABLE = "_undecodable";

    private TopicArchiver() {
    }

    /** What was written. */
    public record Summary(long written, long skippedByTime, int partitions, long undecodable) {
    }

    /**
     * @param from   first record timestamp kept (inclusive; the read starts there), or null
     * @param to     record timestamp where the dump is cut (exclusive), or null
     * @param follow keep reading after the end offsets until {@code stop} answers true
     */
    public static Summary archive(Settings settings, String topic, Path output, Instant from, Instant to,
                                  boolean follow, BooleanSupplier stop) throws IOException {
        Map<String, Object> cfg = ClientConfigs.forClient(settings, ConsumerConfig.configNames());
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Deserializer<GenericRecord> generic = AvroSerdes.generic(settings.kafkaProperties(), false).deserializer();
        Deserializer<Article> article = AvroSerdes.specific(Article.class, settings.kafkaProperties(), false).deserializer();
        String articleName = Article.getClassSchema().getFullName();
        long written = 0;
        long skipped = 0;
        long undecodable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             Writer out = ArchiveWriter.openText(output)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new ConfigException("topic " + topic + " does not exist");
            }
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, Duration.ofSeconds(15)));
            consumer.seekToBeginning(parts);
            if (from != null) {
                Map<TopicPartition, Long> query = new HashMap<>();
                parts.forEach(p -> query.put(p, from.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(query, Duration.ofSeconds(15));
                for (TopicPartition p : parts) {
                    OffsetAndTimestamp o = at.get(p);
                    consumer.seek(p, o == null ? end.get(p) : o.offset());
                }
            }
            while (!stop.getAsBoolean()) {
                if (!follow && reachedEnd(consumer, parts, end)) {
                    break;
                }
                long before = written;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!follow && r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    if ((from != null && r.timestamp() < from.toEpochMilli()) || (to != null && r.timestamp() >= to.toEpochMilli())) {
                        skipped++;
                        continue;
                    }
                    ObjectNode node = node(r, generic, article, articleName);
                    out.write(MAPPER.writeValueAsString(node));
                    out.write('\n');
                    written++;
                    if (node.has(UNDECODABLE)) {
                        undecodable++;
                    }
                }
                if (follow && written > before) {
                    out.flush(); // following, records reach the file as they come, not when the buffer fills or at the end
                }
            }
            return new Summary(written, skipped, parts.size(), undecodable);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> parts, Map<TopicPartition, Long> end) {
        for (TopicPartition p : parts) {
            if (consumer.position(p) < end.get(p)) {
                return false;
            }
        }
        return true;
    }

    /** The JSON object of one line for a record. */
    static ObjectNode node(ConsumerRecord<byte[], byte[]> r, Deserializer<GenericRecord> generic, Deserializer<Article> article,
                       String articleName) throws IOException {
        ObjectNode node;
        byte[] v = r.value();
        if (v != null && v.length > 5 && v[0] == MAGIC) {
            try {
                GenericRecord g = generic.deserialize(r.topic(), v);
                if (g.getSchema().getFullName().equals(articleName)) {
                    node = (ObjectNode) MAPPER.readTree(ArticleJson.toJson(article.deserialize(r.topic(), v)));
                } else {
                    node = MAPPER.createObjectNode();
                    node.set("value", json(g, g.getSchema()));
                }
            } catch (RegistryUnavailableException e) {
                throw e; // the registry, not the record: stop rather than dump every record as undecodable
            } catch (RuntimeException e) { // e.g. an unknown schema id, or bytes that are not that schema's Avro
                node = undecodable(v, String.valueOf(e.getMessage()));
            }
        } else {
            String text = v == null ? null : utf8(v);
            if (v != null && text == null) { // decoding it with replacements would lose its bytes (found by a fresh user)
                node = undecodable(v, String.format("neither the Confluent wire format nor UTF-8 text (%d bytes, the first 0x%02x)",
                        v.length, v[0] & 0xff));
            } else {
                node = MAPPER.createObjectNode();
                node.put("value", text);
            }
        }
        ObjectNode meta = node.putObject("_kafka");
        meta.put("topic", r.topic());
        meta.put("partition", r.partition());
        meta.put("offset", r.offset());
        meta.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(r.timestamp())));
        meta.put("timestamp_type", r.timestampType().name);
        String key = r.key() == null ? null : utf8(r.key());
        if (r.key() != null && key == null) {
            meta.put("key_base64", Base64.getEncoder().encodeToString(r.key()));
        } else {
            meta.put("key", key);
        }
        return node;
    }

    private static ObjectNode undecodable(byte[] v, String reason) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("value_base64", Base64.getEncoder().encodeToString(v));
        node.put(UNDECODABLE, reason);
        return node;
    }

    /** {@code bytes} as UTF-8, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * An Avro datum as JSON, as {@code GenericData.toString} writes it (a union's value without its branch name) except
     * for {@code bytes} and {@code fixed}, which it writes as one char per byte: here they are base64, and a logical
     * type's value (e.g. an {@code Instant}) is its ISO text. A float that is not finite is its name ("NaN").
     */
    static JsonNode json(Object datum, Schema schema) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (datum == null) {
            return f.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                return json(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case RECORD: {
                GenericRecord rec = (GenericRecord) datum;
                ObjectNode o = f.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    o.set(field.name(), json(rec.get(field.pos()), field.schema()));
                }
                return o;
            }
            case ARRAY: {
                ArrayNode a = f.arrayNode();
                for (Object item : (java.util.Collection<?>) datum) {
                    a.add(json(item, schema.getElementType()));
                }
                return a;
            }
            case MAP: {
                ObjectNode o = f.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    o.set(e.getKey().toString(), json(e.getValue(), schema.getValueType()));
                }
                return o;
            }
            case BYTES: {
                if (!(datum instanceof ByteBuffer)) {
                    return f.textNode(datum.toString()); // a logical type's value, e.g. a decimal
                }
                ByteBuffer b = ((ByteBuffer) datum).duplicate();
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                return f.textNode(Base64.getEncoder().encodeToString(copy));
            }
            case FIXED:
                return datum instanceof GenericFixed fixed ? f.textNode(Base64.getEncoder().encodeToString(fixed.bytes()))
                        : f.textNode(datum.toString());
            case INT:
                return datum instanceof Integer i ? f.numberNode(i) : f.textNode(datum.toString());
            case LONG:
                return datum instanceof Long l ? f.numberNode(l) : f.textNode(datum.toString());
            case FLOAT:
                return datum instanceof Float x && Float.isFinite(x) ? f.numberNode(x) : f.textNode(datum.toString());
            case DOUBLE:
                return datum instanceof Double x && Double.isFinite(x) ? f.numberNode(x) : f.textNode(datum.toString());
            case BOOLEAN:
                return f.booleanNode((Boolean) datum);
            case NULL:
                return f.nullNode();
            default: // STRING, ENUM
                return f.textNode(datum.toString());
        }
    }
}
