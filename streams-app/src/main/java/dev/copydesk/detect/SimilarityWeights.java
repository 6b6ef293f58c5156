package dev.copydesk.detect;

/**
 * Weights of {@link PassageSimilarity}.
 *
 * @param word             weight of a plain content word
 * @param name             weight of a name-like word (capitalized inside a sentence, acronym)
 * @param number           weight of a number
 * @param bigram           weight of a content-word bigram
 * @param containmentMix   score = mix * containment + (1 - mix) * dice
 * @param numberPenalty    score factor lost when both sides carry numbers the other lacks
 * @param oneSidedPenalty  score factor lost when only one side carries numbers the other lacks
 *                         (and the other side has at least one number)
 */
public record SimilarityWeights(double word, double name, double number, double bigram, double containmentMix,
                                double numberPenalty, double oneSidedPenalty) {
    public static SimilarityWeights defaults() {
        return new SimilarityWeights(1.0, 2.0, 2.0, 0.5, 0.5, 0.3, 0.1);
    }
}
