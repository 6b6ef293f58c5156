package dev.copydesk.detect;

import dev.copydesk.fingerprint.FeatureKind;

/**
 * Similarity of two passages from their sorted feature arrays ({@link FeatureKind}): a blend of weighted
 * containment (overlap / lighter side) and weighted Dice (overlap / mean weight). Names, numbers and long
 * words weigh more than short plain words, stop words little; numbers that the other side lacks, and a
 * negation on one side only, count against. Result in [0, 1]; symmetric.
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
        boolean negA = false;
        boolean negB = false;
        int nameOnlyA = 0;
        int nameOnlyB = 0;
        int namesShared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long fa = a[i];
            long fb = b[j];
            long ia = FeatureKind.identity(fa);
            long ib = FeatureKind.identity(fb);
            if (ia < ib) {
                onlyA += weight(fa, w);
                int k = FeatureKind.kind(fa);
                numOnlyA += k == FeatureKind.NUMBER ? 1 : 0;
                nameOnlyA += k == FeatureKind.NAME ? 1 : 0;
                negA |= k == FeatureKind.NEGATION;
                i++;
            } else if (ib < ia) {
                onlyB += weight(fb, w);
                int k = FeatureKind.kind(fb);
                numOnlyB += k == FeatureKind.NUMBER ? 1 : 0;
                nameOnlyB += k == FeatureKind.NAME ? 1 : 0;
                negB |= k == FeatureKind.NEGATION;
                j++;
            } else {
                inter += Math.max(weight(fa, w), weight(fb, w));
                namesShared += FeatureKind.kind(fa) == FeatureKind.NAME || FeatureKind.kind(fb) == FeatureKind.NAME ? 1 : 0;
                if (FeatureKind.kind(fa) == FeatureKind.NUMBER) {
                    numA++;
                    numB++;
                }
                i++;
                j++;
            }
        }
        for (; i < a.length; i++) {
            onlyA += weight(a[i], w);
            int k = FeatureKind.kind(a[i]);
            numOnlyA += k == FeatureKind.NUMBER ? 1 : 0;
            nameOnlyA += k == FeatureKind.NAME ? 1 : 0;
            negA |= k == FeatureKind.NEGATION;
        }
        for (; j < b.length; j++) {
            onlyB += weight(b[j], w);
            int k = FeatureKind.kind(b[j]);
            numOnlyB += k == FeatureKind.NUMBER ? 1 : 0;
            nameOnlyB += k == FeatureKind.NAME ? 1 : 0;
            negB |= k == FeatureKind.NEGATION;
        }
        if (inter == 0) {
            return 0.0;
        }
        numA += numOnlyA;
        numB += numOnlyB;
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
        if (negA != negB) {
            s *= 1 - w.negationPenalty();
        }
        if (nameOnlyA > 0 && nameOnlyB > 0) {
            // names on both sides that the other lacks: penalty in proportion to how few names agree
            s *= 1 - w.namePenalty() * Math.min(nameOnlyA / (double) (nameOnlyA + namesShared),
                    nameOnlyB / (double) (nameOnlyB + namesShared));
        }
        return Math.min(1.0, s);
    }

    /** Weight of one feature under {@code w}. */
    public static double weight(long feature, SimilarityWeights w) {
        switch (FeatureKind.kind(feature)) {
            case FeatureKind.WORD:
                return w.word() * lengthFactor(feature, w);
            case FeatureKind.NAME:
                return w.name() * lengthFactor(feature, w);
            case FeatureKind.NUMBER:
                return w.number();
            case FeatureKind.BIGRAM:
                return w.bigram();
            default:
                return w.stop();
        }
    }

    private static double lengthFactor(long feature, SimilarityWeights w) {
        return Math.max(0.25, 1 + w.lengthBoost() * (FeatureKind.lengthClass(feature) - 2));
    }
}
