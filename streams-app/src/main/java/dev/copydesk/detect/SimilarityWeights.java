package dev.copydesk.detect;

/**
 * Weights of {@link PassageSimilarity}.
 *
 * @param word             weight of a plain content word
 * @param name             weight of a name-like word (capitalized inside a sentence, acronym)
 * @param number           weight of a number
 * @param bigram           weight of a content-word bigram
 * @param stop             weight of a stop word or the negation feature
 * @param lengthBoost      words and names weigh {@code max(0.25, 1 + lengthBoost * (lengthClass - 2))}:
 *                         long words are rarer
 * @param containmentMix   score = mix * containment + (1 - mix) * dice
 * @param numberPenalty    share of the score lost when both sides carry numbers the other lacks
 * @param oneSidedPenalty  share lost when only one side carries numbers the other lacks (and the other
 *                         side has numbers)
 * @param negationPenalty  share lost when only one side is negated
 * @param namePenalty      share lost when both sides carry names the other lacks ("talks between Varga and
 *                         Petrov" against "talks between Sokolov and Santos"), scaled by the smaller of the
 *                         two sides' fractions of unshared names (a swap of "Pyongyang" for "North Korea"
 *                         among shared names costs little)
 */
public record SimilarityWeights(double word, double name, double number, double bigram, double stop,
                                double lengthBoost, double containmentMix, double numberPenalty,
                                double oneSidedPenalty, double negationPenalty, double namePenalty) {
    /** Weights chosen on MSRP and the seeds (see {@link PassageSimilarity}). */
    public static SimilarityWeights defaults() {
        return new SimilarityWeights(1.0, 1.0, 2.0, 0.0, 0.7, 0.2, 0.5, 0.1, 0.05, 0.3, 0.2);
    }
}
