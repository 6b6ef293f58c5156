package dev.copydesk.registry;

import java.io.EOFException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for the Confluent Avro wire format (see {@link AvroSerializer}). The writer schema is fetched
 * by id once and its reader cached; records are resolved to the reader schema: the generated class's schema for
 * specific records (so older writers' data gets defaults), the writer schema for generic records. Malformed input
 * raises {@link SerializationException} with the reason; null deserializes to null.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    static {
        AvroTrust.ourTypes(); // before any specific reader or writer
    }

    /** Confluent's switch: deserialize to generated classes (found by the writer schema's name) instead of GenericRecord. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private RegistryClient client;
    private final Class<? extends T> type;
    private boolean specific;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflection: generic records unless {@code specific.avro.reader=true}; {@link #configure} must follow. */
    public AvroDeserializer() {
        this(null, null);
    }

    /** Reads {@code type} (a generated SpecificRecord class); {@link #configure} must follow. */
    public AvroDeserializer(Class<? extends T> type) {
        this(null, type);
    }

    /** @param type a generated SpecificRecord class, or null for generic records */
    public AvroDeserializer(RegistryClient client, Class<? extends T> type) {
        this.client = client;
        this.type = type;
        this.specific = type != null;
        if (type != null && !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro SpecificRecord class");
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (configs.get(RegistryClients.URL) != null || client == null) {
            client = RegistryClients.create(configs);
        }
        String specificReader = RegistryClients.setting(configs, SPECIFIC_AVRO_READER);
        if (specificReader != null && type == null) {
            specific = Boolean.parseBoolean(specificReader.trim());
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] != 0) {
            throw new SerializationException(String.format("unknown magic byte 0x%02x (not Confluent Avro wire format) on topic %s", data[0] & 0xff, topic));
        }
        if (data.length < 5) {
            throw new SerializationException("record too short on topic " + topic + ": " + data.length
                    + " bytes, the Confluent wire format needs a 5-byte header");
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        DatumReader<T> reader = reader(id, topic);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, DECODERS.get());
        DECODERS.set(decoder);
        T record;
        try {
            record = reader.read(null, decoder);
            // a whole record was read: what follows is a second record or corruption, not part of this one
            int left = decoder.inputStream().available();
            if (left > 0) {
                throw new SerializationException(left + " bytes after the record of schema id " + id + " on topic " + topic);
            }
            return record;
        } catch (SerializationException e) {
            throw e;
        } catch (EOFException | IndexOutOfBoundsException e) {
            throw new SerializationException("record too short on topic " + topic + ": " + data.length
                    + " bytes end inside a record of schema id " + id, e);
        } catch (Exception e) {
            throw new SerializationException("cannot decode record of schema id " + id + " on topic " + topic + ": " + e, e);
        }
    }

    private DatumReader<T> reader(int id, String topic) {
        DatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        if (client == null) {
            throw new ConfigException(RegistryClients.URL, null, "AvroDeserializer is not configured: no schema registry");
        }
        Schema writer = fetch(id, topic);
        reader = specific ? new SpecificDatumReader<>(writer, readerSchema(writer)) : new GenericDatumReader<>(writer, writer, GenericData.get());
        readers.put(id, reader);
        return reader;
    }

    /**
     * The writer schema of {@code id}. An unknown id is the record's fault (a SerializationException, so it is
     * dead-lettered); a registry that cannot answer (unreachable, 5xx, 408, 429, 401/403) is not: it is tried again,
     * then a {@link RegistryUnavailableException} fails the task rather than the record.
     */
    private Schema fetch(int id, String topic) {
        try {
            return RegistryUnavailableException.retrying("fetching schema id " + id + " for topic " + topic, () -> client.getById(id));
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SCHEMA_NOT_FOUND) {
                throw new SerializationException("unknown schema id " + id + " on topic " + topic, e);
            }
            throw new SerializationException("cannot fetch schema id " + id + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private Schema readerSchema(Schema writer) {
        Class<?> cls;
        try {
            cls = type != null ? type : SpecificData.get().getClass(writer);
        } catch (SecurityException e) { // Avro refused to load the class the writer schema names (AvroTrust)
            throw new SerializationException("writer schema " + writer.getFullName()
                    + " names a class that is not one of copydesk's generated types; it is not loaded (specific.avro.reader=true)");
        }
        if (cls == null || !SpecificRecord.class.isAssignableFrom(cls)) {
            throw new SerializationException("no generated class for " + writer.getFullName() + " on the class path (specific.avro.reader=true)");
        }
        return SpecificData.get().getSchema(cls);
    }
}
