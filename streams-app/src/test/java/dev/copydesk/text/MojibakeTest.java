package dev.copydesk.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MojibakeTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");

    /** What a UTF-8 text looks like after being decoded as Windows-1252. */
    private static String mangle(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), CP1252);
    }

    @Test
    void repairsTypicalCp1252Mojibake() {
        assertThat(Mojibake.repair("Russiaâ€™s forces")).isEqualTo("Russia\u2019s forces");
        assertThat(Mojibake.repair("â€œfriendlyâ€\u009d visit")).isEqualTo("\u201Cfriendly\u201D visit");
        assertThat(Mojibake.repair("Seoul â€\u201D a backer")).isEqualTo("Seoul \u2014 a backer");
        assertThat(Mojibake.repair("CafÃ© in MÃ¼nchen")).isEqualTo("Caf\u00E9 in M\u00FCnchen");
    }

    @Test
    void repairsWhateverUtf8WasReadAsCp1252() {
        String original = "Zelensky\u2019s \u201Cvictory\u201D \u2013 na\u00EFve \u00BD \u20AC5 \u4E2D\u6587 \u00C5ngstr\u00F6m";
        assertThat(Mojibake.repair(mangle(original))).isEqualTo(original);
    }

    @Test
    void undoesDoubleEncoding() {
        String original = "It\u2019s Mar\u00EDa\u2019s";
        assertThat(Mojibake.repair(mangle(mangle(original)))).isEqualTo(original);
    }

    @Test
    void dropsStrayCircumflexABeforeSpaceOrLineEnd() {
        assertThat(Mojibake.repair("imminent.\u00C2 \nNext")).isEqualTo("imminent. \nNext");
        assertThat(Mojibake.repair("end.\u00C2")).isEqualTo("end.");
        assertThat(Mojibake.repair("a\u00C2\u00A0b")).isEqualTo("a\u00A0b"); // mangled NBSP becomes NBSP
    }

    @Test
    void leavesCleanTextAloneAsTheSameInstance() {
        String clean = "Caf\u00E9 \u00E0 Paris, \u201Cquoted\u201D \u2014 \u00C2ge et \u00E2me.";
        assertThat(Mojibake.repair(clean)).isSameAs(clean);
        String ascii = "Plain ASCII text.";
        assertThat(Mojibake.repair(ascii)).isSameAs(ascii);
    }
}
