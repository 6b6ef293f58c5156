package dev.copydesk.registry;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Ready-made Kafka {@link Serde}s for the Confluent Avro wire format, configured from {@link RegistryClients} settings. */
public final class AvroSerdes {
    private AvroSerdes() {
    }

    /** Serde of a generated class; {@code config} needs at least {@code schema.registry.url}. */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        Serde<T> serde = Serdes.serdeFrom(new AvroSerializer<>(), new AvroDeserializer<>(type));
        serde.configure(config, isKey);
        return serde;
    }

    /** Serde of generated class {@code type} on {@code client} (schemas registered automatically). */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, RegistryClient client, boolean isKey) {
        return Serdes.serdeFrom(new AvroSerializer<>(client, isKey, true), new AvroDeserializer<>(client, type));
    }

    /** Serde of {@link GenericRecord}s (read with the writer's schema). */
    public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        Serde<GenericRecord> serde = Serdes.serdeFrom(new AvroSerializer<>(), new AvroDeserializer<>());
        serde.configure(config, isKey);
        return serde;
    }

    /** Serde of {@link GenericRecord}s on {@code client} (schemas registered automatically). */
    public static Serde<GenericRecord> generic(RegistryClient client, boolean isKey) {
        return Serdes.serdeFrom(new AvroSerializer<>(client, isKey, true), new AvroDeserializer<>(client, null));
    }
}
