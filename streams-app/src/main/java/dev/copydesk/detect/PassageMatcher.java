package dev.copydesk.detect;

import dev.copydesk.fingerprint.PassageFingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds verified passage matches between two fingerprinted articles, either by comparing every pair
 * (reference) or only LSH candidates (pairs sharing a band key or the exact hash), as the streaming
 * topology does. Exact-hash equality scores 1.0.
 */
public final class PassageMatcher {
    private PassageMatcher() {
    }

    /** All pairs with similarity at or above {@code threshold}. */
    public static List<PassageMatch> bruteForce(List<PassageFingerprint> newer, List<PassageFingerprint> earlier,
                                                double threshold) {
        List<PassageMatch> out = new ArrayList<>();
        for (PassageFingerprint a : newer) {
            for (PassageFingerprint b : earlier) {
                double s = verify(a, b);
                if (s >= threshold) {
                    out.add(new PassageMatch(a.passage(), b.passage(), s));
                }
            }
        }
        return out;
    }

    /** Pairs that share a band key or the exact hash, verified against {@code threshold}. */
    public static List<PassageMatch> viaLsh(List<PassageFingerprint> newer, List<PassageFingerprint> earlier,
                                            double threshold) {
        Map<Long, List<PassageFingerprint>> index = new HashMap<>();
        for (PassageFingerprint b : earlier) {
            index.computeIfAbsent(~b.exactHash(), k -> new ArrayList<>()).add(b);
            for (long key : b.bandKeys()) {
                index.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
            }
        }
        List<PassageMatch> out = new ArrayList<>();
        for (PassageFingerprint a : newer) {
            boolean[] seen = new boolean[earlier.size() == 0 ? 0 : maxIndex(earlier) + 1];
            List<PassageFingerprint> candidates = new ArrayList<>(index.getOrDefault(~a.exactHash(), List.of()));
            for (long key : a.bandKeys()) {
                candidates.addAll(index.getOrDefault(key, List.of()));
            }
            for (PassageFingerprint b : candidates) {
                if (seen[b.passage()]) {
                    continue;
                }
                seen[b.passage()] = true;
                double s = verify(a, b);
                if (s >= threshold) {
                    out.add(new PassageMatch(a.passage(), b.passage(), s));
                }
            }
        }
        return out;
    }

    /** Similarity of two fingerprinted passages as copy evidence (see {@link #verify(long, long[], long, long[])}). */
    public static double verify(PassageFingerprint a, PassageFingerprint b) {
        return verify(a.exactHash(), a.features(), b.exactHash(), b.features());
    }

    /**
     * Copy evidence between two passages: 1.0 on equal exact hashes; 0 when they are about different
     * named entities ({@link NameAgreement}) or report different figures ({@link NumberAgreement}); else
     * {@link PassageSimilarity}. The streaming index and the
     * offline matchers both verify with this.
     */
    public static double verify(long exactA, long[] featuresA, long exactB, long[] featuresB) {
        if (exactA == exactB && featuresA.length > 0) {
            return 1.0;
        }
        double similarity = PassageSimilarity.score(featuresA, featuresB);
        return similarity > 0 && (NumberAgreement.conflict(featuresA, featuresB)
                || NameAgreement.conflict(featuresA, featuresB)) ? 0.0 : similarity;
    }

    private static int maxIndex(List<PassageFingerprint> fps) {
        int max = 0;
        for (PassageFingerprint f : fps) {
            max = Math.max(max, f.passage());
        }
        return max;
    }
}
