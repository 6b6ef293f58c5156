package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.TextPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the fingerprints of a fixed text. Band keys, exact hashes and features are stored in the candidate
 * index's changelog and compared with those of articles processed later, possibly by a newer release: a
 * change to any of them silently stops new articles from matching the stored ones. A speed-up of the
 * kernel must keep these digests; a deliberate change of the features must change them here and say in
 * the release notes that the index has to be rebuilt (`copydesk reset`, then a replay).
 *
 * <p>The text is written for this test and exercises every branch of the extractor: casefolding and
 * non-ASCII letters (with combining marks), names inside a sentence and all-caps words, numbers with
 * separators and decimals, "%" and "per cent", acronyms with dots, apostrophes and the possessive,
 * aliases, "May" the month against "may" the verb, stemming of plurals, -ies, -ied, -ing, -ed, a final
 * e and doubled letters, negations, stop words, and a token longer than the initial character buffer.
 * {@link #longText()} is one passage of 244 tokens, more than the initial token buffer holds (128).
 * The pinned values are those of 084378f, before the exact hash moved from a hash stream to one call.
 */
class FingerprintStabilityTest {
    static final String TEXT = String.join(" ",
            "PARIS: The U.S. and the U.N. agreed on Tuesday that 11,000 troops would stay until Sept 30, officials said.",
            "Growth slowed to 3.5% in May, down from 4.25 per cent, the IMF's economists estimated.",
            "It may not happen: ministers don't expect the parties' talks to succeed, and nobody is hurrying.",
            "Émilie Müller-Dupont of the Société Générale studied the studies and carried the carries.",
            "Stopping, stopped, stops and the hopping rabbits were running across Zürich's fields in the 1990s.",
            "NATO and the EU never said the 2,500,000-strong army had 7.25bn in funds or a 12pct share.",
            "हिन्दी समाचार: मंत्री ने कहा कि बैठक सफल रही। Ceci n'est pas une pipe, dit-il à l'ONU.",
            "Pneumonoultramicroscopicsilicovolcanoconiosisandotherextraordinarilylongwordsthatexceedthebuffer were counted.",
            "a.m. and p.m. times: 10:45 a.m. on Jan. 5 and 3 p.m. on Dec 24; the govt's intl plan was unveiled.");

    /** One sentence of 244 tokens: names, numbers, possessives, contractions and inflections, repeated. */
    static String longText() {
        StringBuilder b = new StringBuilder("In a long sentence");
        String[] kinds = {"reporters", "Ministers", "NATO", "counted", "11,000", "studies", "don't", "3.5%", "Zürich's", "running"};
        for (int i = 0; i < 180; i++) {
            b.append(' ').append(kinds[i % kinds.length]);
            if (i % 3 == 0) {
                b.append(' ').append("item").append(i);
            }
            if (i % 7 == 0) {
                b.append(',');
            }
        }
        return b.append('.').toString();
    }

    /** XXH3 over every passage's number, exact hash, band keys and features, in order. */
    static long digest(FingerprintConfig cfg) {
        return digest(cfg, TEXT);
    }

    static long digest(FingerprintConfig cfg, String text) {
        NormalizedArticle article = TextPipeline.defaults().process(null, text);
        List<PassageFingerprint> prints = new Fingerprinter(cfg).fingerprint(article);
        HashStream64 h = Hashing.xxh3_64().hashStream();
        h.putInt(prints.size());
        for (PassageFingerprint p : prints) {
            h.putInt(p.passage()).putLong(p.exactHash());
            h.putInt(p.bandKeys().length).putLongs(p.bandKeys());
            h.putInt(p.features().length).putLongs(p.features());
        }
        return h.getAsLong();
    }

    @Test
    void defaultFingerprintsAreThoseOfEarlierReleases() {
        NormalizedArticle article = TextPipeline.defaults().process(null, TEXT);
        assertThat(article.passages()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(Long.toHexString(digest(FingerprintConfig.defaults()))).isEqualTo("d5f1702b07358d3d");
    }

    @Test
    void theOtherFeatureOptionsKeepTheirFingerprints() {
        // the opposite of every default: bigrams (also in the LSH), no stemming, no stop-word features, and
        // another (rows, bands)
        FingerprintConfig others = new FingerprintConfig(true, false, false, true, 20, 3, 0.4);
        assertThat(Long.toHexString(digest(others))).isEqualTo("c25c2514312390db");
    }

    @Test
    void aPassageLongerThanTheTokenBufferKeepsItsFingerprints() {
        assertThat(TextPipeline.defaults().process(null, longText()).passages()).hasSize(1);
        assertThat(Long.toHexString(digest(FingerprintConfig.defaults(), longText()))).isEqualTo("2e37182e1ac58bdb");
        FingerprintConfig others = new FingerprintConfig(true, false, false, true, 20, 3, 0.4);
        assertThat(Long.toHexString(digest(others, longText()))).isEqualTo("d1d618d6d54f9204");
    }
}
