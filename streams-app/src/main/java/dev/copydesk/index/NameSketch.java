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
     * at {@code offset}).
     */
    public static int sharedAtMost(int[] bitsA, long[] sketchB, int offset) {
        int n = 0;
        for (int b : bitsA) {
            n += (int) ((sketchB[offset + (b >>> 6)] >>> (b & 63)) & 1L);
        }
        return n;
    }
}
