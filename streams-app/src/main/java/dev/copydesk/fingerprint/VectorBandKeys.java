package dev.copydesk.fingerprint;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Fingerprinter}'s band keys for bands of two rows (the default) on the JDK's Vector API, several bands per
 * step: the same keys, bit for bit. Loaded only when {@link MinHasher#vectorApi()} says the module is there.
 *
 * <p>A two-row band's key is {@code mix((BAND_SEED ^ b) * BAND_MUL ^ (s[2b] << 32 | s[2b + 1]))}: one vector
 * load of the signature gives the components of {@code lanes} bands, as longs once the two ints of each lane are
 * swapped (a rotation by 32). The murmur3 finalizer then runs on all lanes at once.
 */
final class VectorBandKeys {
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** (BAND_SEED ^ b) * BAND_MUL for each band that a whole vector covers. */
    private final long[] seeds;

    private VectorBandKeys(int bands) {
        seeds = new long[bands / LONGS.length() * LONGS.length()];
        for (int b = 0; b < seeds.length; b++) {
            seeds[b] = (Fingerprinter.BAND_SEED ^ b) * Fingerprinter.BAND_MUL;
        }
    }

    /**
     * The keys, or null where the Vector API would not help (fewer than 2 long lanes) or where it disagrees with
     * the scalar keys on a test signature (a check of the lane order, done once).
     */
    static VectorBandKeys create(int bands) {
        if (LONGS.length() < 2 || INTS.vectorBitSize() != LONGS.vectorBitSize() || bands < LONGS.length()) {
            return null;
        }
        VectorBandKeys v = new VectorBandKeys(bands);
        int[] signature = new int[2 * bands];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(bands);
        for (int k = 0; k < signature.length; k++) {
            signature[k] = rnd.nextInt() >>> 1;
        }
        long[] expected = new long[bands];
        long[] actual = new long[bands];
        Fingerprinter.bandKeys(signature, 2, expected, 0);
        Fingerprinter.bandKeys(signature, 2, actual, v.keys(signature, actual));
        return java.util.Arrays.equals(expected, actual) ? v : null;
    }

    /** Writes the keys of bands {@code [0, r)} from a signature of two-row bands; returns r (the rest is scalar). */
    int keys(int[] signature, long[] keys) {
        int lanes = LONGS.length();
        for (int b = 0; b < seeds.length; b += lanes) {
            LongVector rows = IntVector.fromArray(INTS, signature, 2 * b).reinterpretAsLongs()
                    .lanewise(VectorOperators.ROL, 32); // lane j: s[2j] << 32 | s[2j + 1]
            LongVector z = LongVector.fromArray(LONGS, seeds, b).lanewise(VectorOperators.XOR, rows);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 33)).mul(Fingerprinter.MIX_1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 33)).mul(Fingerprinter.MIX_2);
            z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 33)).intoArray(keys, b);
        }
        return seeds.length;
    }
}
