package dev.copydesk.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.text.TextPipeline;
import org.junit.jupiter.api.Test;

class PassageSimilarityTest {
    private final Fingerprinter fp = new Fingerprinter(FingerprintConfig.defaults());

    private double sim(String a, String b) {
        return PassageSimilarity.score(fp.features(TextPipeline.normalize(a)), fp.features(TextPipeline.normalize(b)));
    }

    @Test
    void boundsAndSymmetry() {
        String a = "Kim said ties with Russia had developed into an unbreakable relationship of comrades-in-arms.";
        String b = "Kim stated that ties with Russia had developed into an unbreakable relationship.";
        assertThat(sim(a, a)).isCloseTo(1.0, within(1e-9));
        assertThat(sim(a, b)).isCloseTo(sim(b, a), within(1e-12)).isBetween(0.0, 1.0);
        assertThat(sim(a, "The central bank raised interest rates to curb inflation.")).isLessThan(0.15);
        assertThat(PassageSimilarity.score(new long[0], fp.features(a))).isZero();
    }

    @Test
    void rewrittenWireSentenceScoresAboveTheThresholdAndSameTopicSentenceBelow() {
        double threshold = LinkConfig.defaults().passageThreshold();
        String wire = "Western countries, South Korea and Kyiv have accused Pyongyang of sending weapons to Moscow "
                + "for use in Ukraine, in violation of UN sanctions on North Korea.";
        String rewrite = "Western nations, along with South Korea and Kyiv, have accused North Korea of sending weapons "
                + "to Russia for its use in war against Ukraine, violating UN sanctions.";
        String sameTopic = "Washington alleges that North Korea has provided weapons to Russia to support its efforts "
                + "in Ukraine, a claim that both Pyongyang and Moscow have consistently denied.";
        assertThat(sim(wire, rewrite)).isGreaterThan(threshold);
        assertThat(sim(wire, sameTopic)).isLessThan(threshold);
    }

    @Test
    void numbersThatDisagreeCountAgainst() {
        String a = "The company sold the chain to Safeway in 1998 for $2.5 billion.";
        String same = "The company sold the chain to Safeway for $2.5 billion in 1998.";
        String other = "The company sold the chain to Safeway in 1995 for $1.8 billion.";
        assertThat(sim(a, other)).isLessThan(sim(a, same) - 0.2);
    }

    @Test
    void namesThatDisagreeCountAgainstInProportion() {
        String a = "More information would be released after talks involving Varga and Petrov on Saturday.";
        String sameNames = "More details would be released after a meeting involving Varga and Petrov on Saturday.";
        String otherNames = "More details would be released after a meeting involving Sokolov and Santos on Saturday.";
        assertThat(sim(a, otherNames)).isLessThan(sim(a, sameNames) - 0.1);
        // one name swapped among several shared ones costs little
        String b = "Western countries, South Korea and Kyiv accused Pyongyang of sending weapons to Moscow.";
        String swapped = "Western countries, South Korea and Kyiv accused North Korea of sending weapons to Moscow.";
        assertThat(sim(b, swapped)).isGreaterThan(0.7);
    }

    @Test
    void aNegationOnOneSideCountsAgainst() {
        String a = "The minister said the government would raise taxes on fuel next year.";
        String negated = "The minister said the government would not raise taxes on fuel next year.";
        String same = "The minister said the government would raise fuel taxes next year.";
        assertThat(sim(a, negated)).isLessThan(sim(a, same));
    }

    @Test
    void namesAndRareLongWordsWeighMoreThanShortCommonWords() {
        SimilarityWeights w = SimilarityWeights.defaults();
        long[] f = fp.features("Yesterday officials met Zelensky at the border");
        double name = 0;
        double shortWord = Double.MAX_VALUE;
        for (long x : f) {
            int kind = dev.copydesk.fingerprint.FeatureKind.kind(x);
            if (kind == dev.copydesk.fingerprint.FeatureKind.NAME) {
                name = PassageSimilarity.weight(x, w);
            } else if (kind == dev.copydesk.fingerprint.FeatureKind.WORD) {
                shortWord = Math.min(shortWord, PassageSimilarity.weight(x, w));
            }
        }
        assertThat(name).isGreaterThan(shortWord);
    }
}
