package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The packed long arrays of the internal records (band keys, features, names): their byte layout is stored state. */
class LongsTest {

    @Test
    void packedLongsAreBigEndianAndUnpackFromTheBuffersPositionWithoutMovingIt() {
        long[] values = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L, 42L};
        ByteBuffer packed = Longs.pack(values);
        assertThat(packed.position()).isZero();
        assertThat(packed.remaining()).isEqualTo(values.length * Long.BYTES);
        for (int i = 0; i < values.length; i++) {
            assertThat(packed.getLong(i * Long.BYTES)).isEqualTo(values[i]); // a ByteBuffer reads big-endian
        }
        assertThat(packed.get(4 * Long.BYTES)).isEqualTo((byte) 1); // the most significant byte first
        assertThat(Longs.unpack(packed)).containsExactly(values);
        assertThat(packed.position()).isZero();
        assertThat(Longs.pack(new long[0]).remaining()).isZero();
        assertThat(Longs.unpack(ByteBuffer.allocate(0))).isEmpty();

        // a buffer as a decoder may hand it over: the values start at its position, inside a larger array
        ByteBuffer inside = ByteBuffer.allocate(3 + values.length * Long.BYTES + 5);
        inside.position(3);
        inside.put(Longs.pack(values));
        inside.limit(inside.position()).position(3);
        assertThat(Longs.unpack(inside)).containsExactly(values);
        assertThat(inside.position()).isEqualTo(3);
    }
}
