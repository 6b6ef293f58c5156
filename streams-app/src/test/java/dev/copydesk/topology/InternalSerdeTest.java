package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.avro.internal.ShardPassages;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Internal records carry their schema's fingerprint: a record written with another schema (by a copydesk whose internal
 * schemas differ, e.g. before an upgrade) fails to decode with what to do, instead of being read as wrong values.
 */
class InternalSerdeTest {
    private final InternalSerde<ArticleState> states = InternalSerde.of(ArticleState.class);

    private static ArticleState state() {
        return ArticleState.newBuilder().setResponses(3).setAnswered(List.of(0, 2, 3)).setVersion(42).setDecided(true)
                .setPublishedAt(1_772_524_800_000L).setPassages(12).setLinked(List.of("wire-1")).build();
    }

    @Test
    void aRecordComesBackAsWritten() {
        assertThat(states.deserialize("t", states.serialize("t", state()))).isEqualTo(state());
    }

    /** Avro binary of the same record without the stamp: what a copydesk before the stamp wrote. */
    @Test
    void aRecordWithoutTheStampIsRefusedWithWhatToDo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(ArticleState.class).write(state(), enc);
        enc.flush();
        assertThatThrownBy(() -> states.deserialize("t", out.toByteArray())).isInstanceOf(SerializationException.class)
                .hasMessageContaining("another schema").hasMessageContaining("copydesk reset");
    }

    @Test
    void aRecordOfAnotherSchemaIsRefused() {
        InternalSerde<ShardPassages> passages = InternalSerde.of(ShardPassages.class);
        byte[] other = passages.serialize("t", new ShardPassages(1L, 3, java.nio.ByteBuffer.allocate(0), List.of(), 7L));
        assertThatThrownBy(() -> states.deserialize("t", other)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("ArticleState");
        assertThatThrownBy(() -> states.deserialize("t", new byte[] {1, 2})).isInstanceOf(SerializationException.class);
    }
}
