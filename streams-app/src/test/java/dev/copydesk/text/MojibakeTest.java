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

    /**
     * Clean text puts accented letters before NBSP, curly quotes, dashes and guillemets, and those chars
     * read as cp1252 bytes form valid UTF-8 sequences ("\u00e9\u00a0\u2014" is E9 A0 97, U+9817). They are
     * not mojibake and must stay as they are (found in review: "Yaound\u00e9\u00a0\u2014" became a CJK char).
     */
    @Test
    void leavesAccentedLettersBeforePunctuationAlone() {
        for (String clean : new String[] {
                "Troops in Yaound\u00e9\u00a0\u2014 the capital \u2014 fired tear gas.",
                "Fans chanted \u201cPel\u00e9\u201d\u2014and stood.",
                "They called it \u2018Ol\u00e9\u2019\u201d and left.",
                "Johann Strau\u00df\u2019s waltz.",
                "S\u00e3o Tom\u00e9\u00a0\u2013 Pr\u00edncipe, amanh\u00e3\u201d\u2014, CAF\u00c9\u00a0\u00bb, PER\u00da\u2019S, PI\u00d9\u2014"}) {
            assertThat(Mojibake.repair(clean)).as(clean).isSameAs(clean);
        }
    }

    /**
     * The same sequences are repaired inside a run of mojibake: Cyrillic "\u043b" read as cp1252 is
     * "\u00d0\u00bb" and Greek "\u03b7" is "\u00ce\u00b7", and a text with real mojibake elsewhere still keeps
     * its clean accented letters.
     */
    @Test
    void repairsPunctuationLikeSequencesOnlyInsideMojibake() {
        String cyrillic = "\u0425\u043e\u043b\u043b \u0438 \u043b\u044e\u0431\u043e\u0432\u044c, \u0423\u043a\u0440\u0430\u0457\u043d\u0430 \u0456 \u0404\u0432\u0440\u043e\u043f\u0430";
        String greek = "\u03b7 \u0391\u03b8\u03ae\u03bd\u03b1 \u03ba\u03b1\u03b9 \u03b7 \u0395\u039b\u039b\u0391\u0394\u0391";
        assertThat(Mojibake.repair(mangle(cyrillic))).isEqualTo(cyrillic);
        assertThat(Mojibake.repair(mangle(greek))).isEqualTo(greek);
        assertThat(Mojibake.repair("Russia\u00e2\u20ac\u2122s envoy in Yaound\u00e9\u00a0\u2014 the capital"))
                .isEqualTo("Russia\u2019s envoy in Yaound\u00e9\u00a0\u2014 the capital");
        String french = "\u00e0 l\u2019\u00e9t\u00e9\u00a0\u2014 \u00ab\u00a0oui\u00a0\u00bb \u2014 \u00c9T\u00c9\u00a0!";
        assertThat(Mojibake.repair(mangle(french))).isEqualTo(french);
    }

    /**
     * One mangled character alone in ASCII text, the case a CMS that misread a single accented name produces: every
     * char of Latin-1 (but a standalone {@code Â}, which is dropped as the stray half of a mangled NBSP), Latin
     * Extended-A, Vietnamese and the general punctuation, read as Windows-1252 (its five undefined bytes as the C1
     * controls a browser gives them) and put in eight places of a sentence, comes back. Not here: the few rare Latin
     * Extended-B letters whose second byte reads as a curly quote, dash, ellipsis or bullet (ƒ as "Æ’"), which clean
     * text also writes ("Æ" then "’") and which are repaired only next to other mojibake.
     */
    @Test
    void repairsALoneMangledCharacterAmongAscii() {
        StringBuilder chars = new StringBuilder();
        for (int c = 0xA1; c <= 0x17F; c++) {
            if (c != 0xC2) {
                chars.append((char) c);
            }
        }
        for (int c = 0x1EA0; c <= 0x1EF9; c++) {
            chars.append((char) c);
        }
        for (int c = 0x2010; c <= 0x2026; c++) {
            chars.append((char) c);
        }
        chars.append("\u20AC\u2122");
        String[] places = {"word %s word", "word%s word", "word %sword", "wo%srd", "%s", "word %s.", "(%s)", "\"%s\""};
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (int i = 0; i < chars.length(); i++) {
            String c = String.valueOf(chars.charAt(i));
            StringBuilder mangled = new StringBuilder();
            for (byte b : c.getBytes(StandardCharsets.UTF_8)) {
                char d = new String(new byte[] {b}, CP1252).charAt(0);
                mangled.append(d == '\uFFFD' ? (char) (b & 0xFF) : d);
            }
            for (String place : places) {
                String clean = "Officials said on Monday that " + String.format(place, c) + " was part of the plan.";
                String in = "Officials said on Monday that " + String.format(place, mangled) + " was part of the plan.";
                if (!Mojibake.repair(in).equals(clean)) {
                    wrong.add(String.format("U+%04X in \"%s\": %s", (int) c.charAt(0), place, Mojibake.repair(in)));
                }
            }
        }
        assertThat(chars.length()).isEqualTo(337);
        assertThat(wrong).isEmpty();
    }
}
