package dev.copydesk.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for Avro records (generated {@link SpecificRecord}s or {@link org.apache.avro.generic.GenericRecord}s)
 * in the Confluent wire format: byte 0, the 4-byte big-endian schema id, Avro binary. The subject is
 * {@code <topic>-value} ({@code <topic>-key} for keys). Schemas are registered on first use unless
 * {@code auto.register.schemas=false}, in which case they must already be registered. After the first record of a
 * schema on a topic no registry call is made. Thread-safe; null serializes to null (tombstones).
 */
public class AvroSerializer<T> implements Serializer<T> {
    static {
        AvroTrust.ourTypes(); // before any specific reader or writer
    }

    /** Register unknown schemas (default true) or only look them up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private record TopicSchema(String topic, Schema schema) {
    }

    private static final class Buffer extends ByteArrayOutputStream {
        BinaryEncoder encoder;

        boolean oversized() {
            return buf.length > MAX_KEPT_BUFFER;
        }
    }

    /** A thread keeps its output buffer between records unless a record made it larger than this. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private RegistryClient client;
    private boolean isKey;
    private boolean autoRegister = true;
    private final Map<TopicSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();

    /** For Kafka's reflection: {@link #configure} must follow. */
    public AvroSerializer() {
    }

    /** A value serializer that registers schemas. */
    public AvroSerializer(RegistryClient client) {
        this(client, false, true);
    }

    public AvroSerializer(RegistryClient client, boolean isKey, boolean autoRegister) {
        this.client = client;
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    /** Reads {@code schema.registry.url} (and the other {@link RegistryClients} settings) and {@code auto.register.schemas}. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (configs.get(RegistryClients.URL) != null || client == null) {
            client = RegistryClients.create(configs);
        }
        String auto = RegistryClients.setting(configs, AUTO_REGISTER_SCHEMAS);
        if (auto != null) {
            autoRegister = Boolean.parseBoolean(auto.trim());
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SerializationException("AvroSerializer serializes Avro records only, not " + data.getClass().getName());
        }
        Schema schema = container.getSchema();
        int id = schemaId(topic, schema);
        Buffer buffer = BUFFERS.get();
        buffer.reset();
        buffer.write(0);
        buffer.write(id >>> 24);
        buffer.write(id >>> 16);
        buffer.write(id >>> 8);
        buffer.write(id);
        try {
            buffer.encoder = EncoderFactory.get().binaryEncoder(buffer, buffer.encoder);
            writer(schema, data instanceof SpecificRecord).write(data, buffer.encoder);
            buffer.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        byte[] bytes = buffer.toByteArray();
        if (buffer.oversized()) {
            BUFFERS.remove();
        }
        return bytes;
    }

    private int schemaId(String topic, Schema schema) {
        TopicSchema key = new TopicSchema(topic, schema);
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        if (client == null) {
            throw new ConfigException(RegistryClients.URL, null, "AvroSerializer is not configured: no schema registry");
        }
        String subject = subject(topic, isKey);
        // a registry that cannot answer now is not the record's fault: tried again, then the task fails
        // (RegistryUnavailableException); a 503 here once dead-lettered a valid article's outputs for good (found in review)
        try {
            id = autoRegister
                    ? RegistryUnavailableException.retrying("registering under subject '" + subject + "'", () -> client.register(subject, schema))
                    : RegistryUnavailableException.retrying("looking up a schema under subject '" + subject + "'",
                            () -> client.lookup(subject, schema)).orElseThrow(() -> new SerializationException("schema "
                            + schema.getFullName() + " is not registered under subject '" + subject + "' and auto.register.schemas=false"));
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RegistryException e) {
            throw new SerializationException("cannot " + (autoRegister ? "register" : "look up") + " schema " + schema.getFullName()
                    + " under subject '" + subject + "': " + e.getMessage(), e);
        }
        ids.put(key, id);
        return id;
    }

    private DatumWriter<Object> writer(Schema schema, boolean specific) {
        return specific
                ? specificWriters.computeIfAbsent(schema, SpecificDatumWriter::new)
                : genericWriters.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s, GenericData.get()));
    }

    /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
