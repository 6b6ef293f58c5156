package dev.copydesk.text;

import java.nio.charset.Charset;

/**
 * Repairs UTF-8 text that was decoded as Windows-1252 or Latin-1 ("mojibake"), e.g. {@code â€™} back to
 * {@code ’}, {@code Ã©} to {@code é}, and drops stray {@code Â} before white space.
 *
 * <p>Windows of chars that each map to one cp1252/latin-1 byte are re-encoded to those bytes and
 * decoded again as UTF-8 wherever they form a valid UTF-8 sequence; text that is already clean is
 * returned as the same instance. Double encoding is undone by repeating the pass (at most three times).
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

    private static String repairOnce(String original, char[] s) {
        if (!mayNeedRepair(s)) {
            return original;
        }
        StringBuilder out = null;
        int n = s.length;
        int copiedUpTo = 0;
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
            if (cp >= 0) {
                replacement = new String(Character.toChars(cp));
                consumed = len;
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
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copiedUpTo, i - copiedUpTo).append(replacement);
            i += consumed;
            copiedUpTo = i;
        }
        if (out == null) {
            return original;
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
