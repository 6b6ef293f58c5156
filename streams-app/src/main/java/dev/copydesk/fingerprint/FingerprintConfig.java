package dev.copydesk.fingerprint;

/**
 * Fingerprint settings.
 *
 * @param bigrams          add adjacent content-word bigrams to the unigram features
 * @param stemming         light English stemming of content words
 * @param bands            LSH bands b
 * @param rows             MinHash components per band r (the signature has {@code bands * rows} components)
 * @param targetSimilarity the feature-set Jaccard s* that must become a candidate with high probability;
 *                         informative, {@link #forTarget} derives bands and rows from it
 */
public record FingerprintConfig(boolean bigrams, boolean stemming, int bands, int rows, double targetSimilarity) {
    public FingerprintConfig {
        if (bands < 1 || rows < 1) {
            throw new IllegalArgumentException("bands and rows must be positive: b=" + bands + " r=" + rows);
        }
        if (targetSimilarity <= 0 || targetSimilarity > 1) {
            throw new IllegalArgumentException("targetSimilarity must be in (0, 1]: " + targetSimilarity);
        }
    }

    /** Default: unigrams + bigrams, stemming, r=2 rows, b=20 bands (s*=0.4 -> P=0.97). */
    public static FingerprintConfig defaults() {
        return new FingerprintConfig(true, true, 20, 2, 0.4);
    }

    /**
     * Bands and rows for a target similarity: the number of rows r in {@code 1..maxRows} with the fewest
     * false candidates at a third of the target among those that reach {@code P(s*) >= minProbability} with at most
     * {@code maxBands} bands.
     */
    public static FingerprintConfig forTarget(boolean bigrams, boolean stemming, double target,
                                              double minProbability, int maxBands) {
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
        return new FingerprintConfig(bigrams, stemming, bestB, bestR, target);
    }

    public int minHashComponents() {
        return bands * rows;
    }

    /** {@link Lsh#candidateProbability} for these bands and rows. */
    public double candidateProbability(double jaccard) {
        return Lsh.candidateProbability(jaccard, rows, bands);
    }
}
