package dev.copydesk.text;

import java.text.Normalizer;

/**
 * Chars that NFKC leaves alone wherever they stand (own NFKC form, not combining, not Hangul jamo), for
 * U+0000..U+2FFF, computed once from {@link Normalizer}. Text made only of such chars needs no NFKC pass,
 * which spares the normalizer on nearly all Latin-script news (curly quotes, dashes, accented letters).
 */
final class NfkcQuickCheck {
    private static final int LIMIT = 0x3000;
    private static final boolean[] STABLE = new boolean[LIMIT];

    static {
        for (int c = 0; c < LIMIT; c++) {
            char ch = (char) c;
            int type = Character.getType(ch);
            boolean combining = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            boolean jamo = c >= 0x1100 && c <= 0x11FF;
            STABLE[c] = !combining && !jamo && Normalizer.isNormalized(String.valueOf(ch), Normalizer.Form.NFKC);
        }
    }

    private NfkcQuickCheck() {
    }

    static boolean stable(char c) {
        return c < LIMIT && STABLE[c];
    }
}
