package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LshTest {
    @Test
    void candidateProbabilityFormula() {
        assertThat(Lsh.candidateProbability(0.3, 2, 32)).isCloseTo(1 - Math.pow(1 - 0.09, 32), within(1e-12));
        assertThat(Lsh.candidateProbability(0.0, 2, 32)).isZero();
        assertThat(Lsh.candidateProbability(1.0, 2, 32)).isEqualTo(1.0);
        assertThat(Lsh.bandsFor(0.3, 2, 0.95)).isEqualTo(32);
        assertThat(Lsh.candidateProbability(0.3, 2, Lsh.bandsFor(0.3, 2, 0.95))).isGreaterThanOrEqualTo(0.95);
        assertThat(Lsh.candidateProbability(0.3, 2, Lsh.bandsFor(0.3, 2, 0.95) - 1)).isLessThan(0.95);
    }

    @Test
    void defaultsReachTheTargetWithHighProbability() {
        FingerprintConfig cfg = FingerprintConfig.defaults();
        assertThat(cfg.candidateProbability(cfg.targetSimilarity())).isGreaterThanOrEqualTo(0.95);
        assertThat(FingerprintConfig.forTarget(cfg.targetSimilarity(), 0.95, 40))
                .containsExactly(cfg.rows(), cfg.bands());
    }

    /** Two random sets of {@code union} elements sharing {@code shared}: Jaccard = shared / union. */
    private static long[][] pair(Random rnd, int sizeA, int sizeB, int shared) {
        long[] a = new long[sizeA];
        long[] b = new long[sizeB];
        for (int i = 0; i < shared; i++) {
            a[i] = b[i] = rnd.nextLong();
        }
        for (int i = shared; i < sizeA; i++) {
            a[i] = rnd.nextLong();
        }
        for (int i = shared; i < sizeB; i++) {
            b[i] = rnd.nextLong();
        }
        return new long[][] {a, b};
    }

    /** Signatures of a fresh random pair of sets into sa and sb. */
    private static void signatures(MinHasher mh, Random rnd, int size, int shared, int[] sa, int[] sb) {
        long[][] p = pair(rnd, size, size, shared);
        mh.signature(p[0], size, sa);
        mh.signature(p[1], size, sb);
    }

    @Test
    void minHashComponentsCollideWithProbabilityJaccard() {
        MinHasher mh = new MinHasher(64);
        Random rnd = new Random(42);
        int[] sa = new int[64];
        int[] sb = new int[64];
        for (int shared : new int[] {2, 5, 8, 12}) {
            int size = 14;
            double jaccard = shared / (double) (2 * size - shared);
            long equal = 0;
            int trials = 3000;
            for (int t = 0; t < trials; t++) {
                signatures(mh, rnd, size, shared, sa, sb);
                for (int k = 0; k < 64; k++) {
                    equal += sa[k] == sb[k] ? 1 : 0;
                }
            }
            assertThat(equal / (64.0 * trials)).as("component collision rate at J=%.3f", jaccard)
                    .isCloseTo(jaccard, within(0.01));
        }
    }

    @Test
    void bandCollisionRateMatchesTheFormula() {
        FingerprintConfig cfg = FingerprintConfig.defaults();
        MinHasher mh = new MinHasher(cfg.minHashComponents());
        Random rnd = new Random(7);
        int[] sa = new int[cfg.minHashComponents()];
        int[] sb = new int[cfg.minHashComponents()];
        int r = cfg.rows();
        for (int shared : new int[] {1, 3, 5, 7, 9}) {
            int size = 12;
            double jaccard = shared / (double) (2 * size - shared);
            int candidates = 0;
            int trials = 4000;
            for (int t = 0; t < trials; t++) {
                signatures(mh, rnd, size, shared, sa, sb);
                boolean any = false;
                for (int band = 0; band < cfg.bands() && !any; band++) {
                    boolean all = true;
                    for (int k = band * r; k < band * r + r; k++) {
                        all &= sa[k] == sb[k];
                    }
                    any = all;
                }
                candidates += any ? 1 : 0;
            }
            double expected = cfg.candidateProbability(jaccard);
            double sd = Math.sqrt(expected * (1 - expected) / trials);
            assertThat(candidates / (double) trials).as("P(candidate) at J=%.3f, formula %.3f", jaccard, expected)
                    .isCloseTo(expected, within(5 * sd + 0.005));
        }
    }

    @Test
    void signaturesAreDeterministicAcrossInstances() {
        long[] set = {11, 22, 33, -44, 55};
        int[] a = new int[64];
        int[] b = new int[64];
        new MinHasher(64).signature(set, set.length, a);
        new MinHasher(64).signature(set, set.length, b);
        assertThat(a).isEqualTo(b);
        assertThat(java.util.Arrays.stream(a).min().getAsInt()).isNotNegative();
    }
}
