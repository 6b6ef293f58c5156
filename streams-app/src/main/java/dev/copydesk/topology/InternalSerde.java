package dev.copydesk.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro binary for copydesk's internal repartition topics and state stores, with no registry: their schema is fixed by
 * the running version of the application, so the 5-byte Confluent header and a registry round trip would only cost
 * time. User-facing topics use the registry serdes.
 *
 * <p>Each record starts with 4 bytes of its schema's fingerprint (Avro's 64-bit parsing fingerprint, top half): Avro
 * binary has no field tags, so a record written with another schema (by a copydesk whose internal schemas differ) would
 * otherwise be read as wrong values without an error. Such a record fails to decode with a message that says what to do.
 */
public final class InternalSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    static {
        dev.copydesk.registry.AvroTrust.ourTypes(); // before any specific reader or writer
    }

    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ThreadLocal<BinaryEncoder> encoder = new ThreadLocal<>();
    private final ThreadLocal<BinaryDecoder> decoder = new ThreadLocal<>();
    private final ThreadLocal<ByteArrayOutputStream> buffer = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(1024));
    private final Class<T> type;
    private final byte[] stamp;
    /** The types an InternalSerde was made for in this JVM: {@code StateLayoutTest} checks they are all listed. */
    private static final java.util.Set<Class<?>> MADE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public InternalSerde(Class<T> type) {
        this.type = type;
        MADE.add(type);
        long fingerprint = SchemaNormalization.parsingFingerprint64(SpecificData.get().getSchema(type));
        this.stamp = new byte[] {(byte) (fingerprint >>> 56), (byte) (fingerprint >>> 48), (byte) (fingerprint >>> 40),
                (byte) (fingerprint >>> 32)};
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(type);
    }

    private static final int STAMP = 4;

    /** The record types an InternalSerde was made for in this JVM so far. */
    public static java.util.Set<Class<?>> typesMade() {
        return java.util.Set.copyOf(MADE);
    }

    public static <T extends SpecificRecord> InternalSerde<T> of(Class<T> type) {
        return new InternalSerde<>(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        ByteArrayOutputStream out = buffer.get();
        out.reset();
        out.write(stamp, 0, STAMP);
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, encoder.get());
        encoder.set(enc);
        try {
            writer.write(data, enc);
            enc.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode internal " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < STAMP || data[0] != stamp[0] || data[1] != stamp[1] || data[2] != stamp[2] || data[3] != stamp[3]) {
            throw new SerializationException("cannot decode internal " + type.getSimpleName() + ": written with another schema"
                    + " (by another copydesk version?). Internal topics and state do not carry over a change of internal"
                    + " schemas: stop every instance, run `copydesk reset`, and replay the retention window");
        }
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, STAMP, data.length - STAMP, decoder.get());
        decoder.set(dec);
        try {
            return reader.read(null, dec);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode internal " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schema is the class's
    }

    @Override
    public void close() {
        // nothing to release
    }
}
