package dev.copydesk.detect;

/**
 * Settings of {@link LinkRule}.
 *
 * @param passageThreshold minimum {@link PassageSimilarity} of a pair to count as a match
 * @param minChain         minimum length of the ordered chain of aligned passages
 * @param minShare         minimum chain length / passages of the shorter article
 * @param shortArticle     an article of at most this many passages links when its passages all align
 *                         in order (and the chain has at least 2 passages), whatever minChain says
 */
public record LinkConfig(double passageThreshold, int minChain, double minShare, int shortArticle) {
    public static LinkConfig defaults() {
        return new LinkConfig(0.5, 3, 0.2, 3);
    }
}
