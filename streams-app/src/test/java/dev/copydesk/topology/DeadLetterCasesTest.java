package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.DeadLetter;
import dev.copydesk.config.Settings;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Every kind of bad input ends on the dead-letter topic with its bytes and a reason; good input after it still flows. */
class DeadLetterCasesTest {
    static final Instant T = Instant.parse("2026-02-01T10:00:00Z");

    static DeadLetter only(TopologyFixture f) {
        f.drain();
        assertThat(f.deadLetters).hasSize(1);
        return f.deadLetters.get(0);
    }

    static void sendRaw(TopologyFixture f, String key, byte[] value) {
        f.rawInput.pipeInput(new TestRecord<>(key, value, T));
    }

    static Article valid(String id, String body) {
        return TopologyFixture.article(id, "s", T, "title", body);
    }

    @Test
    void undecodableBytes() {
        try (TopologyFixture f = new TopologyFixture()) {
            byte[] garbage = {0x13, 0x37, 0x00, (byte) 0xff};
            sendRaw(f, "g", garbage);
            DeadLetter d = only(f);
            assertThat(d.getStage()).isEqualTo("deserialize");
            assertThat(d.getReason()).contains("magic byte");
            assertThat(d.getValue().array()).isEqualTo(garbage);
            assertThat(d.getTopic()).isEqualTo("articles");
            assertThat(d.getOffset()).isZero();
        }
    }

    @Test
    void unknownSchemaId() {
        try (TopologyFixture f = new TopologyFixture()) {
            sendRaw(f, "u", ByteBuffer.allocate(9).put((byte) 0).putInt(424242).putInt(0).array());
            assertThat(only(f).getReason()).contains("424242");
        }
    }

    @Test
    void avroMissingRequiredFields() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            // a record registered under the topic's subject whose schema lacks the required body field
            Schema partial = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Article\",\"namespace\":\"dev.copydesk.avro\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
            int id = dev.copydesk.registry.RegistryClients.create(Map.of(Settings.REGISTRY_URL, f.settings.get(Settings.REGISTRY_URL)))
                    .register("other-subject", partial);
            GenericRecord r = new GenericData.Record(partial);
            r.put("id", "m1");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(partial).write(r, enc);
            enc.flush();
            sendRaw(f, "m1", out.toByteArray());
            DeadLetter d = only(f);
            assertThat(d.getStage()).isEqualTo("deserialize");
            assertThat(d.getReason()).isNotBlank();
        }
    }

    @Test
    void emptyAndWhitespaceBodies() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(valid("e1", ""));
            f.send(valid("e2", " \n\t "));
            assertThat(f.deadLetters).extracting(DeadLetter::getReason).containsExactly("empty body", "empty body");
            assertThat(f.deadLetters).extracting(DeadLetter::getStage).containsOnly("validate");
        }
    }

    @Test
    void oversizedBody() {
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.MAX_BODY_BYTES, "5000"))) {
            f.send(valid("big", "word ".repeat(2000)));
            assertThat(only(f).getReason()).contains("10000 bytes is over the limit of 5000");
        }
    }

    @Test
    void invalidUtf8AndBinaryGarbage() {
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.INPUT_FORMAT, "json"))) {
            byte[] json = ("{\"id\":\"bad8\",\"source\":\"s\",\"title\":\"t\",\"published_at\":\"2026-02-01T10:00:00Z\",\"body\":\"caf")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] withBadByte = new byte[json.length + 3];
            System.arraycopy(json, 0, withBadByte, 0, json.length);
            withBadByte[json.length] = (byte) 0xC3; // truncated 2-byte sequence
            withBadByte[json.length + 1] = '"';
            withBadByte[json.length + 2] = '}';
            sendRaw(f, "bad8", withBadByte);
            assertThat(only(f).getReason()).containsIgnoringCase("UTF-8");
        }
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(valid("bin", "ok\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f"));
            assertThat(only(f).getReason()).contains("control characters");
        }
    }

    @Test
    void timestampsFarInTheFutureOrBefore1990() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(TopologyFixture.article("old", "s", Instant.parse("1979-05-01T00:00:00Z"), "t", "An old story about something."));
            f.send(TopologyFixture.article("future", "s", Instant.now().plusSeconds(30L * 86400), "t", "A story from the future."));
            assertThat(f.deadLetters).extracting(DeadLetter::getReason)
                    .satisfiesExactly(r -> assertThat(r).contains("before 1990"), r -> assertThat(r).contains("in the future"));
        }
    }

    @Test
    void thePipelineGoesOnAfterBadInput() {
        try (TopologyFixture f = new TopologyFixture()) {
            sendRaw(f, "g", new byte[] {1, 2, 3});
            f.send(CopyClusteringSpecTest.wire());
            assertThat(f.deadLetters).hasSize(1);
            assertThat(f.annotations).containsKey("wire-1");
        }
    }
}
