package dev.copydesk.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.text.TextPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An article's names (the input of the index's name filter and of the link rule's name share). */
class NameAgreementTest {
    private final Fingerprinter fp = new Fingerprinter(FingerprintConfig.defaults());

    private long[] names(String... passages) {
        return NameAgreement.names(java.util.Arrays.stream(passages)
                .map(p -> fp.features(TextPipeline.normalize(p))).toList());
    }

    @Test
    void namesAreDistinctSortedAndLeaveOutCalendarWordsAndTitles() {
        long[] names = names(
                "On Monday, President Vladimir Putin met Xi Jinping in Moscow for talks.",
                "Putin said Moscow and Beijing would sign the deal in March, the Kremlin said.",
                "There were no names here at all, only words.");
        // vladimir, putin, xi, jinping, moscow, beijing, kremlin; not Monday, President, March
        assertThat(names).hasSize(7);
        for (int k = 1; k < names.length; k++) {
            assertThat(names[k]).as("sorted and distinct").isGreaterThan(names[k - 1]);
        }
        assertThat(names).contains(names("In Moscow, Putin spoke."));
        assertThat(names("Only lower-case words, and Monday in March.")).isEmpty();
        assertThat(NameAgreement.names(List.of())).isEmpty();
    }

    @Test
    void theShareIsOverTheArticleWithFewerNames() {
        long[] putin = names("President Vladimir Putin met Xi Jinping in Moscow.", "The Kremlin said Putin was pleased.");
        assertThat(NameAgreement.share(putin, names("Then Putin spoke in Moscow."))).isEqualTo(1.0);
        assertThat(NameAgreement.share(putin, names("Then Putin spoke in Washington."))).isEqualTo(0.5);
        assertThat(NameAgreement.share(putin, names("Then Biden spoke in Washington."))).isZero();
        assertThat(NameAgreement.share(putin, names("someone spoke somewhere."))).as("no evidence either way").isEqualTo(1.0);
    }

    /**
     * Two copies that differ only by an NBSP before a dash keep the same names, so the pair verifies
     * (found in review: mojibake repair turned "Yaound\u00e9\u00a0\u2014" into a CJK char, the names
     * disagreed and the pair scored 0).
     */
    @Test
    void copyPairThatDiffersOnlyByNbspIsNotRejected() {
        TextPipeline pipeline = TextPipeline.defaults();
        var a = fp.fingerprint(pipeline.process(null,
                "Troops in Yaound\u00e9\u00a0\u2014 the capital \u2014 fired tear gas at protesters on Sunday.")).get(0);
        var b = fp.fingerprint(pipeline.process(null,
                "Troops in Yaound\u00e9 \u2014 the capital \u2014 fired tear gas at protesters on Sunday.")).get(0);
        assertThat(PassageMatcher.verify(a, b)).isGreaterThanOrEqualTo(LinkConfig.defaults().passageThreshold());
    }
}
