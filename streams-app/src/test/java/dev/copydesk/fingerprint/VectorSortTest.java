package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorSort} sorts as {@link Arrays#sort(long[], int, int)} does, for every length the feature extractor gives
 * it (2 to 64), with equal values (a word twice in a passage), the extremes of the signed range, and garbage in the
 * lanes past the end. {@code MinHasherKernelTest.otherJvmsGiveTheSameFingerprints} checks the sorted features of whole
 * articles against JVMs without the module and with narrower vectors.
 */
class VectorSortTest {
    private static final int ROOM = 64;

    @Test
    void sortsLikeArraysSort() {
        assumeTrue(MinHasher.vectorApi(), "this JVM has no Vector API (started without --add-modules jdk.incubator.vector)");
        Random rnd = new Random(11);
        long[] t = new long[ROOM];
        long[] ranks = new long[ROOM];
        boolean[] written = new boolean[ROOM];
        int withDuplicates = 0;
        for (int round = 0; round < 300; round++) {
            for (int n = 0; n <= ROOM; n++) {
                long[] a = new long[ROOM];
                int pool = round % 3 == 0 ? 1 + rnd.nextInt(Math.max(1, n)) : 0; // a small pool: many equal values
                long[] values = new long[Math.max(pool, 1)];
                for (int k = 0; k < values.length; k++) {
                    values[k] = extreme(rnd);
                }
                for (int k = 0; k < ROOM; k++) {
                    a[k] = k < n && pool > 0 ? values[rnd.nextInt(pool)] : extreme(rnd);
                }
                long[] expected = Arrays.copyOf(a, n);
                Arrays.sort(expected);
                long[] tail = Arrays.copyOfRange(a, n, ROOM);
                VectorSort.sort(a, n, t, ranks, written);
                assertThat(Arrays.copyOf(a, n)).as("n=%d round=%d", n, round).containsExactly(expected);
                assertThat(Arrays.copyOfRange(a, n, ROOM)).as("past the end, n=%d", n).containsExactly(tail);
                if (Arrays.stream(expected).distinct().count() < n) {
                    withDuplicates++;
                }
            }
        }
        assertThat(withDuplicates).as("cases with equal values").isGreaterThan(1000);
    }

    @Test
    void theKernelSortsOnItWhenTheJvmHasTheModule() {
        assumeTrue(MinHasher.vectorApi(), "this JVM has no Vector API");
        // a passage of many distinct words (more than the insertion sort's comfortable few) and repeated ones
        String text = "Zebra yachts xylophones wander quietly past ancient harbours while Maria counts 1,250 boats, "
                + "zebra again, boats again, and the Harbour Authority said 1,250 boats were counted on Tuesday";
        long[] features = new Fingerprinter(FingerprintConfig.defaults()).features(text);
        long[] sorted = features.clone();
        Arrays.sort(sorted);
        assertThat(features).containsExactly(sorted);
        assertThat(features.length).isGreaterThan(2 * VectorSort.LANES);
        for (int k = 1; k < features.length; k++) {
            assertThat(FeatureKind.identity(features[k])).isNotEqualTo(FeatureKind.identity(features[k - 1]));
        }
    }

    private static long extreme(Random rnd) {
        return switch (rnd.nextInt(12)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0L;
            case 3 -> -1L;
            default -> rnd.nextLong();
        };
    }
}
