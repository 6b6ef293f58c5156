package dev.copydesk.fingerprint;

import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.Passage;
import java.util.ArrayList;
import java.util.List;

/**
 * Fingerprints the passages of a normalized article: features ({@link FeatureExtractor}), an exact
 * hash, and LSH band keys from a MinHash signature ({@link MinHasher}) over the identities of the content
 * features (words, names, numbers; stop words never).
 *
 * <p>LSH: the signature has {@code b * r} components; band {@code i} is keyed by a 64-bit mix of
 * {@code (i, component[i*r .. i*r+r-1])} (murmur3 finalizer, two 31-bit components per round). Two
 * passages whose content-feature sets have Jaccard s share at least one band key with probability {@code P(s) = 1 - (1 - s^r)^b}. The target s* = 0.3 is the 5th percentile of that
 * Jaccard among passage pairs that pass verification (MSRP pairs scoring >= 0.5: p5 = 0.33; seed passage
 * pairs: p5 = 0.28). Defaults r=2, b=32 (64 components), the fewest false candidates among the (r, b)
 * reaching P(s*) >= 0.95 with at most 40 bands: P(0.5)=1.00, P(0.3)=0.95, P(0.2)=0.73, P(0.1)=0.28,
 * P(0.05)=0.08.
 *
 * <p>Thread-safe: per-thread scratch buffers.
 */
public final class Fingerprinter {
    private static final long[] NONE = new long[0];

    static final long BAND_SEED = 0x62616E646B657973L; // "bandkeys"
    static final long BAND_MUL = 0x9E3779B97F4A7C15L;
    static final long MIX_1 = 0xff51afd7ed558ccdL;
    static final long MIX_2 = 0xc4ceb9fe1a85ec53L;
    private final FingerprintConfig cfg;
    private final MinHasher minHasher;
    private final ThreadLocal<Workspace> workspace;
    /** The band keys of two-row bands on the Vector API, when the JVM has it; else null. */
    private final VectorBandKeys vectorBandKeys;

    public Fingerprinter(FingerprintConfig cfg) {
        this.cfg = cfg;
        this.minHasher = new MinHasher(cfg.minHashComponents());
        this.vectorBandKeys = cfg.rows() == 2 && MinHasher.vectorApi() ? VectorBandKeys.create(cfg.bands()) : null;
        this.workspace = ThreadLocal.withInitial(Workspace::new);
    }

    public FingerprintConfig config() {
        return cfg;
    }

    /** Which MinHash loop runs: {@code "vector (N-bit)"} with the Vector API, else {@code "scalar"}. */
    public String minHashKernel() {
        return minHasher.kernelName();
    }

    /** One fingerprint per passage, in passage order. */
    public List<PassageFingerprint> fingerprint(NormalizedArticle a) {
        Workspace w = workspace.get();
        List<PassageFingerprint> out = new ArrayList<>(a.passages().size());
        char[] text = w.chars(a.text()); // copied once per article, not per passage
        for (Passage p : a.passages()) {
            w.extractor.extract(text, p.start(), p.end());
            out.add(w.fingerprint(p.index()));
        }
        return out;
    }

    /** Fingerprint of any text taken as one passage (index 0). */
    public PassageFingerprint fingerprintText(CharSequence text) {
        Workspace w = workspace.get();
        w.extractor.extract(text, 0, text.length());
        return w.fingerprint(0);
    }

    /** Sorted distinct features of any text taken as one passage. */
    public long[] features(CharSequence text) {
        FeatureExtractor fx = workspace.get().extractor;
        fx.extract(text, 0, text.length());
        return fx.features();
    }

    /**
     * Band keys {@code from} on: band {@code b} is a chain of {@link #mix} over its components, two 31-bit
     * components per mixed long, from the seed {@code BAND_SEED ^ b}. The components are non-negative (MinHash's are
     * 31-bit): {@link VectorBandKeys} zero-extends them where this sign-extends, which is the same only then.
     */
    static void bandKeys(int[] signature, int rows, long[] keys, int from) {
        for (int b = from; b < keys.length; b++) {
            long key = BAND_SEED ^ b;
            int first = b * rows;
            for (int r = 0; r < rows; r += 2) { // two 31-bit components per mixed long
                long hi = signature[first + r];
                long lo = r + 1 < rows ? signature[first + r + 1] : 0;
                key = mix((key * BAND_MUL) ^ (hi << 32 | lo));
            }
            keys[b] = key;
        }
    }

    /** The murmur3 64-bit finalizer: a bijective mix, enough to spread band contents over the key space. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * MIX_1;
        z = (z ^ (z >>> 33)) * MIX_2;
        return z ^ (z >>> 33);
    }

    private final class Workspace {
        final FeatureExtractor extractor = new FeatureExtractor(cfg);
        final int[] signature = new int[cfg.minHashComponents()];
        long[] ids = new long[64];
        char[] chars = new char[4096];

        /** The chars of {@code text} in a reused buffer. */
        char[] chars(String text) {
            if (chars.length < text.length()) {
                chars = new char[Math.max(text.length(), chars.length * 2)];
            }
            text.getChars(0, text.length(), chars, 0);
            return chars;
        }

        /** The fingerprint of the passage the extractor has just read. */
        PassageFingerprint fingerprint(int index) {
            int count = extractor.count();
            long[] features = extractor.features();
            if (ids.length < count) {
                ids = new long[count * 2];
            }
            int n = 0;
            int lastKind = cfg.lshBigrams() ? FeatureKind.BIGRAM : FeatureKind.BIGRAM - 1; // kinds that enter MinHash
            for (int k = 0; k < count; k++) {
                // without a branch: content and stop words alternate at random, which the CPU cannot predict
                long f = features[k];
                ids[n] = f & ~FeatureKind.TAG_MASK;
                n += (FeatureKind.kind(f) - lastKind - 1) >>> 31; // 1 when kind <= lastKind
            }
            if (n == 0) {
                return new PassageFingerprint(index, extractor.exactHash(), NONE, features);
            }
            minHasher.signature(ids, n, signature);
            long[] keys = new long[cfg.bands()];
            int done = vectorBandKeys != null && MinHasher.vectorReady ? vectorBandKeys.keys(signature, keys) : 0;
            bandKeys(signature, cfg.rows(), keys, done);
            return new PassageFingerprint(index, extractor.exactHash(), keys, features);
        }
    }
}
