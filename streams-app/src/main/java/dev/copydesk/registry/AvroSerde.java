package dev.copydesk.registry;

import org.apache.kafka.common.serialization.Serdes;

/**
 * A Serde class for Kafka's {@code default.key.serde}/{@code default.value.serde} settings: Streams instantiates it
 * and calls {@code configure}. Reads generic records, or generated classes when {@code specific.avro.reader=true}.
 */
public class AvroSerde<T> extends Serdes.WrapperSerde<T> {
    public AvroSerde() {
        super(new AvroSerializer<>(), new AvroDeserializer<>());
    }
}
