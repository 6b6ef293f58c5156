package dev.copydesk.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary (no registry, no header) for copydesk's internal repartition topics and state
 * stores: their schema is fixed by the running version of the application, so the 5-byte Confluent
 * header and a registry round trip would only cost time. User-facing topics use the registry serdes.
 */
public final class InternalSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ThreadLocal<BinaryEncoder> encoder = new ThreadLocal<>();
    private final ThreadLocal<BinaryDecoder> decoder = new ThreadLocal<>();
    private final ThreadLocal<ByteArrayOutputStream> buffer = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(1024));
    private final Class<T> type;

    public InternalSerde(Class<T> type) {
        this.type = type;
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(type);
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
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, decoder.get());
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
