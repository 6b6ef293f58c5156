package dev.copydesk.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkRuleTest {
    private final LinkRule rule = new LinkRule(LinkConfig.defaults());

    private static PassageMatch m(int p, int q) {
        return new PassageMatch(p, q, 0.8);
    }

    @Test
    void anOrderedRunOfAlignedPassagesIsCopy() {
        List<PassageMatch> run = List.of(m(0, 1), m(2, 3), m(3, 4), m(5, 7), m(6, 8), m(9, 12), m(10, 13));
        LinkDecision d = rule.decide(run, 20, 25);
        assertThat(d.link()).isTrue();
        assertThat(d.aligned()).hasSize(7);
        assertThat(d.chain()).isEqualTo(7);
        assertThat(d.share()).isEqualTo(7 / 20.0);
        assertThat(d.linkedShare()).isEqualTo(7 / 25.0);
        assertThat(rule.decide(run.subList(0, 5), 20, 25).link()).as("a quarter of the shorter article is too little").isFalse();
        assertThat(d.score()).isBetween(0.0, 1.0);
    }

    @Test
    void sharingAQuoteOrTwoIsNotCopy() {
        assertThat(rule.decide(List.of(m(3, 10), m(12, 2)), 20, 25).link()).isFalse();
        assertThat(rule.decide(List.of(m(3, 10), m(5, 12)), 20, 25).link()).isFalse();
    }

    @Test
    void oneToOneAlignment() {
        // one passage of the newer article matching many of the linked one counts once
        List<PassageMatch> fan = List.of(m(4, 1), m(4, 2), m(4, 3), m(4, 4), m(4, 5));
        LinkDecision d = rule.decide(fan, 20, 25);
        assertThat(d.link()).isFalse();
        assertThat(d.aligned()).hasSize(1);
    }

    @Test
    void shuffledMatchesWithoutOrderDoNotMakeARun() {
        List<PassageMatch> reversed = List.of(m(0, 9), m(1, 8), m(2, 7), m(3, 6), m(4, 5));
        LinkDecision d = rule.decide(reversed, 20, 20);
        assertThat(d.link()).isFalse();
        assertThat(d.aligned()).hasSize(5);
        assertThat(d.chain()).isEqualTo(1);
    }

    @Test
    void aShortArticleMadeOfWireCopyLinksToALongOne() {
        List<PassageMatch> matches = List.of(m(0, 3), m(1, 9), m(2, 15));
        assertThat(rule.decide(matches, 3, 40).link()).isTrue();
        assertThat(rule.decide(List.of(m(0, 3), m(1, 9)), 2, 40).link()).isTrue();
        assertThat(rule.decide(List.of(m(0, 3), m(1, 9)), 3, 40).link()).isFalse();
    }

    /** A run: {@code k} matches in order, spread over the shorter article's {@code n} passages. */
    private static List<PassageMatch> run(int k, int n) {
        List<PassageMatch> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(m(i * n / k, i * n / k + 1));
        }
        return out;
    }

    @Test
    void aLongChainThatIsUnlikelyByChanceLinksBelowTheShare() {
        // 7 of 25 passages (28%, the seeds' condensed paraphrase): chance 0.0095 at the 0.1 background rate
        LinkDecision paraphrase = rule.decide(run(7, 25), 25, 30);
        assertThat(paraphrase.chain()).isEqualTo(7);
        assertThat(paraphrase.chance()).isBetween(0.009, 0.01);
        assertThat(paraphrase.link()).isTrue();
        // 3 of 11 (27%, the generated set's one cross-story pair whose names agree): chance 0.09
        LinkDecision stock = rule.decide(run(3, 11), 11, 25);
        assertThat(stock.chance()).isBetween(0.08, 0.1);
        assertThat(stock.link()).isFalse();
        // 5 of 20 (25%): chance 0.043, not enough
        assertThat(rule.decide(run(5, 20), 20, 25).link()).isFalse();
        // the same share means more in a longer article: 12 of 50 (24%) links, 6 of 25 (24%) does not
        assertThat(rule.decide(run(12, 50), 50, 60).link()).isTrue();
        assertThat(rule.decide(run(6, 25), 25, 60).link()).isFalse();
        // the chance test never goes below min.chain, and maxChance 0 turns it off
        LinkConfig d = LinkConfig.defaults();
        assertThat(new LinkRule(new LinkConfig(d.passageThreshold(), 8, d.minShare(), d.shortArticle(), d.minNameShare(),
                d.chanceRate(), d.maxChance())).decide(run(7, 25), 25, 30).link()).isFalse();
        assertThat(new LinkRule(new LinkConfig(d.passageThreshold(), d.minChain(), d.minShare(), d.shortArticle(),
                d.minNameShare(), d.chanceRate(), 0)).decide(run(7, 25), 25, 30).link()).isFalse();
        // and names that disagree still veto
        assertThat(rule.decide(run(7, 25), 25, 30, 0.3).link()).isFalse();
    }

    @Test
    void chanceIsTheBinomialUpperTail() {
        assertThat(LinkRule.chance(25, 0, 0.1)).isEqualTo(1.0);
        assertThat(LinkRule.chance(25, 26, 0.1)).isZero();
        assertThat(LinkRule.chance(3, 3, 0.1)).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LinkRule.chance(2, 1, 0.5)).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LinkRule.chance(25, 7, 0.1)).isCloseTo(0.009476, org.assertj.core.data.Offset.offset(1e-6));
        double previous = 1.0;
        for (int k = 0; k <= 40; k++) {
            double c = LinkRule.chance(40, k, 0.1);
            assertThat(c).isLessThanOrEqualTo(previous);
            previous = c;
        }
        // long articles: no underflow to 0 or NaN where the tail is not negligible
        assertThat(LinkRule.chance(20_000, 2_000, 0.1)).isBetween(0.4, 0.6);
        assertThat(LinkRule.chance(20_000, 1_800, 0.1)).isGreaterThan(0.99);
    }

    @Test
    void matchesBelowThresholdOrOutOfRangeAreIgnored() {
        List<PassageMatch> weak = List.of(new PassageMatch(0, 0, 0.1), new PassageMatch(1, 1, 0.1),
                new PassageMatch(2, 2, 0.1), new PassageMatch(3, 3, 0.1));
        assertThat(rule.decide(weak, 5, 5).link()).isFalse();
        assertThat(rule.decide(List.of(m(0, 0), m(1, 1), m(2, 2), m(30, 30)), 5, 5).aligned()).hasSize(3);
        assertThat(rule.decide(List.of(), 0, 5).link()).isFalse();
    }

    /** Property: for random match sets and random subsets of them, a link on the subset stays a link on the set. */
    @Test
    void addingMatchesNeverUndoesALink() {
        Random rnd = new Random(20240618);
        int links = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int passages = 1 + rnd.nextInt(30);
            int linked = 1 + rnd.nextInt(30);
            List<PassageMatch> all = new ArrayList<>();
            int k = rnd.nextInt(Math.min(passages * linked, 40) + 1);
            boolean diagonal = rnd.nextBoolean(); // half the trials look like copy: matches near the diagonal
            for (int i = 0; i < k; i++) {
                int p = rnd.nextInt(passages);
                int q = diagonal ? Math.max(0, Math.min(linked - 1, p * linked / passages + rnd.nextInt(3) - 1))
                        : rnd.nextInt(linked);
                all.add(new PassageMatch(p, q, 0.3 + 0.7 * rnd.nextDouble()));
            }
            List<PassageMatch> subset = new ArrayList<>();
            for (PassageMatch pm : all) {
                if (rnd.nextInt(3) > 0) {
                    subset.add(pm);
                }
            }
            LinkDecision small = rule.decide(subset, passages, linked);
            LinkDecision big = rule.decide(all, passages, linked);
            if (small.link()) {
                links++;
                assertThat(big.link()).as("subset %s links but superset %s does not", subset, all).isTrue();
            }
            assertThat(big.aligned().size()).isGreaterThanOrEqualTo(small.aligned().size());
            assertThat(big.chain()).isGreaterThanOrEqualTo(small.chain());
            assertThat(big.score()).isGreaterThanOrEqualTo(small.score());
            assertThat(big.chance()).isLessThanOrEqualTo(small.chance());
        }
        assertThat(links).as("the property must be exercised by linking subsets").isGreaterThan(100);
    }
}
