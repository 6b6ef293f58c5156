package dev.copydesk.fingerprint;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Arrays;

/**
 * Extracts the features of a passage: casefolded content-word unigrams (stop words removed, light
 * stemming), numbers, and adjacent content-word bigrams, each as a 64-bit XXH3 hash tagged with its
 * {@link FeatureKind}. Also computes the exact-match hash over all tokens (stop words included).
 *
 * <p>Allocation-free per call except for the final copy; not thread-safe (keep one per thread).
 */
public final class FeatureExtractor {
    private static final Hasher64 XXH3 = Hashing.xxh3_64();
    private static final long BIGRAM_SEED = 0x9E3779B97F4A7C15L;
    private static final LongSet STOP = new LongSet(512);

    static {
        FeatureExtractor probe = new FeatureExtractor(true, true);
        for (String w : StopWords.WORDS) {
            w.getChars(0, w.length(), probe.buf, 0);
            STOP.add(probe.hashBuf(w.length()));
        }
    }

    private final boolean bigrams;
    private final boolean stemming;
    private char[] buf = new char[64];
    private byte[] bytes = new byte[128];
    private long[] features = new long[64];
    private int count;
    private long exactHash;
    private final HashStream64 exact = XXH3.hashStream();

    public FeatureExtractor(FingerprintConfig cfg) {
        this(cfg.bigrams(), cfg.stemming());
    }

    public FeatureExtractor(boolean bigrams, boolean stemming) {
        this.bigrams = bigrams;
        this.stemming = stemming;
    }

    /** Number of features found by the last {@link #extract} call. */
    public int count() {
        return count;
    }

    /** The features of the last call, sorted and distinct by identity, in {@code [0, count())}. */
    public long[] buffer() {
        return features;
    }

    /** XXH3 over the token sequence of the last call (case, punctuation and spacing ignored). */
    public long exactHash() {
        return exactHash;
    }

    /** A sorted copy of the features of the last call. */
    public long[] features() {
        return Arrays.copyOf(features, count);
    }

    /** Extracts the features of {@code s[start, end)}; returns their number. */
    public int extract(CharSequence s, int start, int end) {
        count = 0;
        exact.reset();
        long prevContent = 0;
        boolean havePrev = false;
        boolean sentenceStart = true;
        boolean dotted = false;
        int i = start;
        while (i < end) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                if ((c == '.' && !dotted) || c == '!' || c == '?') {
                    sentenceStart = true;
                }
                dotted = false;
                i++;
                continue;
            }
            // read one token
            int tokenStart = i;
            dotted = false;
            int len = 0;
            boolean hasDigit = false;
            boolean hasLetter = false;
            boolean firstUpper = Character.isUpperCase(c);
            boolean allUpper = true;
            while (i < end) {
                char ch = s.charAt(i);
                if (Character.isLetterOrDigit(ch)) {
                    if (Character.isDigit(ch)) {
                        hasDigit = true;
                    } else {
                        hasLetter = true;
                        if (!Character.isUpperCase(ch)) {
                            allUpper = false;
                        }
                    }
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, len * 2);
                    }
                    buf[len++] = Character.toLowerCase(ch);
                    i++;
                } else if (ch == '.' && isAcronymDot(s, tokenStart, i, end)) {
                    dotted = true; // U.S. -> us, U.N. -> un
                    i++;
                } else if (i + 1 < end && len > 0 && Character.isLetterOrDigit(s.charAt(i + 1))
                        && ((ch == '\'' && Character.isLetter(buf[len - 1]))
                        || ((ch == '.' || ch == ',') && Character.isDigit(buf[len - 1])
                            && Character.isDigit(s.charAt(i + 1))))) {
                    if (ch == '.') {
                        if (len == buf.length) {
                            buf = Arrays.copyOf(buf, len * 2);
                        }
                        buf[len++] = '.';
                    } else if (ch == '\'') {
                        // possessive 's is dropped; other apostrophes vanish ("don't" -> "dont")
                        if ((s.charAt(i + 1) == 's' || s.charAt(i + 1) == 'S')
                                && (i + 2 >= end || !Character.isLetterOrDigit(s.charAt(i + 2)))) {
                            i += 2;
                            break;
                        }
                    }
                    i++; // thousands separators vanish: 11,000 -> 11000
                } else {
                    break;
                }
            }
            boolean atStart = sentenceStart;
            sentenceStart = false;
            long raw = hashBuf(len);
            exact.putLong(raw);
            boolean caps = allUpper && hasLetter && len >= 2;
            if (!hasDigit && (len < 2 || (!caps && STOP.contains(raw)))) {
                continue;
            }
            int kind;
            long id;
            if (hasDigit) {
                kind = hasLetter ? FeatureKind.NAME : FeatureKind.NUMBER;
                id = raw;
            } else {
                kind = caps || (firstUpper && !atStart) ? FeatureKind.NAME : FeatureKind.WORD;
                id = stemming ? hashBuf(stem(len)) : raw;
            }
            add(FeatureKind.make(id, kind));
            if (bigrams && havePrev) {
                add(FeatureKind.make(XXH3.hashLongLongToLong(prevContent ^ BIGRAM_SEED, id), FeatureKind.BIGRAM));
            }
            prevContent = id;
            havePrev = true;
        }
        exactHash = exact.getAsLong();
        sortDistinct();
        return count;
    }

    /** A dot between single letters, as in "U.S." or "a.m.". */
    private static boolean isAcronymDot(CharSequence s, int tokenStart, int i, int end) {
        return i + 1 < end && Character.isLetter(s.charAt(i + 1))
                && (i + 2 >= end || !Character.isLetterOrDigit(s.charAt(i + 2)))
                && Character.isLetter(s.charAt(i - 1))
                && (i - 2 < tokenStart || !Character.isLetterOrDigit(s.charAt(i - 2)));
    }

    private void add(long f) {
        if (count == features.length) {
            features = Arrays.copyOf(features, count * 2);
        }
        features[count++] = f;
    }

    /** Sorts and keeps one feature per identity (the highest kind: a NAME wins over a WORD). */
    private void sortDistinct() {
        if (count < 2) {
            return;
        }
        Arrays.sort(features, 0, count);
        int w = 0;
        for (int r = 0; r < count; r++) {
            long f = features[r];
            if (w > 0 && FeatureKind.identity(features[w - 1]) == FeatureKind.identity(f)) {
                features[w - 1] = f; // sorted ascending: the later one has the higher kind
            } else {
                features[w++] = f;
            }
        }
        count = w;
    }

    /** Light English stemming of buf[0, len) in place: plural, -ed, -ing; final 'e' and double letters. */
    private int stem(int len) {
        if (len <= 3) {
            return len;
        }
        if (len > 4 && endsWith(len, "ies")) {
            len -= 3;
            buf[len++] = 'y';
        } else if (len > 4 && endsWith(len, "ied")) {
            len -= 3;
            buf[len++] = 'y';
        } else if (buf[len - 1] == 's' && buf[len - 2] != 's' && buf[len - 2] != 'u' && buf[len - 2] != 'i') {
            len -= 1;
        }
        if (len > 5 && endsWith(len, "ing")) {
            len -= 3;
        } else if (len > 4 && endsWith(len, "ed")) {
            len -= 2;
        }
        if (len > 3 && buf[len - 1] == 'e') {
            len -= 1;
        }
        if (len > 3 && buf[len - 1] == buf[len - 2] && Character.isLetter(buf[len - 1])) {
            len -= 1;
        }
        return len;
    }

    private boolean endsWith(int len, String suffix) {
        int k = suffix.length();
        if (len < k) {
            return false;
        }
        for (int j = 0; j < k; j++) {
            if (buf[len - k + j] != suffix.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private long hashBuf(int len) {
        int nb = len * 2;
        if (nb > bytes.length) {
            bytes = new byte[nb * 2];
        }
        for (int j = 0; j < len; j++) {
            char ch = buf[j];
            bytes[2 * j] = (byte) ch;
            bytes[2 * j + 1] = (byte) (ch >>> 8);
        }
        return XXH3.hashBytesToLong(bytes, 0, nb);
    }

    /** Minimal open-addressing set of longs (0 is stored as a flag). */
    static final class LongSet {
        private final long[] table;
        private final int mask;
        private boolean hasZero;

        LongSet(int capacityPowerOfTwo) {
            table = new long[capacityPowerOfTwo];
            mask = capacityPowerOfTwo - 1;
        }

        void add(long v) {
            if (v == 0) {
                hasZero = true;
                return;
            }
            int p = (int) (v ^ (v >>> 32)) & mask;
            while (table[p] != 0 && table[p] != v) {
                p = (p + 1) & mask;
            }
            table[p] = v;
        }

        boolean contains(long v) {
            if (v == 0) {
                return hasZero;
            }
            int p = (int) (v ^ (v >>> 32)) & mask;
            while (table[p] != 0) {
                if (table[p] == v) {
                    return true;
                }
                p = (p + 1) & mask;
            }
            return false;
        }
    }
}
