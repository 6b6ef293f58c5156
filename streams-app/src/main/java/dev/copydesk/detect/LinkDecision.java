package dev.copydesk.detect;

import java.util.List;

/**
 * Outcome of {@link LinkRule#decide}.
 *
 * @param link        whether the newer article is copy of the linked one
 * @param score       largest similarity sum of an ordered run of matches over the shorter article's passage
 *                    count, in [0, 1]
 * @param aligned     one-to-one aligned passage pairs (maximum matching), by passage index
 * @param share       aligned passages / passages of the newer article
 * @param linkedShare aligned passages / passages of the linked article
 * @param chain       passages in the longest run of matches in the same order in both articles
 * @param chance      {@link LinkRule#chance} of a chain this long among the shorter article's passages under the
 *                    configured background match rate (smaller is stronger evidence)
 */
public record LinkDecision(boolean link, double score, List<PassageMatch> aligned, double share, double linkedShare,
                           int chain, double chance) {
    public LinkDecision {
        aligned = List.copyOf(aligned);
    }
}
