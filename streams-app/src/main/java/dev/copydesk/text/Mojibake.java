package dev.copydesk.text;

import java.nio.charset.Charset;

/**
 * Repairs UTF-8 text that was decoded as Windows-1252 or Latin-1 ("mojibake"), e.g. {@code â€™} back to
 * {@code ’}, {@code Ã©} to {@code é}, and drops stray {@code Â} before white space.
 *
 * <p>Windows of chars that each map to one cp1252/latin-1 byte are re-encoded to those bytes and
 * decoded again as UTF-8 wherever they form a valid UTF-8 sequence that is mojibake: clean text puts
 * accented letters before NBSP, curly quotes and dashes ("Yaound\u00e9\u00a0\u2014", "Strau\u00df\u2019s"),
 * which also read as valid sequences, so such a sequence is repaired only inside a run of mojibake (see
 * {@link #isStrong}). Text that is already clean is returned as the same instance. Double encoding is
 * undone by repeating the pass (at most three times).
 */
public final class Mojibake {
    /** char (U+0000..U+FFFF) to cp1252 byte value for the chars that stand for bytes 0x80..0xFF, else -1. */
    private static final short[] BYTE_OF = new short[0x10000];

    static {
        java.util.Arrays.fill(BYTE_OF, (short) -1);
        Charset cp1252 = Charset.forName("windows-1252");
        for (int b = 0x80; b <= 0xFF; b++) {
            BYTE_OF[b] = (short) b; // latin-1 reading (also covers the five bytes cp1252 leaves undefined)
            String decoded = new String(new byte[] {(byte) b}, cp1252);
            char c = decoded.charAt(0);
            if (c != '\uFFFD') {
                BYTE_OF[c] = (short) b;
            }
        }
    }

    private Mojibake() {
    }

    /** Returns the repaired text, or {@code s} itself when nothing needed repair. */
    public static String repair(String s) {
        return repair(s, s.toCharArray());
    }

    /** {@link #repair(String)} when the caller already holds the chars of {@code s}. */
    static String repair(String s, char[] chars) {
        String cur = s;
        char[] c = chars;
        for (int pass = 0; pass < 3; pass++) {
            String next = repairOnce(cur, c);
            if (next == cur) {
                break;
            }
            cur = next;
            c = cur.toCharArray();
        }
        return cur;
    }

    private static boolean mayNeedRepair(char[] s) {
        for (char c : s) {
            if (c >= 0xC2 && c <= 0xF4) {
                return true;
            }
        }
        return false;
    }

    private static int byteAt(char[] s, int i) {
        return i < s.length ? BYTE_OF[s[i]] : -1;
    }

    private static boolean isContinuation(int b) {
        return b >= 0x80 && b <= 0xBF;
    }

    /**
     * cp1252 bytes 0x80..0xBF whose chars commonly follow a word in clean text: NBSP, soft hyphen, ellipsis,
     * curly quotes, bullet, dashes, angle quotes and the middle dot. An accented letter followed only by these
     * ("Yaound\u00e9\u00a0\u2014", "Pel\u00e9\u201d\u2014", "Strau\u00df\u2019s") reads as a valid UTF-8
     * sequence but is usually clean text.
     */
    private static boolean isPunctuationByte(int b) {
        switch (b) {
            case 0xA0: case 0xAD: case 0x85: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96:
            case 0x97: case 0xAB: case 0xBB: case 0xB7: // not the single angle quotes: "\u00c8\u203a" is Romanian \u021b
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether a valid sequence at {@code i} is mojibake on its own: its lead is one that does not end words
     * in clean Latin-script text ({@link #isMojibakeLead}), or one of its continuation chars is not
     * punctuation that follows words in clean text (the {@code \u20ac} of {@code \u00e2\u20ac\u2122}, the
     * {@code \u00a9} of {@code \u00c3\u00a9}).
     */
    private static boolean isStrong(char[] s, int i, int len) {
        if (isMojibakeLead(s[i])) {
            return true;
        }
        if (len == 3 && s[i] == 0xE1 && byteAt(s, i + 1) == 0xBB) { // Vietnamese: "\u00e1\u00bb\u2026" is \u1ec5
            return true;
        }
        for (int k = 1; k < len; k++) {
            if (!isPunctuationByte(byteAt(s, i + k))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leads of 2-byte sequences for Latin-1 (\u00c2 \u00c3), Latin Extended-A (\u00c4 \u00c5), Greek
     * (\u00ce) and Cyrillic (\u00d0 \u00d1): capitals that clean text does not put at the end of a word, before
     * NBSP, a quote or a dash. Accented letters and signs that do ("Yaound\u00e9", "Strau\u00df", "PER\u00da",
     * "HAWA\u00cf", "4\u00a0\u00d7\u00a0100") are not among them; mojibake of theirs is repaired where it
     * touches other mojibake (Hebrew or Arabic read as cp1252 is a run of such sequences).
     */
    private static boolean isMojibakeLead(char c) {
        return (c >= 0xC2 && c <= 0xC5) || c == 0xCE || c == 0xD0 || c == 0xD1;
    }

    /**
     * One pass over the text. Each valid UTF-8 sequence read through cp1252 is a candidate; a weak candidate
     * (an accented letter followed only by punctuation, see {@link #isStrong}) is repaired only when it
     * touches a repaired candidate (inside a run of mojibake, as the {@code \u043b} of Cyrillic read as
     * cp1252, {@code \u00d0\u00bb}), so clean text keeps its accented letters before NBSP, quotes and dashes.
     */
    private static String repairOnce(String original, char[] s) {
        if (!mayNeedRepair(s)) {
            return original;
        }
        int n = s.length;
        int[] at = null;        // start of each candidate
        int[] consumedBy = null; // chars it replaces
        String[] replacements = null;
        boolean[] accepted = null;
        int count = 0;
        boolean anyStrong = false;
        int i = 0;
        while (i < n) {
            char c = s[i];
            if (c < 0xC2 || c > 0xF4) {
                i++;
                continue;
            }
            int len = c <= 0xDF ? 2 : c <= 0xEF ? 3 : 4;
            int cp = decode(s, i, len);
            String replacement = null;
            int consumed = 0;
            boolean strong = true;
            if (cp >= 0) {
                replacement = new String(Character.toChars(cp));
                consumed = len;
                strong = isStrong(s, i, len);
            } else if (c == 0xC2 && (i + 1 == n || Character.isWhitespace(s[i + 1]) || s[i + 1] == '\u00A0')) {
                replacement = ""; // stray Â left over from a mangled non-breaking space
                consumed = 1;
            } else if (c == 0xE2 && byteAt(s, i + 1) == 0x80 && !isContinuation(byteAt(s, i + 2))) {
                // â€ whose third byte 0x9D (undefined in cp1252) was lost or decoded as U+FFFD: a closing quote
                replacement = "\u201D";
                consumed = i + 2 < n && s[i + 2] == '\uFFFD' ? 3 : 2;
            }
            if (replacement == null) {
                i++;
                continue;
            }
            if (at == null) {
                at = new int[8];
                consumedBy = new int[8];
                replacements = new String[8];
                accepted = new boolean[8];
            } else if (count == at.length) {
                at = java.util.Arrays.copyOf(at, count * 2);
                consumedBy = java.util.Arrays.copyOf(consumedBy, count * 2);
                replacements = java.util.Arrays.copyOf(replacements, count * 2);
                accepted = java.util.Arrays.copyOf(accepted, count * 2);
            }
            at[count] = i;
            consumedBy[count] = consumed;
            replacements[count] = replacement;
            accepted[count] = strong;
            anyStrong |= strong;
            count++;
            i += consumed;
        }
        if (!anyStrong) {
            return original;
        }
        // a weak candidate joins a run of touching candidates that holds a strong one
        for (int k = 1; k < count; k++) {
            if (!accepted[k] && accepted[k - 1] && at[k - 1] + consumedBy[k - 1] == at[k]) {
                accepted[k] = true;
            }
        }
        for (int k = count - 2; k >= 0; k--) {
            if (!accepted[k] && accepted[k + 1] && at[k] + consumedBy[k] == at[k + 1]) {
                accepted[k] = true;
            }
        }
        StringBuilder out = new StringBuilder(n);
        int copiedUpTo = 0;
        for (int k = 0; k < count; k++) {
            if (accepted[k]) {
                out.append(s, copiedUpTo, at[k] - copiedUpTo).append(replacements[k]);
                copiedUpTo = at[k] + consumedBy[k];
            }
        }
        out.append(s, copiedUpTo, n - copiedUpTo);
        return out.toString();
    }

    /** Decodes a UTF-8 sequence of {@code len} bytes read through cp1252 at {@code i}; -1 when not valid. */
    private static int decode(char[] s, int i, int len) {
        int b0 = s[i];
        int cp = len == 2 ? b0 & 0x1F : len == 3 ? b0 & 0x0F : b0 & 0x07;
        for (int k = 1; k < len; k++) {
            int b = byteAt(s, i + k);
            if (!isContinuation(b)) {
                return -1;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return cp;
    }
}
