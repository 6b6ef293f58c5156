package dev.copydesk.topology;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.DeadLetter;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.registry.RegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams exception handlers that turn a failure anywhere in the topology into a
 * {@link DeadLetter} on the dead-letter topic (with the source record's bytes, where it came from, the
 * stage and the reason) and let the pipeline go on. Input validation sends its own dead letters
 * (see ValidateProcessor); these handlers catch what gets past it: a processor that throws, an internal
 * record that cannot be read, an output that cannot be written. Under exactly-once the dead letter is
 * written in the same transaction as the task's other output.
 *
 * <p>Configured through the Streams config: {@value #DLQ_TOPIC} names the topic (default
 * {@code articles.dlq}); {@code schema.registry.url} and friends configure the Avro serializer.
 */
public final class DeadLetters implements ProcessingExceptionHandler, DeserializationExceptionHandler, ProductionExceptionHandler {
    /** Streams config key carrying the dead-letter topic to the handlers. */
    public static final String DLQ_TOPIC = "copydesk.dlq.topic";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private String topic = "articles.dlq";
    private Serializer<DeadLetter> serializer;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(DLQ_TOPIC);
        if (t != null) {
            topic = t.toString();
        }
        serializer = AvroSerdes.specific(DeadLetter.class, configs, false).serializer();
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (RegistryUnavailableException.in(exception)) {
            LOG.error("schema registry unavailable: failing the task, the record will be processed again", exception);
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(deadLetter(context, "process:" + context.processorNodeId(), exception));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryUnavailableException.in(exception)) {
            LOG.error("schema registry unavailable: failing the task, the record will be read again", exception);
            return DeserializationExceptionHandler.Response.fail();
        }
        return DeserializationExceptionHandler.Response.resume(deadLetter(context, "deserialize", exception));
    }

    /**
     * A record the broker refuses for what it is (too large, invalid) goes to the dead-letter topic.
     * Anything else (timeouts, missing metadata, a broker going away) fails the task, so that under
     * exactly-once the transaction aborts and the work is redone: resuming there would lose output or
     * changelog records.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || exception instanceof org.apache.kafka.common.InvalidRecordException) {
            return ProductionExceptionHandler.Response.resume(deadLetter(context, "produce:" + record.topic(), exception));
        }
        return ProductionExceptionHandler.Response.fail();
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context, @SuppressWarnings("rawtypes") ProducerRecord record,
                                                                        Exception exception, SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.resume(deadLetter(context, "serialize:" + record.topic(), exception));
    }

    /** The dead-letter record for a failure while the task processed the context's source record. */
    List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, String stage, Exception exception) {
        String reason = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        DeadLetter dl = DeadLetter.newBuilder()
                .setKey(context.sourceRawKey() == null ? null : ByteBuffer.wrap(context.sourceRawKey()))
                .setValue(context.sourceRawValue() == null ? null : ByteBuffer.wrap(context.sourceRawValue()))
                .setTopic(context.topic() == null ? "" : context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, context.timestamp())))
                .setStage(stage)
                .setReason(reason)
                .setErrorClass(exception.getClass().getName())
                .build();
        LOG.warn("dead letter {}/{}@{} at {}: {}", dl.getTopic(), dl.getPartition(), dl.getOffset(), stage, reason);
        byte[] value = serializer.serialize(topic, dl);
        return List.of(new ProducerRecord<>(topic, null, context.timestamp() < 0 ? null : context.timestamp(), context.sourceRawKey(), value));
    }
}
