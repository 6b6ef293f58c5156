package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.DeadLetter;
import dev.copydesk.registry.AvroSerdes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The Streams exception handlers write a readable DeadLetter with the source bytes and let processing resume. */
class DeadLettersTest {
    static final String REGISTRY = "mock://dead-letters-test";

    record Ctx(String topic, int partition, long offset, String processorNodeId, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders().add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 1_700_000_000_000L;
        }
    }

    @Test
    void aProcessorFailureBecomesADeadLetterAndProcessingResumes() {
        DeadLetters handler = new DeadLetters();
        handler.configure(Map.of("schema.registry.url", REGISTRY, DeadLetters.DLQ_TOPIC, "my.dlq"));
        byte[] key = "a-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {0, 0, 0, 0, 7, 1, 2, 3};
        ProcessingExceptionHandler.Response r = handler.handleError(new Ctx("articles", 2, 41, "fingerprint", key, value),
                new Record<>("a-1", "x", 0L), new IllegalStateException("boom in the text pipeline"));

        assertThat(r.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        List<ProducerRecord<byte[], byte[]>> out = r.deadLetterQueueRecords();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).topic()).isEqualTo("my.dlq");
        assertThat(out.get(0).key()).isEqualTo(key);
        DeadLetter dl = AvroSerdes.specific(DeadLetter.class, Map.of("schema.registry.url", REGISTRY), false)
                .deserializer().deserialize("my.dlq", out.get(0).value());
        assertThat(dl.getTopic()).isEqualTo("articles");
        assertThat(dl.getPartition()).isEqualTo(2);
        assertThat(dl.getOffset()).isEqualTo(41);
        assertThat(dl.getStage()).isEqualTo("process:fingerprint");
        assertThat(dl.getReason()).isEqualTo("boom in the text pipeline");
        assertThat(dl.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(dl.getValue().array()).isEqualTo(value);
        // the record's headers go with it (a dead letter dropped them: found in review)
        assertThat(out.get(0).headers().lastHeader("traceparent").value()).isEqualTo("00-abc-def-01".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A dead letter its topic refuses (a lower max.message.bytes there, or a record over the producer's limit) was failed
     * again and again: a replaced thread redoes the record. Once, its skeleton goes instead (where and why, the original
     * sizes, no key, value or headers); a skeleton refused fails the task (found in review).
     */
    @Test
    void aRefusedDeadLetterGoesOnceAsASkeletonWithoutTheOriginalBytes() {
        DeadLetters handler = new DeadLetters();
        handler.configure(Map.of("schema.registry.url", REGISTRY, DeadLetters.DLQ_TOPIC, "my.dlq"));
        var ser = AvroSerdes.specific(DeadLetter.class, Map.of("schema.registry.url", REGISTRY), false);
        DeadLetter whole = DeadLetter.newBuilder().setKey(java.nio.ByteBuffer.wrap(new byte[] {'k'}))
                .setValue(java.nio.ByteBuffer.wrap(new byte[5000])).setTopic("articles").setPartition(1).setOffset(9)
                .setTimestamp(java.time.Instant.ofEpochMilli(1_700_000_000_000L)).setStage("validate").setReason("empty body").build();
        ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>("my.dlq", null, 1_700_000_000_000L, new byte[] {'k'},
                ser.serializer().serialize("my.dlq", whole), new RecordHeaders().add("traceparent", new byte[] {1}));
        var r = handler.handleError(new Ctx("articles", 1, 9, "write-dlq", null, null), refused,
                new org.apache.kafka.common.errors.RecordTooLargeException("too large for the topic"));
        assertThat(r.result()).isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> sent = r.deadLetterQueueRecords().get(0);
        assertThat(sent.topic()).isEqualTo("my.dlq");
        assertThat(sent.key()).isNull();
        assertThat(sent.headers().lastHeader("traceparent")).isNull();
        assertThat(sent.headers().lastHeader(DeadLetters.SKELETON_HEADER)).isNotNull();
        DeadLetter bare = ser.deserializer().deserialize("my.dlq", sent.value());
        assertThat(bare.getValue()).isNull();
        assertThat(bare.getKey()).isNull();
        assertThat(bare.getValueSize()).isEqualTo(5000);
        assertThat(bare.getKeySize()).isEqualTo(1);
        assertThat(bare.getOffset()).isEqualTo(9);
        assertThat(bare.getReason()).startsWith("empty body [the dead-letter topic refused this dead letter whole (")
                .contains("too large for the topic");
        // the skeleton refused too: the task fails rather than loop
        var again = handler.handleError(new Ctx("articles", 1, 9, "write-dlq", null, null), sent,
                new org.apache.kafka.common.errors.RecordTooLargeException("still too large"));
        assertThat(again.result()).isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.FAIL);
    }
}
