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
    private org.apache.kafka.common.serialization.Deserializer<DeadLetter> deserializer;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(DLQ_TOPIC);
        if (t != null) {
            topic = t.toString();
        }
        serializer = AvroSerdes.specific(DeadLetter.class, configs, false).serializer();
        deserializer = AvroSerdes.specific(DeadLetter.class, configs, false).deserializer();
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
        if (topic.equals(record.topic())) {
            // a dead letter refused: the same one again would be refused again, without end (a replaced thread redoes the
            // record too). Once, a skeleton goes instead: where the record was and why, without its key, value and headers
            // (a dead letter is bounded to fit the default limits: this is a dead-letter topic with a lower max.message.bytes)
            List<ProducerRecord<byte[], byte[]>> skeleton = record.headers().lastHeader(SKELETON_HEADER) == null
                    ? skeleton(record, exception) : null;
            if (skeleton == null) {
                LOG.error("the dead-letter topic {} refused a dead letter of {} bytes, also without the original record:"
                        + " failing the task", topic, record.value() == null ? 0 : record.value().length, exception);
                return ProductionExceptionHandler.Response.fail();
            }
            LOG.error("the dead-letter topic {} refused a dead letter of {} bytes: sending it without the original key,"
                    + " value and headers", topic, record.value() == null ? 0 : record.value().length, exception);
            return ProductionExceptionHandler.Response.resume(skeleton);
        }
        if (exception instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || exception instanceof org.apache.kafka.common.InvalidRecordException) {
            return ProductionExceptionHandler.Response.resume(deadLetter(context, "produce:" + record.topic(), exception));
        }
        return ProductionExceptionHandler.Response.fail();
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context, @SuppressWarnings("rawtypes") ProducerRecord record,
                                                                        Exception exception, SerializationExceptionOrigin origin) {
        if (RegistryUnavailableException.in(exception)) {
            LOG.error("schema registry unavailable: failing the task, the record will be processed again", exception);
            return ProductionExceptionHandler.Response.fail();
        }
        return ProductionExceptionHandler.Response.resume(deadLetter(context, "serialize:" + record.topic(), exception));
    }

    /** Marks a dead letter sent without the original key, value and headers after the whole one was refused. */
    public static final String SKELETON_HEADER = "copydesk-dead-letter-skeleton";

    /** {@code refused} (a dead letter) without the original key, value and headers; null when it cannot be read. */
    private List<ProducerRecord<byte[], byte[]>> skeleton(ProducerRecord<byte[], byte[]> refused, Exception exception) {
        DeadLetter dl;
        try {
            dl = deserializer.deserialize(topic, refused.value());
        } catch (RuntimeException e) {
            return null;
        }
        DeadLetter bare = DeadLetter.newBuilder(dl).setKey(null).setValue(null)
                .setKeySize(dl.getKeySize() != null ? dl.getKeySize() : dl.getKey() == null ? null : dl.getKey().remaining())
                .setValueSize(dl.getValueSize() != null ? dl.getValueSize() : dl.getValue() == null ? null : dl.getValue().remaining())
                .setReason(boundedReason(dl.getReason() + " [the dead-letter topic refused this dead letter whole ("
                        + (refused.value() == null ? 0 : refused.value().length) + " bytes: " + exception.getMessage()
                        + "): its key, value and headers are left out; the record is at its topic, partition and offset]"))
                .build();
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(SKELETON_HEADER, new byte[] {1});
        return List.of(new ProducerRecord<>(topic, null, refused.timestamp(), null, serializer.serialize(topic, bare), headers));
    }

    /** The dead-letter record for a failure while the task processed the context's source record. */
    List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, String stage, Exception exception) {
        String reason = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        org.apache.kafka.common.header.Headers headers = keptHeaders(context.headers());
        DeadLetter dl = withOriginal(DeadLetter.newBuilder(), context.sourceRawKey(), context.sourceRawValue(), headerBytes(headers))
                .setTopic(context.topic() == null ? "" : context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, context.timestamp())))
                .setStage(stage)
                .setReason(boundedReason(reason))
                .setErrorClass(exception.getClass().getName())
                .build();
        LOG.warn("dead letter {}/{}@{} at {}: {}", dl.getTopic(), dl.getPartition(), dl.getOffset(), stage, dl.getReason());
        byte[] value = serializer.serialize(topic, dl);
        return List.of(new ProducerRecord<>(topic, null, context.timestamp() < 0 ? null : context.timestamp(), recordKey(dl), value,
                headers));
    }

    /** The most of the original key a dead letter keeps. */
    public static final int MAX_KEY_BYTES = 65_536;
    /**
     * The most of the original key (twice: the dead letter's field and its record's key) and value a dead letter keeps, so
     * that it fits the producer's and the broker's default record limit (1 MiB) with room for the rest. Whole, an input
     * record near that limit made a dead letter over it: the broker refused it, the handler dead-lettered that failure
     * again, and so on until the stack overflowed and the instance stopped making progress (found in review).
     */
    public static final int MAX_ORIGINAL_BYTES = 1_000_000;
    /** The most of a reason (an exception's message can quote its input) a dead letter keeps, in chars. */
    static final int MAX_REASON_CHARS = 4_000;

    /**
     * Sets the original key and value on {@code b}: whole, or their first bytes and their sizes when too large (see above);
     * {@code headerBytes}, the original headers' size, which the dead letter's record carries too, counts against the bound.
     */
    public static DeadLetter.Builder withOriginal(DeadLetter.Builder b, byte[] key, byte[] value, int headerBytes) {
        byte[] k = key;
        if (key != null && key.length > MAX_KEY_BYTES) {
            k = java.util.Arrays.copyOf(key, MAX_KEY_BYTES);
            b.setKeySize(key.length);
        }
        byte[] v = value;
        int room = Math.max(0, MAX_ORIGINAL_BYTES - 2 * (k == null ? 0 : k.length) - headerBytes);
        if (value != null && value.length > room) {
            v = java.util.Arrays.copyOf(value, room);
            b.setValueSize(value.length);
        }
        return b.setKey(k == null ? null : ByteBuffer.wrap(k)).setValue(v == null ? null : ByteBuffer.wrap(v));
    }

    /** The most bytes of the original headers a dead letter's record carries. */
    public static final int MAX_HEADER_BYTES = 65_536;
    /** Replaces original headers over {@link #MAX_HEADER_BYTES}: how many there were, and their bytes. */
    public static final String HEADERS_LEFT_OUT = "copydesk-headers-left-out";

    /**
     * The original headers a dead letter's record carries: all of them, a copy, when they take at most
     * {@link #MAX_HEADER_BYTES}; else none, and {@link #HEADERS_LEFT_OUT} saying what was left out. Whole, a record whose
     * headers filled it made a dead letter over the record limit, however little of its value it kept (found in review).
     */
    public static org.apache.kafka.common.header.Headers keptHeaders(org.apache.kafka.common.header.Headers original) {
        org.apache.kafka.common.header.internals.RecordHeaders kept = new org.apache.kafka.common.header.internals.RecordHeaders();
        if (original == null) {
            return kept;
        }
        int bytes = headerBytes(original);
        org.apache.kafka.common.header.Header[] all = original.toArray();
        if (bytes <= MAX_HEADER_BYTES) {
            for (org.apache.kafka.common.header.Header h : all) {
                kept.add(h.key(), h.value());
            }
        } else {
            kept.add(HEADERS_LEFT_OUT, (all.length + " headers, " + bytes + " bytes").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return kept;
    }

    /** What {@code headers} take in a record, at most: each key and value and their two length fields. */
    public static int headerBytes(org.apache.kafka.common.header.Headers headers) {
        int n = 0;
        if (headers != null) {
            for (org.apache.kafka.common.header.Header h : headers) {
                n += 10 + h.key().length() * 3 + (h.value() == null ? 0 : h.value().length);
            }
        }
        return n;
    }

    /** The key of a dead letter's record: the original key, or the first bytes the dead letter keeps of it. */
    public static byte[] recordKey(DeadLetter dl) {
        if (dl.getKey() == null) {
            return null;
        }
        ByteBuffer k = dl.getKey().duplicate();
        byte[] bytes = new byte[k.remaining()];
        k.get(bytes);
        return bytes;
    }

    /** {@code reason}, cut to {@link #MAX_REASON_CHARS}. */
    public static String boundedReason(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
}
