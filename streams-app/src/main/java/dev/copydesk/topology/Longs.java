package dev.copydesk.topology;

import java.nio.ByteBuffer;

/** long[] packed into bytes (big-endian) for the internal records: no boxing on the hot path. */
final class Longs {
    private Longs() {
    }

    static ByteBuffer pack(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES);
        for (long v : values) {
            b.putLong(v);
        }
        return b.flip();
    }

    static long[] unpack(ByteBuffer packed) {
        ByteBuffer b = packed.duplicate();
        long[] out = new long[b.remaining() / Long.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }
}
