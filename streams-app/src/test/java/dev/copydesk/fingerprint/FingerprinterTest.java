package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.TextPipeline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FingerprinterTest {
    private static final String BODY = "Russian President Vladimir Putin will visit North Korea on Tuesday. "
            + "The Kremlin said the trip would strengthen ties with Pyongyang. Ok. "
            + "Western countries accuse North Korea of supplying weapons to Moscow.";

    private final FingerprintConfig cfg = FingerprintConfig.defaults();
    private final NormalizedArticle article = TextPipeline.defaults().process(null, BODY);

    @Test
    void onePrintPerPassageWithOneKeyPerBand() {
        List<PassageFingerprint> fps = new Fingerprinter(cfg).fingerprint(article);
        assertThat(fps).hasSize(article.passages().size()).hasSize(3);
        for (int i = 0; i < fps.size(); i++) {
            PassageFingerprint fp = fps.get(i);
            assertThat(fp.passage()).isEqualTo(i);
            assertThat(fp.bandKeys()).hasSize(cfg.bands());
            assertThat(new HashSet<>(boxed(fp.bandKeys()))).hasSize(cfg.bands()); // band index is mixed in
            for (int k = 1; k < fp.features().length; k++) {
                assertThat(fp.features()[k]).isGreaterThan(fp.features()[k - 1]);
            }
        }
    }

    @Test
    void sameTextSameFingerprintAcrossInstancesAndThreads() throws Exception {
        List<PassageFingerprint> reference = new Fingerprinter(cfg).fingerprint(article);
        Fingerprinter shared = new Fingerprinter(cfg);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<PassageFingerprint>>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> shared.fingerprint(article)));
            }
            for (Future<List<PassageFingerprint>> f : futures) {
                assertThat(f.get()).isEqualTo(reference);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rewordedPassageSharesABandAndUnrelatedOneDoesNot() {
        Fingerprinter fp = new Fingerprinter(cfg);
        PassageFingerprint a = fp.fingerprintText("Western countries have accused Pyongyang of sending weapons to Moscow for use in Ukraine.");
        PassageFingerprint b = fp.fingerprintText("Western nations accused Pyongyang of sending arms to Moscow for its war in Ukraine.");
        PassageFingerprint c = fp.fingerprintText("The central bank raised interest rates by half a point to curb inflation.");
        assertThat(sharesBand(a, b)).isTrue();
        assertThat(sharesBand(a, c)).isFalse();
    }

    @Test
    void passageWithoutContentHasNoBandKeys() {
        PassageFingerprint fp = new Fingerprinter(cfg).fingerprintText("It is what it was, and so it will be.");
        assertThat(fp.bandKeys()).isEmpty();
        assertThat(fp.features()).isNotEmpty(); // stop words are kept for verification
    }

    private static boolean sharesBand(PassageFingerprint a, PassageFingerprint b) {
        Set<Long> keys = new HashSet<>(boxed(a.bandKeys()));
        return boxed(b.bandKeys()).stream().anyMatch(keys::contains);
    }

    private static List<Long> boxed(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
