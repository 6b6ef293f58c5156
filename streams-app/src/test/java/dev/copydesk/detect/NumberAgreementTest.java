package dev.copydesk.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.text.TextPipeline;
import org.junit.jupiter.api.Test;

/**
 * Passages that report other figures are not copy. The pairs are from the generated seed-7 set (2,000
 * articles), where formulaic stories about other events linked through them before (clusters mixing stories).
 */
class NumberAgreementTest {
    private final Fingerprinter fp = new Fingerprinter(FingerprintConfig.defaults());

    private long[] f(String s) {
        return fp.features(TextPipeline.normalize(s));
    }

    private double verify(String a, String b) {
        return PassageMatcher.verify(1L, f(a), 2L, f(b));
    }

    @Test
    void aFormulaicSentenceAboutAnotherEventIsNotAMatch() {
        String a = "Officials in Nigeria ordered the evacuation of more than 32,900 residents on Tuesday as a wildfire fanned by strong winds reached the outskirts of Lagos.";
        String b = "Authorities in Nigeria carried out the evacuation of more than 1,462 residents on Tuesday as a fast-moving wildfire driven by gusts reached the outskirts of Lagos.";
        assertThat(PassageSimilarity.score(f(a), f(b))).as("similar wording").isGreaterThan(0.5);
        assertThat(NumberAgreement.conflict(f(a), f(b))).isTrue();
        assertThat(verify(a, b)).isZero();

        String c = "In a decision, central bank governor Omar Kim announced on Tuesday that the central bank had raised its main rate to 7.92 percent, with inflation standing at 11.0 percent.";
        String d = "In a decision, central bank governor Omar Yilmaz announced on Monday that the reserve bank had lowered its main rate to 7.04 percent, with inflation running at 4.1 percent.";
        assertThat(verify(c, d)).isZero();
    }

    @Test
    void copyKeepsItsFiguresAndAgrees() {
        String wire = "Officials in Nigeria ordered the evacuation of more than 32,900 residents on Tuesday as a wildfire fanned by strong winds reached the outskirts of Lagos.";
        String copy = "Authorities in Nigeria carried out the evacuation of more than 32,900 residents on Tuesday as a fast-moving wildfire driven by gusts reached the outskirts of Lagos.";
        assertThat(NumberAgreement.conflict(f(wire), f(copy))).isFalse();
        assertThat(verify(wire, copy)).isGreaterThan(0.5);
        // one shared figure is agreement (a copy that updates one count, or shares the year)
        assertThat(NumberAgreement.conflict(f("The toll rose to 214 deaths and 2,600 cases, officials said on Tuesday."),
                f("Officials said on Tuesday the toll had reached 230 deaths and 2,600 cases."))).isFalse();
    }

    @Test
    void aFigureOnOneSideOnlyIsNoConflict() {
        // a trimmed copy drops a number; neither side alone says the facts differ
        assertThat(NumberAgreement.conflict(f("Rescuers searched the rubble through the night, officials said."),
                f("Rescuers searched the rubble through the night for 40 missing people, officials said."))).isFalse();
        assertThat(NumberAgreement.conflict(f("No figures here at all."), f("None here either."))).isFalse();
        assertThat(NumberAgreement.conflict(new long[0], f("In 2025 there were 12 cases."))).isFalse();
    }
}
