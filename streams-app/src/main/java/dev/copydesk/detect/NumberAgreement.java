package dev.copydesk.detect;

import dev.copydesk.fingerprint.FeatureKind;

/**
 * Whether two passages report different figures. Copy keeps its numbers: an outlet rewording a wire
 * sentence keeps "32,900 residents", "7.92 percent", "195 deaths". A formulaic sentence reused for another
 * event carries its own figures ("ordered the evacuation of more than 32,900 residents" / "... more than
 * 1,462 residents"), and it often carries no name to tell it apart ({@link NameAgreement}). Two passages
 * conflict when both carry numbers and share none of them. One shared figure (a year, a repeated count) is
 * enough to agree, and a number on one side only (dropped by a trimmed copy) is no conflict.
 *
 * <p>Like {@link NameAgreement#conflict}, this is a verification rule for copy links, not part of
 * {@link PassageSimilarity} (which already weighs unshared numbers a little): a conflicting pair is not a
 * match. It depends on the two passages only, so the link rule stays monotone.
 */
public final class NumberAgreement {
    private NumberAgreement() {
    }

    /** True when both passages carry numbers and none is on both sides (features sorted, as fingerprints give them). */
    public static boolean conflict(long[] a, long[] b) {
        boolean numbersA = false;
        boolean numbersB = false;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long ia = FeatureKind.identity(a[i]);
            long ib = FeatureKind.identity(b[j]);
            if (ia < ib) {
                numbersA |= FeatureKind.kind(a[i]) == FeatureKind.NUMBER;
                i++;
            } else if (ib < ia) {
                numbersB |= FeatureKind.kind(b[j]) == FeatureKind.NUMBER;
                j++;
            } else {
                if (FeatureKind.kind(a[i]) == FeatureKind.NUMBER || FeatureKind.kind(b[j]) == FeatureKind.NUMBER) {
                    return false; // a shared figure
                }
                i++;
                j++;
            }
        }
        for (; i < a.length && !numbersA; i++) {
            numbersA = FeatureKind.kind(a[i]) == FeatureKind.NUMBER;
        }
        for (; j < b.length && !numbersB; j++) {
            numbersB = FeatureKind.kind(b[j]) == FeatureKind.NUMBER;
        }
        return numbersA && numbersB;
    }
}
