package dev.copydesk.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a newer article is wire copy of an earlier one from its verified passage matches.
 *
 * <p>Wire copy is a run of aligned passages mostly in the same order; independent reports of one event
 * share a quote or two. The rule therefore measures
 * <ul>
 *   <li>the ordered chain: the longest set of matches increasing in both articles (one-to-one by
 *       construction), and</li>
 *   <li>the one-to-one alignment: a maximum bipartite matching (each passage used once),</li>
 * </ul>
 * and links when the chain has at least {@code minChain} passages and covers at least {@code minShare}
 * of the SHORTER article, or when a short article (at most {@code shortArticle} passages, chain of 2 or
 * more) aligns completely.
 *
 * <p>A fixed share ignores how long the articles are: 3 aligned passages of 10 happen by chance far more
 * often than 7 of 25, though the second is the smaller share. So a chain of at least {@code minChain} also
 * links when it is unlikely by chance ({@link #chance}): if each of the shorter article's passages found a
 * match in an unrelated article independently with probability {@code chanceRate}, the chance of
 * {@code chain} or more of them matching would be at most {@code maxChance}. The test is conservative
 * (it counts matched passages and ignores that the chain is also in order) and only ever adds links to the
 * share rule. With the defaults it accepts a lower share than {@code minShare} from about 25 passages on.
 *
 * <p>Every quantity used is non-decreasing when matches are added (the chance falls), and the thresholds
 * are fixed, so the decision is monotone: more matches never undo a link.
 */
public final class LinkRule {
    private final LinkConfig cfg;

    public LinkRule(LinkConfig cfg) {
        this.cfg = cfg;
    }

    public LinkConfig config() {
        return cfg;
    }

    public LinkDecision decide(List<PassageMatch> matches, int passages, int linkedPassages) {
        return decide(matches, passages, linkedPassages, 1.0);
    }

    /**
     * As {@link #decide(List, int, int)}, with the articles' name agreement ({@link NameAgreement#share}):
     * below {@code minNameShare} the articles are about other people and places and never link. The share
     * is a property of the two articles, fixed before any match arrives, so the rule stays monotone.
     */
    public LinkDecision decide(List<PassageMatch> matches, int passages, int linkedPassages, double nameShare) {
        PassageMatch[] m = usable(matches, passages, linkedPassages);
        if (m.length == 0 || passages <= 0 || linkedPassages <= 0) {
            return new LinkDecision(false, 0.0, List.of(), 0.0, 0.0, 0, 1.0);
        }
        int shorter = Math.min(passages, linkedPassages);
        long[] chain = chain(m);
        int chainLength = (int) chain[0];
        double chainMass = chain[1] / 1_000_000.0;
        List<PassageMatch> aligned = maximumMatching(m, passages, linkedPassages);
        double chance = chance(shorter, chainLength, cfg.chanceRate());
        boolean longChain = chainLength >= cfg.minChain()
                && (chainLength >= cfg.minShare() * shorter || chance <= cfg.maxChance());
        boolean link = nameShare >= cfg.minNameShare()
                && (longChain || (shorter <= cfg.shortArticle() && chainLength >= 2 && chainLength == shorter));
        double score = Math.min(1.0, chainMass / shorter);
        return new LinkDecision(link, score, aligned, (double) aligned.size() / passages,
                (double) aligned.size() / linkedPassages, chainLength, chance);
    }

    /**
     * The chance that {@code k} or more of {@code n} passages find a match when each does independently with
     * probability {@code rate}: the upper tail of the binomial distribution, summed in log space (no underflow
     * for long articles). 1 for {@code k <= 0}, 0 for {@code k > n}; falls as {@code k} grows.
     */
    public static double chance(int n, int k, double rate) {
        if (k <= 0) {
            return 1.0;
        }
        if (k > n) {
            return 0.0;
        }
        double logRatio = Math.log(rate) - Math.log1p(-rate);
        // log of the binomial probability of exactly k
        double log = k * Math.log(rate) + (n - k) * Math.log1p(-rate);
        for (int j = 1; j <= k; j++) {
            log += Math.log(n - k + j) - Math.log(j);
        }
        double sum = 0;
        for (int i = k; i <= n; i++) {
            double term = Math.exp(log);
            sum += term;
            if (term < sum * 1e-12 && i > n * rate) {
                break; // past the mode the terms only shrink
            }
            log += Math.log(n - i) - Math.log(i + 1) + logRatio;
        }
        return Math.min(1.0, sum);
    }

    /** Matches above the threshold and in range, one per passage pair (the best), sorted by (passage, linked). */
    private PassageMatch[] usable(List<PassageMatch> matches, int passages, int linkedPassages) {
        List<PassageMatch> kept = new ArrayList<>(matches.size());
        for (PassageMatch pm : matches) {
            if (pm.similarity() >= cfg.passageThreshold() && pm.passage() >= 0 && pm.passage() < passages
                    && pm.linkedPassage() >= 0 && pm.linkedPassage() < linkedPassages) {
                kept.add(pm);
            }
        }
        kept.sort(Comparator.comparingInt(PassageMatch::passage).thenComparingInt(PassageMatch::linkedPassage)
                .thenComparing(Comparator.comparingDouble(PassageMatch::similarity).reversed()));
        List<PassageMatch> distinct = new ArrayList<>(kept.size());
        for (PassageMatch pm : kept) {
            PassageMatch last = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
            if (last == null || last.passage() != pm.passage() || last.linkedPassage() != pm.linkedPassage()) {
                distinct.add(pm);
            }
        }
        return distinct.toArray(new PassageMatch[0]);
    }

    /**
     * Chains of matches strictly increasing in both indexes: returns {longest length, largest similarity sum
     * in micro-units} (the two maxima may come from different chains; each alone is monotone in the match
     * set). O(k^2) for k matches, which is small.
     */
    private static long[] chain(PassageMatch[] m) {
        int k = m.length;
        int[] len = new int[k];
        long[] mass = new long[k];
        int bestLen = 0;
        long bestMass = 0;
        for (int i = 0; i < k; i++) {
            long w = Math.round(m[i].similarity() * 1_000_000);
            len[i] = 1;
            mass[i] = w;
            for (int j = 0; j < i; j++) {
                if (m[j].passage() < m[i].passage() && m[j].linkedPassage() < m[i].linkedPassage()) {
                    len[i] = Math.max(len[i], len[j] + 1);
                    mass[i] = Math.max(mass[i], mass[j] + w);
                }
            }
            bestLen = Math.max(bestLen, len[i]);
            bestMass = Math.max(bestMass, mass[i]);
        }
        return new long[] {bestLen, bestMass};
    }

    /** Maximum bipartite matching (Kuhn), trying stronger edges first; result sorted by passage. */
    private static List<PassageMatch> maximumMatching(PassageMatch[] m, int passages, int linkedPassages) {
        PassageMatch[][] adj = new PassageMatch[passages][];
        int[] deg = new int[passages];
        for (PassageMatch pm : m) {
            deg[pm.passage()]++;
        }
        for (int p = 0; p < passages; p++) {
            adj[p] = new PassageMatch[deg[p]];
            deg[p] = 0;
        }
        for (PassageMatch pm : m) {
            adj[pm.passage()][deg[pm.passage()]++] = pm;
        }
        for (PassageMatch[] row : adj) {
            Arrays.sort(row, Comparator.comparingDouble(PassageMatch::similarity).reversed());
        }
        PassageMatch[] owner = new PassageMatch[linkedPassages];
        for (int p = 0; p < passages; p++) {
            if (adj[p].length > 0) {
                augment(p, adj, owner, new boolean[linkedPassages]);
            }
        }
        List<PassageMatch> out = new ArrayList<>();
        for (PassageMatch pm : owner) {
            if (pm != null) {
                out.add(pm);
            }
        }
        out.sort(Comparator.comparingInt(PassageMatch::passage));
        return out;
    }

    private static boolean augment(int p, PassageMatch[][] adj, PassageMatch[] owner, boolean[] seen) {
        for (PassageMatch pm : adj[p]) {
            int q = pm.linkedPassage();
            if (seen[q]) {
                continue;
            }
            seen[q] = true;
            if (owner[q] == null || augment(owner[q].passage(), adj, owner, seen)) {
                owner[q] = pm;
                return true;
            }
        }
        return false;
    }
}
