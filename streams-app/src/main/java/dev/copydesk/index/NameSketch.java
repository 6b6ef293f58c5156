package dev.copydesk.index;

/**
 * A 256-bit Bloom-style sketch of an article's names, for a quick upper bound on how many names two
 * articles share. Every name the two share sets its bit in both sketches, so the number of names of A whose
 * bit is set in B's sketch is never below the true overlap: when even that bound is too small, the exact
 * comparison ({@code NameAgreement.share}) can be skipped without changing any result.
 */
public final class NameSketch {
    public static final int WORDS = 4;

    private NameSketch() {
    }

    /** The bit (0..255) of a name. */
    public static int bit(long name) {
        long x = name * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 56);
    }

    /** Writes the sketch of {@code names} into {@code out[offset .. offset + WORDS)}. */
    public static void sketch(long[] names, long[] out, int offset) {
        for (int w = 0; w < WORDS; w++) {
            out[offset + w] = 0;
        }
        for (long n : names) {
            int b = bit(n);
            out[offset + (b >>> 6)] |= 1L << (b & 63);
        }
    }

    /**
     * An upper bound on the names shared by A (given by its names' {@link #bit}s) and B (given by its sketch
     * at {@code offset}): the number of A's names whose bit is set in B's sketch.
     */
    public static int sharedAtMost(int[] bitsA, long[] sketchB, int offset) {
        int n = 0;
        for (int b : bitsA) {
            n += (int) ((sketchB[offset + (b >>> 6)] >>> (b & 63)) & 1L);
        }
        return n;
    }

    /**
     * One article's names prepared for many {@link #sharedAtMost(Probe, long[], int)} checks: its sketch,
     * and the bits that two or more of its names fall on, with their counts.
     */
    public static final class Probe {
        final long[] bits = new long[WORDS];
        final long[] shared = new long[WORDS]; // bits carrying two or more names
        final byte[] count = new byte[256];
        final boolean anyShared;
        final int names;

        public Probe(long[] names) {
            this.names = names.length;
            boolean any = false;
            for (long name : names) {
                int b = bit(name);
                long mask = 1L << (b & 63);
                if ((bits[b >>> 6] & mask) != 0) {
                    shared[b >>> 6] |= mask;
                    any = true;
                }
                bits[b >>> 6] |= mask;
                count[b] = (byte) Math.min(127, count[b] + 1);
            }
            this.anyShared = any;
        }

        public int names() {
            return names;
        }
    }

    /**
     * The same bound as {@link #sharedAtMost(int[], long[], int)}, from the AND of the two sketches: each
     * common bit counts as many of A's names as fall on it (one, unless A has two names on a bit).
     */
    public static int sharedAtMost(Probe a, long[] sketchB, int offset) {
        int n = 0;
        for (int w = 0; w < WORDS; w++) {
            long common = a.bits[w] & sketchB[offset + w];
            n += Long.bitCount(common);
            if (a.anyShared) {
                for (long d = common & a.shared[w]; d != 0; d &= d - 1) {
                    n += a.count[(w << 6) + Long.numberOfTrailingZeros(d)] - 1;
                }
            }
        }
        return n;
    }
}
