package dev.copydesk.fingerprint;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sorts a passage's few dozen features without a branch on their values: each one's place is the number of features
 * below it, counted a vector of lanes at a time. That is n²/lanes comparisons (72 vector steps for 24 features, a
 * passage's usual count before duplicates go, on 512 bits): more work than the scalar sort's counting pass and
 * insertion sort ({@code FeatureExtractor.sortSmall}), and slower on its own (125 against 110 ns on random features in
 * a loop). But the insertion sort's branches depend on the values, which on distinct text the CPU cannot predict: in
 * the fingerprint kernel, on 512 distinct articles, this sort made the whole kernel 6% faster (2026-11-24, both in one
 * JVM). Equal features (a word twice in a passage) share a place; the places after it are filled with the same value.
 * When every value differs (the ranks sum to n(n-1)/2), they go straight to their places.
 *
 * <p>Loaded only when the JVM has the Vector API ({@link MinHasher#vectorApi()}): its types are in that module.
 */
final class VectorSort {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    static final int LANES = S.length();

    private VectorSort() {
    }

    /**
     * True when the JVM's vectors hold at least 4 longs (256 bits). With 2 lanes (128-bit vectors: SSE or AVX1 only,
     * {@code -XX:MaxVectorSize=16}, NEON) JDK 17's C2 has no long compare or blend for them, so the API runs as plain
     * Java and a sort takes ~8,700 ns instead of ~80 (found in a review): the scalar sort runs there.
     */
    static boolean usable() {
        return LANES >= 4;
    }

    /**
     * Sorts {@code a[0, n)} ascending (signed), in place. {@code a} must have room for n rounded up to a multiple of
     * {@link #LANES} (the lanes past n are read and ignored); {@code t}, {@code ranks} and {@code written} are scratch of
     * at least that length.
     */
    static void sort(long[] a, int n, long[] t, long[] ranks, boolean[] written) {
        if (n < 2) {
            return;
        }
        int padded = (n + LANES - 1) / LANES * LANES;
        long sum = 0;
        for (int blk = 0; blk < padded; blk += LANES) {
            LongVector x = LongVector.fromArray(S, a, blk);
            LongVector r = LongVector.zero(S);
            for (int j = 0; j < n; j++) {
                r = r.sub((LongVector) LongVector.broadcast(S, a[j]).compare(VectorOperators.LT, x).toVector());
            }
            r.intoArray(ranks, blk);
        }
        for (int l = 0; l < n; l++) {
            sum += ranks[l];
        }
        if (sum == (long) n * (n - 1) / 2) { // the ranks are 0..n-1 once each: all values differ
            for (int l = 0; l < n; l++) {
                t[(int) ranks[l]] = a[l];
            }
            System.arraycopy(t, 0, a, 0, n);
            return;
        }
        for (int l = 0; l < n; l++) {
            written[l] = false;
        }
        for (int l = 0; l < n; l++) {
            int r = (int) ranks[l];
            t[r] = a[l];
            written[r] = true;
        }
        a[0] = t[0];
        for (int l = 1; l < n; l++) {
            a[l] = written[l] ? t[l] : a[l - 1]; // equal values share a rank: the places after it hold the same value
        }
    }
}
