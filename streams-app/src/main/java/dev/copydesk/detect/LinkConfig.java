package dev.copydesk.detect;

/**
 * Settings of {@link LinkRule}.
 *
 * @param passageThreshold minimum {@link PassageSimilarity} of a pair to count as a match
 * @param minChain         minimum length of the ordered chain of aligned passages
 * @param minShare         minimum chain length / passages of the shorter article
 * @param shortArticle     an article of at most this many passages links when its passages all align
 *                         in order (and the chain has at least 2 passages), whatever minChain says
 * @param minNameShare     the two articles must agree on at least this share of names ({@link NameAgreement#share}):
 *                         measured on generated rewrites, true copy pairs were all at 0.5 or more and
 *                         formulaic stories about other people at 0.375 or less
 */
public record LinkConfig(double passageThreshold, int minChain, double minShare, int shortArticle, double minNameShare) {
    /**
     * Passage threshold 0.5 (MSRP F1 0.824 there; on the seeds it keeps every non-copy pair at or below
     * 2 aligned passages), ordered chains of at least 3 passages covering 30% of the shorter article (seeds:
     * copy pair 000-001 chain 17 of 26 passages, 65%; condensed paraphrase 002-000 7 of 25, 28%, a near miss;
     * non-copy pairs at most 2, 7%; generated outlet rewrites: 96.9% of copy pairs link, 0.08% of other
     * pairs), and articles of up to 3 passages when all of them align in order.
     */
    public static LinkConfig defaults() {
        return new LinkConfig(0.5, 3, 0.3, 3, 0.45);
    }
}
