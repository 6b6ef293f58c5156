package dev.copydesk.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an article body into normalized text and passages.
 *
 * <ol>
 *   <li>mojibake repair ({@link Mojibake}), Unicode NFKC;</li>
 *   <li>quote and dash unification (all single quotes to {@code '}, double quotes to {@code "}, dashes to
 *       {@code -}), white space collapsed, invisible chars dropped;</li>
 *   <li>boilerplate lines dropped ("ALSO READ |", "Image Source:", "Read more:", bylines, photo credits,
 *       title-case sub-heads, a first line repeating the title, plus the configured extra patterns, which
 *       are matched with {@code find()} against each trimmed line); datelines such as
 *       {@code PARIS (AFP) —} are cut from the start of a paragraph;</li>
 *   <li>paragraphs joined and split into sentences ({@link SentenceSplitter}); a passage is one sentence,
 *       sentences of fewer than {@code minPassageWords} words are merged into a neighbour.</li>
 * </ol>
 * Case is kept in the text (it is shown as evidence); feature extraction casefolds.
 * Instances are immutable and thread-safe.
 */
public final class TextPipeline {
    /** Default minimum words of a passage; shorter sentences are merged into a neighbour. */
    public static final int DEFAULT_MIN_PASSAGE_WORDS = 6;

    private static final int F = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final List<Pattern> BOILERPLATE_LINES = List.of(
            Pattern.compile("^(also read|read also|read more|more to read|see also|related( stories| articles?)?|"
                    + "recommended( stories)?|must read|don't miss|watch( video)?|trending)\\s*[|:>-]", F),
            Pattern.compile("^(image|photo|picture|video|graphic)s?\\s*(source|credit|courtesy)s?\\s*[:|-]", F),
            Pattern.compile("^(photo|picture|image|file photo)s?\\s*:", F),
            Pattern.compile("^\\(?(photo|picture|image|file photo)s?( credits?)?\\s*(:|by)[^)]{0,80}\\)?\\.?$", F),
            Pattern.compile("^(reporting|writing|additional reporting|editing|compiled|produced) by\\b.{0,120}$", F),
            Pattern.compile("^(follow us on|subscribe to|sign up for|click here|download the)\\b", F),
            Pattern.compile("^(copyright|\\(c\\)|all rights reserved|advertisement$|story continues below|"
                    + "continue reading|first published:?|last updated:?|published:?\\s*\\d|updated:?\\s*\\d)", F),
            // bylines: "By Jane Doe", "By JANE DOE and John Roe, AFP"; a real sentence ends with a period
            Pattern.compile("^[Bb][Yy]\\s+\\p{Lu}[\\p{L}.'-]*(\\s+(\\p{Lu}[\\p{L}.'-]*|and|&|de|da|van|von|al|bin|el))*"
                    + "(\\s*[,|/-]\\s*[\\p{L} &'-]{0,40})?$"));
    /** "PARIS (AFP) -", "SEOUL, June 17 (Reuters) -", "Seoul, South Korea (AP) --". */
    private static final Pattern DATELINE_AGENCY = Pattern.compile(
            "^\\p{Lu}[\\p{L}\\p{M} .'-]{1,40}(,\\s*[\\p{L}\\p{M}0-9 .'-]{1,30}){0,2}\\s*\\([\\p{L} .&/-]{2,30}\\)\\s*-+\\s*");
    /** "WASHINGTON -- ", "NEW DELHI: ", "BEIRUT, Lebanon - ". */
    private static final Pattern DATELINE_CAPS = Pattern.compile(
            "^\\p{Lu}{2,}[\\p{Lu}\\p{M} .'-]{0,30}(,\\s*\\p{Lu}[\\p{L}\\p{M} .]{0,30})?\\s*(:|-+)\\s+(?=\\S)");
    private static final Pattern INLINE_PHOTO = Pattern.compile(
            "\\s*\\((photo|picture|image|file photo)s?( credits?)?\\s*:[^)]{0,80}\\)", F);

    private final List<Pattern> extraBoilerplate;
    private final int minPassageWords;
    private final int window;

    /** @param extraBoilerplate extra line patterns; a trimmed line where one is found is dropped */
    public TextPipeline(List<Pattern> extraBoilerplate) {
        this(extraBoilerplate, DEFAULT_MIN_PASSAGE_WORDS, 1);
    }

    /**
     * @param minPassageWords sentences with fewer words are merged into a neighbour
     * @param window          sentences per passage: 1 (default) or a sliding window of that many sentences
     */
    public TextPipeline(List<Pattern> extraBoilerplate, int minPassageWords, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + window);
        }
        this.extraBoilerplate = List.copyOf(extraBoilerplate);
        this.minPassageWords = minPassageWords;
        this.window = window;
    }

    public static TextPipeline defaults() {
        return new TextPipeline(List.of());
    }

    /**
     * Normalizes {@code body} and splits it into passages. The title is not a passage; it only serves to
     * drop a first body line that repeats it. Null inputs count as empty.
     */
    public NormalizedArticle process(String title, String body) {
        String clean = normalize(body == null ? "" : body);
        String titleKey = title == null ? "" : normalize(title).trim().toLowerCase(Locale.ROOT);
        StringBuilder text = new StringBuilder(clean.length());
        int lineStart = 0;
        boolean first = true;
        while (lineStart <= clean.length()) {
            int nl = clean.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? clean.length() : nl;
            String line = cleanLine(clean.substring(lineStart, lineEnd).trim(), first ? titleKey : null);
            if (!line.isEmpty()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(line);
                first = false;
            }
            lineStart = lineEnd + 1;
        }
        String joined = text.toString();
        return new NormalizedArticle(joined, passages(joined));
    }

    /**
     * Char-level normalization of any text: mojibake repair, NFKC, quote/dash unification, white space
     * collapsed within lines (line breaks kept as {@code '\n'}). Case is kept.
     */
    public static String normalize(String s) {
        char max = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            max = (char) Math.max(max, s.charAt(i));
        }
        String t = max < 0xC2 ? s : Mojibake.repair(s);
        if (max >= 0xA0 && !Normalizer.isNormalized(t, Normalizer.Form.NFKC)) {
            t = Normalizer.normalize(t, Normalizer.Form.NFKC); // below U+00A0 NFKC changes nothing
        }
        StringBuilder b = new StringBuilder(t.length());
        boolean space = false;
        for (int i = 0, n = t.length(); i < n; i++) {
            char c = t.charAt(i);
            char m = unify(c);
            if (m == 0) {
                continue;
            }
            if (m == '\n') {
                if (i + 1 < n && c == '\r' && t.charAt(i + 1) == '\n') {
                    i++;
                }
                // drop trailing spaces of the line
                int len = b.length();
                while (len > 0 && b.charAt(len - 1) == ' ') {
                    len--;
                }
                b.setLength(len);
                b.append('\n');
                space = false;
            } else if (m == ' ') {
                space = true;
            } else {
                if (space && b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                    b.append(' ');
                }
                space = false;
                if (m == '-' && b.length() > 0 && b.charAt(b.length() - 1) == '-' && isDash(c)) {
                    continue; // "--" and "—-" collapse to one dash
                }
                b.append(m);
            }
        }
        return b.toString();
    }

    private static boolean isDash(char c) {
        return c == '-' || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
    }

    /** Maps a char to its unified form: 0 drops it, ' ' is white space, '\n' a line break. */
    private static char unify(char c) {
        if (c < 0x80) {
            if (c == '\n' || c == '\r') {
                return '\n';
            }
            if (c == '\t' || c == '\f' || c == 0x0B) {
                return ' ';
            }
            if (c == '`') {
                return '\'';
            }
            return c < 0x20 || c == 0x7F ? 0 : c;
        }
        switch (c) {
            case '\u2018': case '\u2019': case '\u201A': case '\u201B': case '\u2032': case '\u00B4':
            case '\u2039': case '\u203A':
                return '\'';
            case '\u201C': case '\u201D': case '\u201E': case '\u201F': case '\u2033': case '\u00AB':
            case '\u00BB': case '\u300C': case '\u300D':
                return '"';
            case '\u2010': case '\u2011': case '\u2012': case '\u2013': case '\u2014': case '\u2015':
            case '\u2212': case '\u2E3A': case '\u2E3B':
                return '-';
            case '\u2028': case '\u2029': case '\u0085':
                return '\n';
            case '\u00AD': case '\u200B': case '\u200C': case '\u200D': case '\u2060': case '\uFEFF':
                return 0;
            default:
                if (Character.isSpaceChar(c)) {
                    return ' ';
                }
                return Character.getType(c) == Character.CONTROL ? 0 : c;
        }
    }

    /** Returns the line without dateline/photo credits, or "" when the whole line is boilerplate. */
    private String cleanLine(String line, String titleKey) {
        if (line.isEmpty()) {
            return line;
        }
        for (Pattern p : BOILERPLATE_LINES) {
            if (p.matcher(line).lookingAt()) {
                return "";
            }
        }
        for (Pattern p : extraBoilerplate) {
            if (p.matcher(line).find()) {
                return "";
            }
        }
        if (titleKey != null && !titleKey.isEmpty() && line.toLowerCase(Locale.ROOT).equals(titleKey)) {
            return "";
        }
        if (isSubhead(line)) {
            return "";
        }
        String l = line;
        if (l.indexOf('(') >= 0) {
            l = INLINE_PHOTO.matcher(l).replaceAll("");
            Matcher m = DATELINE_AGENCY.matcher(l);
            if (m.find()) {
                l = l.substring(m.end());
            }
        }
        Matcher m = DATELINE_CAPS.matcher(l);
        if (m.find()) {
            l = l.substring(m.end());
        }
        return l.trim();
    }

    /**
     * A title-case line of 2-20 words without closing punctuation ("Russia Rejects Claim Of Using ...")
     * is an outlet's sub-head, not copy.
     */
    static boolean isSubhead(String line) {
        char last = line.charAt(line.length() - 1);
        if (last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' || last == ':' || last == ')') {
            return false;
        }
        int words = 0;
        int capitalized = 0;
        int lower = 0;
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int s = i;
            while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '\'')) {
                i++;
            }
            words++;
            char c = line.charAt(s);
            if (Character.isUpperCase(c) || Character.isDigit(c)) {
                capitalized++;
            } else if (i - s > 3) {
                lower++; // short lower-case words (of, to, in, and) are allowed in title case
            }
        }
        return words >= 2 && words <= 20 && lower == 0 && capitalized * 10 >= words * 6;
    }

    private List<Passage> passages(String text) {
        int[] spans = SentenceSplitter.split(text);
        int count = spans.length / 2;
        // merge short sentences: into the previous passage, or into the next one when first
        List<int[]> merged = new ArrayList<>(count);
        int[] pending = null;
        for (int s = 0; s < count; s++) {
            int start = spans[2 * s];
            int end = spans[2 * s + 1];
            if (pending != null) {
                start = pending[0];
                pending = null;
            }
            if (countWords(text, start, end) < minPassageWords) {
                if (!merged.isEmpty()) {
                    merged.get(merged.size() - 1)[1] = end;
                } else {
                    pending = new int[] {start, end};
                }
                continue;
            }
            merged.add(new int[] {start, end});
        }
        if (pending != null) {
            merged.add(pending);
        }
        int passages = merged.isEmpty() ? 0 : Math.max(1, merged.size() - window + 1);
        List<Passage> out = new ArrayList<>(passages);
        for (int k = 0; k < passages; k++) {
            int start = merged.get(k)[0];
            int end = merged.get(Math.min(merged.size(), k + window) - 1)[1];
            String t = text.substring(start, end).replace('\n', ' ');
            out.add(new Passage(k, start, end, t));
        }
        return out;
    }

    static int countWords(String s, int start, int end) {
        int words = 0;
        boolean in = false;
        for (int i = start; i < end; i++) {
            boolean w = Character.isLetterOrDigit(s.charAt(i));
            if (w && !in) {
                words++;
            }
            in = w;
        }
        return words;
    }
}
