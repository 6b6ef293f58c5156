package dev.copydesk.detect;

import dev.copydesk.fingerprint.FeatureKind;

/**
 * Similarity of two passages from their sorted feature arrays ({@link dev.copydesk.fingerprint.FeatureKind}):
 * a weighted blend of containment (overlap / smaller side) and Dice (overlap / mean size), where names
 * and numbers weigh more than plain words, and numbers present on both sides but not shared count against.
 * Result in [0, 1].
 */
public final class PassageSimilarity {
    private static final SimilarityWeights DEFAULTS = SimilarityWeights.defaults();

    private PassageSimilarity() {
    }

    public static double score(long[] featuresA, long[] featuresB) {
        return score(featuresA, featuresB, DEFAULTS);
    }

    public static double score(long[] a, long[] b, SimilarityWeights w) {
        if (a.length == 0 || b.length == 0) {
            return 0.0;
        }
        double inter = 0;
        double onlyA = 0;
        double onlyB = 0;
        int numA = 0;
        int numB = 0;
        int numOnlyA = 0;
        int numOnlyB = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            long ia = i < a.length ? FeatureKind.identity(a[i]) : Long.MAX_VALUE;
            long ib = j < b.length ? FeatureKind.identity(b[j]) : Long.MAX_VALUE;
            if (i < a.length && (j >= b.length || ia < ib)) {
                int k = FeatureKind.kind(a[i++]);
                onlyA += weight(k, w);
                if (k == FeatureKind.NUMBER) {
                    numA++;
                    numOnlyA++;
                }
            } else if (j < b.length && (i >= a.length || ib < ia)) {
                int k = FeatureKind.kind(b[j++]);
                onlyB += weight(k, w);
                if (k == FeatureKind.NUMBER) {
                    numB++;
                    numOnlyB++;
                }
            } else {
                int ka = FeatureKind.kind(a[i++]);
                int kb = FeatureKind.kind(b[j++]);
                inter += Math.max(weight(ka, w), weight(kb, w));
                if (ka == FeatureKind.NUMBER) {
                    numA++;
                    numB++;
                }
            }
        }
        double sizeA = inter + onlyA;
        double sizeB = inter + onlyB;
        double containment = inter / Math.min(sizeA, sizeB);
        double dice = 2 * inter / (sizeA + sizeB);
        double s = w.containmentMix() * containment + (1 - w.containmentMix()) * dice;
        if (numOnlyA > 0 && numOnlyB > 0) {
            s *= 1 - w.numberPenalty();
        } else if ((numOnlyA > 0 && numB > 0) || (numOnlyB > 0 && numA > 0)) {
            s *= 1 - w.oneSidedPenalty();
        }
        return Math.min(1.0, s);
    }

    private static double weight(int kind, SimilarityWeights w) {
        switch (kind) {
            case FeatureKind.NAME:
                return w.name();
            case FeatureKind.NUMBER:
                return w.number();
            case FeatureKind.BIGRAM:
                return w.bigram();
            default:
                return w.word();
        }
    }
}
