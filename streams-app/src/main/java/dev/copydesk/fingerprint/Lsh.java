package dev.copydesk.fingerprint;

/**
 * Banding arithmetic for MinHash LSH. With b bands of r rows each, two passages whose feature sets have
 * Jaccard similarity s share at least one band key with probability {@code P(s) = 1 - (1 - s^r)^b}.
 */
public final class Lsh {
    private Lsh() {
    }

    /** {@code 1 - (1 - s^r)^b}: probability that a pair with Jaccard {@code s} becomes a candidate. */
    public static double candidateProbability(double s, int rows, int bands) {
        return 1.0 - Math.pow(1.0 - Math.pow(s, rows), bands);
    }

    /** Smallest number of bands of {@code rows} rows giving {@code P(target) >= minProbability}. */
    public static int bandsFor(double target, int rows, double minProbability) {
        double perBand = Math.pow(target, rows);
        if (perBand >= 1.0) {
            return 1;
        }
        return (int) Math.ceil(Math.log(1.0 - minProbability) / Math.log(1.0 - perBand));
    }
}
