package dev.copydesk.fingerprint;

/**
 * Fingerprint settings.
 *
 * @param bigrams          add adjacent content-word bigrams to the features
 * @param stemming         light English stemming of content words
 * @param stopFeatures     keep stop words (low weight) and a negation feature in the features; they never
 *                         enter MinHash
 * @param lshBigrams       let bigrams enter MinHash (otherwise only content unigrams and numbers do)
 * @param bands            LSH bands b
 * @param rows             MinHash components per band r (the signature has {@code bands * rows} components)
 * @param targetSimilarity the MinHash-set Jaccard s* that must become a candidate with high probability;
 *                         {@link #forTarget} derives bands and rows from it
 */
public record FingerprintConfig(boolean bigrams, boolean stemming, boolean stopFeatures, boolean lshBigrams,
                                int bands, int rows, double targetSimilarity) {
    public FingerprintConfig {
        if (bands < 1 || rows < 1) {
            throw new IllegalArgumentException("bands and rows must be positive: b=" + bands + " r=" + rows);
        }
        if (targetSimilarity <= 0 || targetSimilarity > 1) {
            throw new IllegalArgumentException("targetSimilarity must be in (0, 1]: " + targetSimilarity);
        }
    }

    /**
     * Defaults chosen on MSRP and the seeds: unigrams (bigrams did not help: MSRP F1 0.8233 with, 0.8260
     * without), stemming, stop-word features (0.8179 without), MinHash on content unigrams, r=2 rows, b=32
     * bands for s*=0.3 (see {@link Fingerprinter}).
     */
    public static FingerprintConfig defaults() {
        return new FingerprintConfig(false, true, true, false, 32, 2, 0.3);
    }

    /** The same features with bands and rows derived by {@link #forTarget(double, double, int)}. */
    public FingerprintConfig withTarget(double target, double minProbability, int maxBands) {
        int[] rb = forTarget(target, minProbability, maxBands);
        return new FingerprintConfig(bigrams, stemming, stopFeatures, lshBigrams, rb[1], rb[0], target);
    }

    /**
     * Rows and bands {@code {r, b}} for a target similarity: among r in 1..8, the one with the fewest false
     * candidates at a third of the target, among those that reach {@code P(target) >= minProbability}
     * with at most {@code maxBands} bands (b is the smallest that reaches it).
     */
    public static int[] forTarget(double target, double minProbability, int maxBands) {
        int bestR = 1;
        int bestB = Lsh.bandsFor(target, 1, minProbability);
        double bestFalse = Lsh.candidateProbability(target / 3, bestR, bestB);
        for (int r = 2; r <= 8; r++) {
            int b = Lsh.bandsFor(target, r, minProbability);
            if (b > maxBands) {
                break;
            }
            double fp = Lsh.candidateProbability(target / 3, r, b);
            if (fp < bestFalse) {
                bestR = r;
                bestB = b;
                bestFalse = fp;
            }
        }
        return new int[] {bestR, bestB};
    }

    public int minHashComponents() {
        return bands * rows;
    }

    /** {@link Lsh#candidateProbability} for these bands and rows. */
    public double candidateProbability(double jaccard) {
        return Lsh.candidateProbability(jaccard, rows, bands);
    }
}
