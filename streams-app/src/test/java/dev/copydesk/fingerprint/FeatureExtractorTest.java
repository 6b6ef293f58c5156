package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
    private final FeatureExtractor fx = new FeatureExtractor(false, true, true);

    private long[] features(String s) {
        fx.extract(s, 0, s.length());
        return fx.features();
    }

    private long[] ofKind(String s, int kind) {
        return Arrays.stream(features(s)).filter(f -> FeatureKind.kind(f) == kind).map(FeatureKind::identity).toArray();
    }

    private long[] content(String s) {
        return Arrays.stream(features(s)).filter(f -> FeatureKind.kind(f) <= FeatureKind.NUMBER)
                .map(FeatureKind::identity).toArray();
    }

    private long exact(String s) {
        fx.extract(s, 0, s.length());
        return fx.exactHash();
    }

    @Test
    void featuresAreSortedAndDistinctByIdentity() {
        long[] f = features("The visit, the visit and the visits: Putin visits Putin's Pyongyang 11,000 times.");
        for (int i = 1; i < f.length; i++) {
            assertThat(f[i]).isGreaterThan(f[i - 1]);
            assertThat(FeatureKind.identity(f[i])).isNotEqualTo(FeatureKind.identity(f[i - 1]));
        }
    }

    @Test
    void contentWordsIgnoreCaseAndInflection() {
        long[] a = ofKind("officials visited the weapons factories", FeatureKind.WORD);
        long[] b = ofKind("official visits weapon factory", FeatureKind.WORD);
        assertThat(a).containsExactlyInAnyOrder(b);
        assertThat(ofKind("the supplying of arms", FeatureKind.WORD)).containsExactlyInAnyOrder(
                ofKind("arms supplied", FeatureKind.WORD));
    }

    @Test
    void stopWordsAndReportingVerbsAreNotContent() {
        assertThat(ofKind("he said that it was there", FeatureKind.WORD)).isEmpty();
        assertThat(ofKind("he said that it was there", FeatureKind.STOP)).isNotEmpty();
    }

    @Test
    void namesNumbersAndAliasesAreRecognised() {
        assertThat(ofKind("talks with Kim in the US", FeatureKind.NAME)).hasSize(2);
        assertThat(ofKind("Talks went well", FeatureKind.NAME)).isEmpty(); // sentence-initial capital is no name
        assertThat(ofKind("about 11,000 containers", FeatureKind.NUMBER)).isEqualTo(ofKind("about 11000 containers", FeatureKind.NUMBER));
        assertThat(content("up 2.5 % on")).hasSize(2).isEqualTo(content("up 2.5 percent on"));
        assertThat(content("up 2.5 per cent on")).isEqualTo(content("up 2.5 percent on"));
        assertThat(content("since Sept. 11")).hasSize(2).isEqualTo(content("since September 11"));
        assertThat(content("since sept 11")).isNotEqualTo(content("since october 11"));
        assertThat(ofKind("the U.S. military", FeatureKind.NAME)).isEqualTo(ofKind("the US military", FeatureKind.NAME));
    }

    @Test
    void negationsShareOneFeature() {
        assertThat(ofKind("they did not agree", FeatureKind.NEGATION)).isEqualTo(ofKind("they never agreed", FeatureKind.NEGATION))
                .hasSize(1);
        assertThat(ofKind("they agreed", FeatureKind.NEGATION)).isEmpty();
    }

    @Test
    void exactHashIgnoresCasePunctuationAndSpacingButNotWords() {
        assertThat(exact("Putin will visit North Korea.")).isEqualTo(exact("putin  will visit NORTH Korea"));
        assertThat(exact("Putin will visit North Korea.")).isNotEqualTo(exact("Putin will visit South Korea."));
        assertThat(exact("Putin will visit North Korea.")).isNotEqualTo(exact("Putin will visit Korea North."));
    }

    @Test
    void extractsFromARangeOfALongerText() {
        String text = "Ignore this. Kim met Putin. Ignore that.";
        int start = text.indexOf("Kim");
        int end = text.indexOf("Ignore that");
        fx.extract(text, start, end);
        long[] ranged = fx.features();
        assertThat(ranged).isEqualTo(features("Kim met Putin."));
    }

    @Test
    void optionalBigramsAndStopFeatures() {
        FeatureExtractor plain = new FeatureExtractor(false, false, false);
        FeatureExtractor rich = new FeatureExtractor(true, false, true);
        String s = "the spy chief of Moscow travelled to North Korea";
        plain.extract(s, 0, s.length());
        long[] p = plain.features();
        rich.extract(s, 0, s.length());
        long[] r = rich.features();
        assertThat(Arrays.stream(p).map(FeatureKind::kind).distinct().toArray()).doesNotContain(FeatureKind.BIGRAM, FeatureKind.STOP);
        assertThat(Arrays.stream(r).map(FeatureKind::kind).distinct().toArray()).contains(FeatureKind.BIGRAM, FeatureKind.STOP);
    }
}
