package dev.copydesk.fingerprint;

/**
 * The low 3 bits of every feature hash tell what the feature is; the other 61 bits are its identity.
 * Identity ignores case, so a word counts as the same feature whether or not it was capitalized;
 * the kind lets similarity weigh names and numbers above plain words.
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

    public static final long KIND_MASK = 7L;

    private FeatureKind() {
    }

    public static int kind(long feature) {
        return (int) (feature & KIND_MASK);
    }

    /** The identity bits; ordering of identities follows the signed order of feature values. */
    public static long identity(long feature) {
        return feature >> 3;
    }

    static long make(long hash, int kind) {
        return (hash & ~KIND_MASK) | kind;
    }
}
