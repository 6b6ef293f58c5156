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
 * @param chanceRate       share of an article's passages that find a verified match in an article that is NOT
 *                         a copy of it (background rate: same-event reports, stock phrases); the null model of
 *                         {@link LinkRule#chance}
 * @param maxChance        a chain of at least {@code minChain} passages also links, below {@code minShare}, when
 *                         the chance of a chain that long among the shorter article's passages at
 *                         {@code chanceRate} is at most this; 0 turns the test off (share rule only)
 */
public record LinkConfig(double passageThreshold, int minChain, double minShare, int shortArticle, double minNameShare,
                         double chanceRate, double maxChance) {
    /** Measured background rate of verified matches between articles that are not copy (see {@link #defaults()}). */
    public static final double CHANCE_RATE = 0.1;
    /** Default largest chance of the chain under the null model. */
    public static final double MAX_CHANCE = 0.01;

    public LinkConfig {
        if (!(chanceRate > 0 && chanceRate < 1)) {
            throw new IllegalArgumentException("chanceRate must be in (0, 1), got " + chanceRate);
        }
        if (!(maxChance >= 0 && maxChance <= 1)) {
            throw new IllegalArgumentException("maxChance must be in [0, 1], got " + maxChance);
        }
    }

    /** The share rule with the default chance test ({@link #CHANCE_RATE}, {@link #MAX_CHANCE}). */
    public LinkConfig(double passageThreshold, int minChain, double minShare, int shortArticle, double minNameShare) {
        this(passageThreshold, minChain, minShare, shortArticle, minNameShare, CHANCE_RATE, MAX_CHANCE);
    }

    /**
     * Passage threshold 0.5 (MSRP F1 0.824 there; on the seeds it keeps every non-copy pair at or below
     * 2 aligned passages), ordered chains of at least 3 passages covering 30% of the shorter article (seeds:
     * copy pair 000-001 chain 17 of 26 passages, 65%; non-copy pairs at most 2, 7%; generated outlet rewrites:
     * 96.9% of copy pairs link, 0.08% of other pairs), articles of up to 3 passages when all of them align in
     * order, and the chance test: a chain whose chance under a 0.1 background match rate is at most 1% (seeds:
     * the condensed paraphrase 002-000, 7 of 25 passages, 28%, chance 0.0095; the generated set's one
     * cross-story pair with agreeing names, 3 of 11, chance 0.09). See the README, Quality.
     */
    public static LinkConfig defaults() {
        return new LinkConfig(0.5, 3, 0.3, 3, 0.45, CHANCE_RATE, MAX_CHANCE);
    }
}
