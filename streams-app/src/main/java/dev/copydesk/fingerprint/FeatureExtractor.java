package dev.copydesk.fingerprint;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Extracts the features of a passage as 64-bit hashes laid out by {@link FeatureKind}: casefolded
 * content words (light stemming, aliases such as "%" = "percent" and "Sept" = "september"), names
 * (capitalized inside a sentence, or all caps), numbers (separators removed: "11,000" = "11000"), optional
 * adjacent content-word bigrams, and optionally stop words and one shared negation feature. Tokens are
 * hashed while they are scanned (multiplicative rolling hash over the casefolded chars, murmur3 finalizer:
 * no String per token). Also computes the exact-match hash: XXH3 (hash4j) over the sequence of token
 * hashes, so case, punctuation and spacing do not matter.
 *
 * <p>Allocation-free per call except for the final copy; not thread-safe (keep one per thread). Most of the
 * fingerprint kernel's time (the scan, with a short path for lowercase ASCII letters and spaces; then per-token work
 * and sorting the features): see the README's "JMH: text pipeline and fingerprint kernel" and docs/performance-log.md.
 */
public final class FeatureExtractor {
    private static final Hasher64 XXH3 = Hashing.xxh3_64();
    private static final long TOKEN_SEED = 0x243F6A8885A308D3L;
    private static final long TOKEN_MUL = 0x9E3779B97F4A7C15L;
    private static final long TOKEN_MUL_2 = TOKEN_MUL * TOKEN_MUL;
    private static final long TOKEN_MUL_3 = TOKEN_MUL_2 * TOKEN_MUL;
    private static final long TOKEN_MUL_4 = TOKEN_MUL_3 * TOKEN_MUL;
    private static final long TOKEN_SEED_1 = (TOKEN_SEED + '%') * TOKEN_MUL;
    private static final long BIGRAM_SEED = 0x9E3779B97F4A7C15L;
    private static final long NEGATION_ID = 0x6E65676174696F6EL;
    // char classes, for every UTF-16 unit
    private static final int LETTER = 1;
    private static final int DIGIT = 2;
    private static final int UPPER = 4;
    private static final int ALNUM = LETTER | DIGIT;
    private static final byte[] CLASS = new byte[65536];
    // lexicon codes of token hashes
    private static final int STOP = 1;
    private static final int NEGATION = 2;
    private static final int ALIAS = 4; // alias index in bits 8..15
    private static final int PER = 8;
    private static final int CENT = 16;
    private static final int MAY = 32;
    private static final int STOP_NUMBER_SHIFT = 16; // bits 16..23: a stop word's number (ALIAS uses 8..15)
    /**
     * Stop words, negations and aliases (255 keys). Sparse, so that a probe's first slot is nearly always empty or
     * the key: 16,384 slots measured 4% faster than 8,192 and 4% faster than 32,768 in the kernel (2026-11-24).
     */
    private static final LongIntMap LEXICON = new LongIntMap(16384);
    /** Sorts a passage's features on the Vector API ({@link VectorSort}) when the JVM has it, with 4 long lanes or more. */
    private static final boolean VECTOR_SORT = MinHasher.vectorApi() && VectorSort.usable();
    // suffixes the stemmer checks, packed as tail3 packs a word's end
    private static final long IES = tail3("ies".toCharArray(), 3);
    private static final long IED = tail3("ied".toCharArray(), 3);
    private static final long ING = tail3("ing".toCharArray(), 3);
    private static final long ED = tail3("ed".toCharArray(), 2);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final char[][] ALIAS_TO = new char[StopWords.ALIASES.length][];

    static {
        if (VECTOR_SORT) {
            VectorWarmup.start(); // also when no MinHasher is made in this JVM
        }
        for (int c = 0; c < 65536; c++) {
            char ch = (char) c;
            int type = Character.getType(ch);
            if (Character.isLetter(ch) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
                CLASS[c] = (byte) (Character.isUpperCase(ch) ? LETTER | UPPER : LETTER); // marks: Indic vowel signs
            } else if (Character.isDigit(ch)) {
                CLASS[c] = DIGIT;
            }
        }
        FeatureExtractor probe = new FeatureExtractor(false, false, false);
        int stopWords = 0;
        for (String w : StopWords.STOP) {
            long h = probe.hashOf(w);
            if ((LEXICON.get(h) & STOP) == 0) { // each distinct stop word its own number, for the seen-set of a passage
                LEXICON.or(h, STOP | (stopWords++ << STOP_NUMBER_SHIFT));
            }
        }
        if (stopWords > 256) {
            throw new IllegalStateException("more stop words than the seen-set holds: " + stopWords);
        }
        for (String w : StopWords.NEGATIONS) {
            LEXICON.or(probe.hashOf(w), NEGATION);
        }
        for (int k = 0; k < StopWords.ALIASES.length; k++) {
            LEXICON.or(probe.hashOf(StopWords.ALIASES[k][0]), ALIAS | (k << 8));
            ALIAS_TO[k] = StopWords.ALIASES[k][1].toCharArray();
        }
        LEXICON.or(probe.hashOf("per"), PER);
        LEXICON.or(probe.hashOf("cent"), CENT);
        LEXICON.or(probe.hashOf("may"), MAY);
    }

    private final boolean bigrams;
    private final boolean stemming;
    private final boolean stopFeatures;
    private char[] buf = new char[64];
    private char[] src = new char[1024];
    private long[] features = new long[64];
    private final long[] scratch = new long[64];
    private final long[] ranks = new long[64];
    /** The stop words this passage has had (by number): a repeat adds the same feature again, which sorting would drop. */
    private final long[] stopSeen = new long[4];
    private final boolean[] written = new boolean[64];
    private final int[] buckets = new int[17];
    private int count;
    // raw token hashes, little-endian: the exact-hash input, hashed in one call (the same value as a hash
    // stream fed the longs one by one, at about half the cost)
    private byte[] tokens = new byte[8 * 128];
    private int tokenCount;
    private long exactHash;
    // per-call token state
    private long prevContent;
    private boolean havePrev;
    private int prevCode;

    public FeatureExtractor(FingerprintConfig cfg) {
        this(cfg.bigrams(), cfg.stemming(), cfg.stopFeatures());
    }

    public FeatureExtractor(boolean bigrams, boolean stemming, boolean stopFeatures) {
        this.bigrams = bigrams;
        this.stemming = stemming;
        this.stopFeatures = stopFeatures;
    }

    /**
     * Which feature sort runs: {@code "vector (N lanes)"} on the Vector API (once the JIT has compiled it, {@link VectorWarmup}),
     * else {@code "scalar"}.
     */
    public static String sortKernel() {
        return VECTOR_SORT ? "vector (" + VectorSort.LANES + " lanes)" : "scalar";
    }

    /** Number of features found by the last {@link #extract} call. */
    public int count() {
        return count;
    }

    /** The features of the last call, sorted and distinct by identity, in {@code [0, count())}; reused. */
    public long[] buffer() {
        return features;
    }

    /** XXH3 of the last call's normalized passage: the sequence of its casefolded token hashes. */
    public long exactHash() {
        return exactHash;
    }

    /** A copy of the sorted features of the last call. */
    public long[] features() {
        return Arrays.copyOf(features, count);
    }

    /** Extracts the features of {@code text[start, end)}; returns their number. */
    public int extract(CharSequence text, int start, int end) {
        int length = end - start;
        if (src.length < length) {
            src = new char[Math.max(length, src.length * 2)];
        }
        if (text instanceof String) {
            ((String) text).getChars(start, end, src, 0);
        } else {
            for (int k = 0; k < length; k++) {
                src[k] = text.charAt(start + k);
            }
        }
        return extract(src, 0, length);
    }

    /** Extracts the features of {@code s[start, end)} (read in place, not copied); returns their number. */
    public int extract(char[] s, int start, int end) {
        count = 0;
        Arrays.fill(stopSeen, 0L);
        tokenCount = 0;
        havePrev = false;
        prevCode = 0;
        boolean sentenceStart = true;
        boolean dotted = false;
        int i = start;
        while (i < end) {
            char c = s[i];
            if (c == ' ') {
                dotted = false;
                i++;
                continue;
            }
            int cls = classOf(c);
            if ((cls & ALNUM) == 0) {
                if ((c == '.' && !dotted) || c == '!' || c == '?') {
                    sentenceStart = true;
                } else if (c == '%') {
                    buf[0] = '%';
                    token(1, TOKEN_SEED_1, false, false, false, false);
                }
                dotted = false;
                i++;
                continue;
            }
            int tokenStart = i;
            dotted = false;
            if (buf.length <= end - i) { // a token has at most one char per source char
                buf = new char[Math.max(end - i + 1, buf.length * 2)];
            }
            int len = 0;
            long h = TOKEN_SEED;
            int seen = 0; // OR of the classes of the token's chars
            boolean firstUpper = (cls & UPPER) != 0;
            boolean allUpper = true;
            while (i < end) {
                char ch = s[i];
                if (isLowerAscii(ch)) { // fast path: a run of ASCII lowercase letters, most of the text
                    int from = i;
                    do {
                        buf[len++] = s[i++];
                    } while (i < end && isLowerAscii(s[i]));
                    h = hashChars(h, s, from, i);
                    seen |= LETTER;
                    allUpper = false;
                    continue;
                }
                int k = classOf(ch);
                if ((k & ALNUM) != 0) {
                    seen |= k;
                    if ((k & LETTER) != 0 && (k & UPPER) == 0) {
                        allUpper = false;
                    }
                    char lower = (k & UPPER) == 0 ? ch : ch < 128 ? (char) (ch | 0x20) : Character.toLowerCase(ch);
                    buf[len++] = lower;
                    h = (h + lower) * TOKEN_MUL;
                    i++;
                } else if (ch == '.' && isAcronymDot(s, tokenStart, i, end)) {
                    dotted = true; // U.S. = us, U.N. = un
                    i++;
                } else if (ch == '\'' && len > 0 && i + 1 < end && (classOf(buf[len - 1]) & LETTER) != 0
                        && (classOf(s[i + 1]) & LETTER) != 0) {
                    char n1 = s[i + 1];
                    if ((n1 == 's' || n1 == 'S') && (i + 2 >= end || (classOf(s[i + 2]) & ALNUM) == 0)) {
                        i += 2; // possessive 's dropped
                        break;
                    }
                    i++; // other apostrophes vanish: "don't" = "dont"
                } else if ((ch == '.' || ch == ',') && len > 0 && (classOf(buf[len - 1]) & DIGIT) != 0
                        && i + 1 < end && (classOf(s[i + 1]) & DIGIT) != 0) {
                    if (ch == '.') { // decimal point kept; thousands separators vanish
                        buf[len++] = '.';
                        h = (h + '.') * TOKEN_MUL;
                    }
                    i++;
                } else {
                    break;
                }
            }
            boolean hasLetter = (seen & LETTER) != 0;
            boolean caps = allUpper && hasLetter && len >= 2;
            token(len, h, (seen & DIGIT) != 0, hasLetter, caps, caps || (firstUpper && !sentenceStart));
            sentenceStart = false;
        }
        exactHash = XXH3.hashBytesToLong(tokens, 0, 8 * tokenCount);
        sortDistinct();
        return count;
    }

    private void token(int len, long rolling, boolean hasDigit, boolean hasLetter, boolean caps, boolean name) {
        long raw = finish(rolling, len);
        if (8 * tokenCount == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        LONG_LE.set(tokens, 8 * tokenCount++, raw);
        int previous = prevCode;
        int code = hasDigit ? 0 : LEXICON.get(raw);
        prevCode = code;
        if (hasDigit) {
            content(raw, hasLetter ? FeatureKind.NAME : FeatureKind.NUMBER, len);
            return;
        }
        if (!caps && (code & (STOP | NEGATION)) != 0) {
            if ((code & NEGATION) != 0) {
                if (stopFeatures) {
                    add(FeatureKind.make(NEGATION_ID, FeatureKind.NEGATION, 0));
                }
                return;
            }
            if (!(name && (code & MAY) != 0)) { // "May" inside a sentence is the month
                if (stopFeatures) {
                    int number = (code >>> STOP_NUMBER_SHIFT) & 0xFF;
                    long seen = stopSeen[number >>> 6];
                    long bit = 1L << number;
                    stopSeen[number >>> 6] = seen | bit;
                    addUnless((seen & bit) != 0, FeatureKind.make(raw, FeatureKind.STOP, len));
                }
                return;
            }
        }
        int n = len;
        boolean rewritten = false;
        if ((code & ALIAS) != 0) {
            n = copyIn(ALIAS_TO[code >>> 8]);
            rewritten = true;
        } else if ((code & CENT) != 0 && (previous & PER) != 0) {
            n = copyIn(ALIAS_TO[0]); // "per cent" = "percent"
            rewritten = true;
        }
        if (n < 2) {
            return;
        }
        int stemmed = stemming ? stem(n) : n;
        // stemming changes a word only by shortening it (and "-ies", "-ied" to "-y"): rehash only then
        long id = rewritten || stemmed != len ? hashBuf(stemmed) : raw;
        content(id, name ? FeatureKind.NAME : FeatureKind.WORD, len);
    }

    private void content(long id, int kind, int len) {
        add(FeatureKind.make(id, kind, len));
        if (bigrams && havePrev) {
            add(FeatureKind.make(XXH3.hashLongLongToLong(prevContent ^ BIGRAM_SEED, id), FeatureKind.BIGRAM, 0));
        }
        prevContent = id;
        havePrev = true;
    }

    private int copyIn(char[] word) {
        System.arraycopy(word, 0, buf, 0, word.length);
        return word.length;
    }

    /** A dot between single letters, as in "U.S." or "a.m.". */
    private static boolean isAcronymDot(char[] s, int tokenStart, int i, int end) {
        return i + 1 < end && (classOf(s[i + 1]) & LETTER) != 0
                && (i + 2 >= end || (classOf(s[i + 2]) & ALNUM) == 0)
                && (classOf(s[i - 1]) & LETTER) != 0
                && (i - 2 < tokenStart || (classOf(s[i - 2]) & ALNUM) == 0);
    }

    /** Adds {@code f} unless {@code skip}, without a branch on it (a repeated stop word: about 4 a passage). */
    private void addUnless(boolean skip, long f) {
        if (count == features.length) {
            features = Arrays.copyOf(features, count * 2);
        }
        features[count] = f;
        count += skip ? 0 : 1;
    }

    private void add(long f) {
        addUnless(false, f);
    }

    /** Sorts and keeps one feature per identity (the highest tag: a NAME wins over a WORD). */
    private void sortDistinct() {
        if (count < 2) {
            return;
        }
        if (VECTOR_SORT && MinHasher.vectorReady && count <= 64) { // features.length is a multiple of 64: room for the vector's last block
            VectorSort.sort(features, count, scratch, ranks, written);
        } else if (count <= 64) {
            sortSmall();
        } else {
            Arrays.sort(features, 0, count);
        }
        int w = 0;
        for (int r = 0; r < count; r++) {
            long f = features[r];
            if (w > 0 && FeatureKind.identity(features[w - 1]) == FeatureKind.identity(f)) {
                features[w - 1] = f;
            } else {
                features[w++] = f;
            }
        }
        count = w;
    }

    /**
     * Sorts a passage's few dozen features: a counting pass on the top 4 bits, then insertion sort on the
     * nearly sorted result (half the time of {@code Arrays.sort} on 22 features).
     */
    private void sortSmall() {
        int[] c = buckets;
        Arrays.fill(c, 0);
        long[] a = features;
        long[] t = scratch;
        int n = count;
        for (int i = 0; i < n; i++) {
            c[(int) ((a[i] >>> 60) ^ 8) + 1]++; // ^ 8: signed order of the top nibble
        }
        for (int b = 0; b < 16; b++) {
            c[b + 1] += c[b];
        }
        for (int i = 0; i < n; i++) {
            t[c[(int) ((a[i] >>> 60) ^ 8)]++] = a[i];
        }
        for (int i = 1; i < n; i++) {
            long x = t[i];
            int j = i - 1;
            while (j >= 0 && t[j] > x) {
                t[j + 1] = t[j];
                j--;
            }
            t[j + 1] = x;
        }
        System.arraycopy(t, 0, a, 0, n);
    }

    /** Light English stemming of buf[0, len) in place: plural, -ed, -ing; final 'e' and double letters. */
    private int stem(int len) {
        if (len <= 3) {
            return len;
        }
        char[] b = buf;
        long tail = tail3(b, len);
        if (len > 4 && (tail == IES || tail == IED)) {
            len -= 3;
            b[len++] = 'y';
        } else if (b[len - 1] == 's' && b[len - 2] != 's' && b[len - 2] != 'u' && b[len - 2] != 'i') {
            len -= 1;
        }
        tail = tail3(b, len);
        if (len > 5 && tail == ING) {
            len -= 3;
        } else if (len > 4 && (tail & 0xffff_ffffL) == ED) {
            len -= 2;
        }
        if (len > 3 && b[len - 1] == 'e') {
            len -= 1;
        }
        if (len > 3 && b[len - 1] == b[len - 2] && (classOf(b[len - 1]) & LETTER) != 0) {
            len -= 1;
        }
        return len;
    }

    /**
     * The last three chars of {@code b[0, len)} (two when len is 2), packed 16 bits each, the last lowest: a suffix test is
     * one comparison instead of a loop over the suffix's chars.
     */
    private static long tail3(char[] b, int len) {
        return (len > 2 ? (long) b[len - 3] << 32 : 0) | (long) b[len - 2] << 16 | b[len - 1];
    }

    private long hashOf(String w) {
        return hashBuf(copyIn(w.toCharArray()));
    }

    private long hashBuf(int len) {
        return finish(hashChars(TOKEN_SEED, buf, 0, len), len);
    }

    private static boolean isLowerAscii(char c) {
        return (char) (c - 'a') < 26;
    }

    /**
     * The rolling hash {@code h = (h + c) * M} over {@code a[from, to)}, four chars per step:
     * {@code ((((h + c0) M + c1) M + c2) M + c3) M = (h + c0) M^4 + c1 M^3 + c2 M^2 + c3 M} (mod 2^64), the same
     * value with one multiplication on the chain per four chars instead of four.
     */
    private static long hashChars(long h, char[] a, int from, int to) {
        int j = from;
        for (; j + 4 <= to; j += 4) {
            h = (h + a[j]) * TOKEN_MUL_4 + a[j + 1] * TOKEN_MUL_3 + a[j + 2] * TOKEN_MUL_2 + a[j + 3] * TOKEN_MUL;
        }
        for (; j < to; j++) {
            h = (h + a[j]) * TOKEN_MUL;
        }
        return h;
    }

    /** Token hash: multiplicative rolling hash over the chars, finished by the murmur3 64-bit mixer. */
    private static long finish(long h, int len) {
        long z = h ^ len;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static int classOf(char c) {
        return CLASS[c];
    }

    /** Minimal open-addressing map from long keys to int flags (absent keys map to 0). */
    static final class LongIntMap {
        private final long[] keys;
        private final int[] values;
        private final int mask;

        LongIntMap(int capacityPowerOfTwo) {
            keys = new long[capacityPowerOfTwo];
            values = new int[capacityPowerOfTwo];
            mask = capacityPowerOfTwo - 1;
        }

        /** ORs {@code flags} into the value of {@code key} (key must not be 0). */
        void or(long key, int flags) {
            int p = (int) (key ^ (key >>> 32)) & mask;
            while (keys[p] != 0 && keys[p] != key) {
                p = (p + 1) & mask;
            }
            keys[p] = key;
            values[p] |= flags;
        }

        int get(long key) {
            int p = (int) (key ^ (key >>> 32)) & mask;
            long k = keys[p];
            if ((k == 0) | (k == key)) { // the usual case, in a sparse table: decided without a branch on which
                return k == key ? values[p] : 0;
            }
            return probe(key, p);
        }

        private int probe(long key, int p) {
            long k;
            while ((k = keys[p]) != 0) {
                if (k == key) {
                    return values[p];
                }
                p = (p + 1) & mask;
            }
            return 0;
        }
    }
}
