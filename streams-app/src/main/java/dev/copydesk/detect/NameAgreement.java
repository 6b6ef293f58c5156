package dev.copydesk.detect;

import java.util.Arrays;

import dev.copydesk.fingerprint.FeatureKind;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.fingerprint.FingerprintConfig;

/**
 * Whether two passages are about different named entities. Copy keeps its names ("President Vladimir
 * Putin said" → "Putin said"); formulaic sentences reused for another story swap them ("Further details
 * were expected after a meeting between Brandt and Demir" / "... between Walsh and Bakker"). Two
 * passages conflict when both carry names and fewer than half of the names of the side with fewer
 * names appear on the other side. Calendar words and titles are capitalized but are not names here.
 *
 * <p>This is a verification rule for copy links, not part of {@link PassageSimilarity} (whose scores
 * are also used on sentence-paraphrase data, where a name swap is rare): a conflicting pair is not a
 * match, whatever its similarity. It depends on the two passages only, so the link rule stays monotone.
 */
public final class NameAgreement {
    private static final String[] NOT_NAMES = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
        "president", "prime", "minister", "chancellor", "secretary", "general", "chief", "king", "queen",
        "captain", "coach", "manager", "mr", "mrs", "ms", "dr", "sir", "senator", "governor", "mayor",
        "spokesman", "spokeswoman", "spokesperson", "ceo", "chairman", "director", "judge", "justice",
        "the", "a", "an", "in", "on", "at", "but", "and", "he", "she", "they", "we", "it", "this", "that"
    };
    private static final long[] EXCLUDED = excluded();

    private NameAgreement() {
    }

    private static long[] excluded() {
        Fingerprinter f = new Fingerprinter(FingerprintConfig.defaults());
        long[] ids = new long[NOT_NAMES.length * 2];
        int n = 0;
        for (String w : NOT_NAMES) {
            for (long feature : f.features("x " + Character.toUpperCase(w.charAt(0)) + w.substring(1) + " x")) {
                if (FeatureKind.kind(feature) == FeatureKind.NAME || FeatureKind.kind(feature) == FeatureKind.WORD
                        || FeatureKind.kind(feature) == FeatureKind.STOP) {
                    ids[n++] = FeatureKind.identity(feature);
                }
            }
        }
        long[] out = Arrays.copyOf(ids, n);
        Arrays.sort(out);
        return out;
    }

    /** True when both passages name entities and mostly different ones (features sorted, as fingerprints give them). */
    public static boolean conflict(long[] a, long[] b) {
        int namesA = 0;
        int namesB = 0;
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            long ia = i < a.length ? FeatureKind.identity(a[i]) : Long.MAX_VALUE;
            long ib = j < b.length ? FeatureKind.identity(b[j]) : Long.MAX_VALUE;
            if (i < a.length && (j >= b.length || ia < ib)) {
                namesA += isName(a[i]) ? 1 : 0;
                i++;
            } else if (j < b.length && (i >= a.length || ib < ia)) {
                namesB += isName(b[j]) ? 1 : 0;
                j++;
            } else {
                boolean na = isName(a[i]);
                boolean nb = isName(b[j]);
                namesA += na ? 1 : 0;
                namesB += nb ? 1 : 0;
                shared += na || nb ? 1 : 0;
                i++;
                j++;
            }
        }
        int fewer = Math.min(namesA, namesB);
        return fewer > 0 && shared * 2 < fewer;
    }

    /** The distinct names (identities, sorted) over all of an article's passage features. */
    public static long[] names(java.util.List<long[]> passageFeatures) {
        int total = 0;
        for (long[] features : passageFeatures) {
            total += features.length;
        }
        long[] ids = new long[total];
        int n = 0;
        for (long[] features : passageFeatures) {
            for (long f : features) {
                if (isName(f)) {
                    ids[n++] = FeatureKind.identity(f);
                }
            }
        }
        Arrays.sort(ids, 0, n);
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            if (distinct == 0 || ids[k] != ids[distinct - 1]) {
                ids[distinct++] = ids[k];
            }
        }
        return Arrays.copyOf(ids, distinct);
    }

    /**
     * Share of the names of the article with fewer names that the other article names too (1.0 when
     * either has none: no evidence either way). Copy keeps its people and places; a formulaic story
     * about other people shares few.
     */
    public static double share(long[] namesA, long[] namesB) {
        if (namesA.length == 0 || namesB.length == 0) {
            return 1.0;
        }
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < namesA.length && j < namesB.length) {
            if (namesA[i] < namesB[j]) {
                i++;
            } else if (namesB[j] < namesA[i]) {
                j++;
            } else {
                shared++;
                i++;
                j++;
            }
        }
        return (double) shared / Math.min(namesA.length, namesB.length);
    }

    private static boolean isName(long feature) {
        return FeatureKind.kind(feature) == FeatureKind.NAME
                && Arrays.binarySearch(EXCLUDED, FeatureKind.identity(feature)) < 0;
    }
}
