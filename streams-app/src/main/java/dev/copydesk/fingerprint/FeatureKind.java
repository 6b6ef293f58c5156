package dev.copydesk.fingerprint;

/**
 * Layout of a feature hash: the low 3 bits give the kind, the next 3 bits a length class (token length / 2,
 * capped at 7; a cheap proxy for rarity), the upper 58 bits the identity. Identity ignores case, so a word
 * is the same feature whether or not it was capitalized; kind and length class let similarity weigh
 * names, numbers and long words above short plain words. Sorting feature values sorts identities.
 */
public final class FeatureKind {
    /** Content word (stop words removed, casefolded, lightly stemmed). */
    public static final int WORD = 0;
    /** Content word capitalized inside a sentence, or an all-caps acronym: likely a name. */
    public static final int NAME = 1;
    /** A number (digits, separators removed). */
    public static final int NUMBER = 2;
    /** Two adjacent content words. */
    public static final int BIGRAM = 3;
    /** A stop word (function word); weighs little, never used for LSH. */
    public static final int STOP = 4;
    /** A negation ("not", "no", "never", "n't"); a negation on one side only counts against similarity. */
    public static final int NEGATION = 5;

    /** Bits below the identity: kind and length class. */
    public static final long TAG_MASK = 63L;

    private FeatureKind() {
    }

    public static int kind(long feature) {
        return (int) (feature & 7L);
    }

    /** Token length / 2, capped at 7 (0 for bigrams). */
    public static int lengthClass(long feature) {
        return (int) ((feature >>> 3) & 7L);
    }

    /** The identity bits; the order of identities follows the signed order of feature values. */
    public static long identity(long feature) {
        return feature >> 6;
    }

    /** True for the kinds that carry content and enter MinHash: words, names, numbers, bigrams. */
    public static boolean isContent(long feature) {
        return kind(feature) <= BIGRAM;
    }

    static long make(long hash, int kind, int length) {
        return (hash & ~TAG_MASK) | ((long) Math.min(7, length / 2) << 3) | kind;
    }
}
