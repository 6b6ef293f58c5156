package dev.copydesk.fingerprint;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;
import com.dynatrace.hash4j.similarity.ElementHashProvider;
import com.dynatrace.hash4j.similarity.SimilarityHashPolicy;
import com.dynatrace.hash4j.similarity.SimilarityHasher;
import com.dynatrace.hash4j.similarity.SimilarityHashing;
import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.Passage;
import java.util.ArrayList;
import java.util.List;

/**
 * Fingerprints the passages of a normalized article: features ({@link FeatureExtractor}), an exact
 * hash, and LSH band keys from a SuperMinHash signature (hash4j) over the feature identities.
 *
 * <p>LSH: the signature has {@code b * r} components; band {@code i} is keyed by XXH3 of
 * {@code (i, component[i*r .. i*r+r-1])}. Two passages with feature Jaccard s share at least one band
 * key with probability {@code P(s) = 1 - (1 - s^r)^b}. Defaults r=2, b=20: P(0.4)=0.97, P(0.3)=0.85,
 * P(0.1)=0.18, P(0.05)=0.05.
 *
 * <p>Thread-safe: per-thread scratch buffers.
 */
public final class Fingerprinter {
    private static final long[] NONE = new long[0];

    private final FingerprintConfig cfg;
    private final SimilarityHashPolicy policy;
    private final ThreadLocal<Workspace> workspace;

    public Fingerprinter(FingerprintConfig cfg) {
        this.cfg = cfg;
        this.policy = SimilarityHashing.superMinHash(cfg.minHashComponents(), 64);
        this.workspace = ThreadLocal.withInitial(Workspace::new);
    }

    public FingerprintConfig config() {
        return cfg;
    }

    /** One fingerprint per passage, in passage order. */
    public List<PassageFingerprint> fingerprint(NormalizedArticle a) {
        Workspace w = workspace.get();
        List<PassageFingerprint> out = new ArrayList<>(a.passages().size());
        String text = a.text();
        for (Passage p : a.passages()) {
            out.add(w.fingerprint(p.index(), text, p.start(), p.end()));
        }
        return out;
    }

    /** Fingerprint of any text taken as one passage (index 0). */
    public PassageFingerprint fingerprintText(CharSequence text) {
        return workspace.get().fingerprint(0, text, 0, text.length());
    }

    /** Sorted distinct features of any text taken as one passage. */
    public long[] features(CharSequence text) {
        FeatureExtractor fx = workspace.get().extractor;
        fx.extract(text, 0, text.length());
        return fx.features();
    }

    private final class Workspace implements ElementHashProvider {
        final FeatureExtractor extractor = new FeatureExtractor(cfg);
        final SimilarityHasher hasher = policy.createHasher();
        final HashStream64 band = Hashing.xxh3_64().hashStream();
        long[] ids = new long[64];
        int n;

        PassageFingerprint fingerprint(int index, CharSequence text, int start, int end) {
            int count = extractor.extract(text, start, end);
            long[] features = extractor.features();
            if (count == 0) {
                return new PassageFingerprint(index, extractor.exactHash(), NONE, features);
            }
            if (ids.length < count) {
                ids = new long[count * 2];
            }
            for (int k = 0; k < count; k++) {
                ids[k] = features[k] & ~FeatureKind.KIND_MASK;
            }
            n = count;
            byte[] signature = hasher.compute(this);
            int rows = cfg.rows();
            long[] keys = new long[cfg.bands()];
            for (int b = 0; b < keys.length; b++) {
                band.reset().putInt(b);
                for (int r = 0; r < rows; r++) {
                    band.putLong(policy.getComponent(signature, b * rows + r));
                }
                keys[b] = band.getAsLong();
            }
            return new PassageFingerprint(index, extractor.exactHash(), keys, features);
        }

        @Override
        public long getElementHash(int i) {
            return ids[i];
        }

        @Override
        public int getNumberOfElements() {
            return n;
        }
    }
}
