package dev.copydesk.fingerprint;

import java.util.Arrays;

/**
 * Fingerprint of one passage.
 *
 * @param passage   passage index in its article
 * @param exactHash XXH3 over the passage's casefolded token sequence (exact-match fast path)
 * @param bandKeys  one LSH key per band (band index mixed in); empty when the passage has no features
 * @param features  sorted distinct feature hashes (see {@link FeatureKind}); the sketch used to verify
 */
public record PassageFingerprint(int passage, long exactHash, long[] bandKeys, long[] features) {
    @Override
    public boolean equals(Object o) {
        return o instanceof PassageFingerprint p && p.passage == passage && p.exactHash == exactHash
                && Arrays.equals(p.bandKeys, bandKeys) && Arrays.equals(p.features, features);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(passage) + Long.hashCode(exactHash)) + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "PassageFingerprint[passage=" + passage + ", exactHash=" + Long.toHexString(exactHash)
                + ", bands=" + bandKeys.length + ", features=" + features.length + "]";
    }
}
