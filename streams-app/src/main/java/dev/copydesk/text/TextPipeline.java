package dev.copydesk.text;

import java.nio.CharBuffer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
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
 *       are matched with {@code find()} against each trimmed line). A built-in pattern matches a whole
 *       credit line, names and agencies only, and never a line followed by a lower-case continuation line
 *       (a sentence broken across paragraphs); datelines such as
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
    /** Boilerplate lines are short: longer lines are not matched against the built-in patterns. */
    private static final int MAX_BOILERPLATE_LINE = 240;
    /** A capitalized word of a name or an agency ("Jane", "O'Neill", "Agence", "France-Presse", "AFP."). */
    private static final String NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}.'-]*+"; // possessive: "A-A-A-..." is one word, not 2^n splits
    /** Particles inside names ("Ursula von der Leyen", "Abu Bakr al Baghdadi"). */
    private static final String PARTICLE = "(?:de|da|del|della|di|du|van|von|der|den|la|le|al|bin|ibn|el|dos|das)";
    /** Lower-case words a credit line may hold between names ("Reporting by X in Paris; Editing by Y and Z"). */
    private static final String CREDIT_WORD = "(?:" + NAME_WORD + "|" + PARTICLE.substring(3, PARTICLE.length() - 1)
            + "|and|&|in|for|of|the|with|from|via|at|by|staff|editing|writing|reporting|additional|compiled|"
            + "produced|research|graphics)";
    /**
     * A run of credit words and nothing else to the end of the line: names, agencies and their connectors.
     * A sentence ("Compiled by the World Bank, the index ranks ...") has other lower-case words.
     */
    private static final String CREDIT = CREDIT_WORD + "(?:(?:\\s*[,;/|]\\s*|\\s+)" + CREDIT_WORD + "){0,30}\\s*\\)?\\.?$";
    /** One person: 1-4 capitalized words, particles between them. */
    private static final String NAME = NAME_WORD + "(?:\\s+(?:" + PARTICLE + "\\s+)?" + NAME_WORD + "){0,3}";
    /** A byline's first word is not a time: "By Monday", "By March", "By Noon". */
    private static final String NOT_A_TIME = "(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
            + "January|February|March|April|May|June|July|August|September|October|November|December|"
            + "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Noon|Midnight|Mid|Dawn|Nightfall|Then|Now|"
            + "Early|Late|Next|Last|This|Christmas|Easter|Spring|Summer|Autumn|Fall|Winter)\\b)";
    /** What may follow a byline's names: ", AFP", " | Reuters", ", Staff Writer", ", Special to The Times". */
    private static final String BYLINE_WORD = "(?:" + NAME_WORD + "|and|&|of|the|for|in|to|at|by|with|from|our|own|staff|"
            + "writer|reporter|reporting|correspondent|editor|special|senior|chief|deputy|associate|contributing|"
            + "political|business|economics|diplomatic|foreign|affairs|security|health|science|technology|sports?|"
            + "news|agency|wire|services?|bureau|desk|team|columnist|analyst)";
    private static final String BYLINE_TAIL = "\\s*[,|/-]\\s*" + BYLINE_WORD + "(?:\\s+" + BYLINE_WORD + "){0,6}";
    /**
     * All built-in boilerplate line patterns as one alternation, tried at the start of a trimmed line. Each
     * matches a whole credit or navigation line, not a sentence that starts with the same word ("Copyright
     * lawsuits ...", "Pictures by state media showed ...", "Watch-makers ...", "By Monday, thousands ...").
     */
    private static final Pattern BOILERPLATE = Pattern.compile(String.join("|",
            // navigation: "ALSO READ |", "Read more:", "Watch - ..." (a dash only as a separator, not "Watch-makers")
            "(?iu:(also read|read also|read more|more to read|see also|related( stories| articles?)?|"
                    + "recommended( stories)?|must read|don't miss|watch( video)?|trending)\\s*([|:>]|-+(\\s|$)))",
            "(?iu:(image|photo|picture|video|graphic)s?\\s*(source|credit|courtesy)s?\\s*[:|-])",
            "(?iu:(photo|picture|image|file photo)s?\\s*:)",
            // "(Photo by John Smith/Reuters)", "Pictures by Jane Doe for The Times": names only after "by"
            "\\(?(?iu:(photo|picture|image|file photo)s?( credits?)?)\\s*(:[^)]{0,80}\\)?\\.?$|(?iu:by)\\s+" + CREDIT + ")",
            "\\(?(?iu:(reporting|writing|additional reporting|editing|compiled|produced) by)\\s+" + CREDIT,
            // Indian wires' footer: "(With inputs from PTI)", "With inputs from agencies"
            "\\(?(?iu:with (agency )?inputs? from)\\s+(?:(?iu:agencies)\\s*\\.?\\)?\\.?$|" + CREDIT + ")",
            "(?iu:(follow us on|subscribe to|sign up for|click here|download the)\\b)",
            // "Copyright 2024 AFP", "© Reuters", "(c) Agence France-Presse. All rights reserved."; not
            // "Copyright lawsuits against ..." nor "Copyright Office officials said ..."
            "(?iu:copyright|©|\\(c\\))\\s*(?iu:©|\\(c\\))?\\s*(\\d{4}|(" + NAME_WORD + "(\\s+" + NAME_WORD
                    + "){0,5}\\s*(\\d{4})?\\s*\\.?\\s*((?iu:all rights reserved)\\.?)?$))",
            "(?iu:(all rights reserved|advertisement$|story continues below|continue reading|"
                    + "published:?\\s*\\d|updated:?\\s*\\d|(first published|last updated)(:|\\s+(on\\s+|at\\s+)?"
                    + "(\\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun))))",
            // bylines: "By Jane Doe", "By JANE DOE and John Roe, AFP"; a sentence ("By Monday, ... .") is not
            "[Bb][Yy]\\s+" + NOT_A_TIME + NAME + "((\\s*,\\s*|\\s+(and|&)\\s+)" + NAME + "){0,3}(" + BYLINE_TAIL
                    + "){0,2}\\s*$"));
    /** News agencies as datelines name them; a parenthesis after a mixed-case place must hold one of them. */
    private static final String AGENCY = "(?:(?:AFP|AP|Reuters|dpa|DPA|ANSA|EFE|Xinhua|IANS|PTI|UPI|Bloomberg|ANI|UNI|"
            + "Yonhap|Kyodo|Jiji|TASS|Tass|RIA|Interfax|Anadolu|AA|KUNA|WAM|MENA|IRNA|Bernama|Antara|AAP|Lusa|Belga|"
            + "Notimex|CNA|APA|Ritzau|NTB|STT|ATS|HINA|MTI|PAP|CTK|BTA|Agerpres|Petra|SANA|SPA|APP|BSS|VNA|JTA|"
            + "Ukrinform|Sputnik|CNN|BBC|CNBC|NHK|PA|Dow Jones|Associated Press|Agence France-Presse)"
            // a desk or service of one: "Jiji Press", "CNN Business", "dpa-AFX", "Reuters Breakingviews"
            + "(?:[ -]\\p{Lu}[\\p{L}]{1,15})?)";
    /** A place and an optional date: "PARIS", "SEOUL, June 17", "Seoul, South Korea". */
    private static final String PLACE_DATE_TAIL = "(,\\s*[\\p{L}\\p{M}0-9 .'-]{1,30}){0,3}\\s*";
    /**
     * "PARIS (AFP) -", "SEOUL, June 17 (Reuters) -", "Seoul, South Korea (AP) --", "VALMORA (XNA) -": an ALL
     * CAPS place before an agency or a short all-caps token, or any capitalized place before a known agency.
     * A sentence's subject is not a dateline: "Rep. Alexandria Ocasio-Cortez (D-NY) -", "The World Health
     * Organization (WHO) -".
     */
    private static final Pattern DATELINE_AGENCY = Pattern.compile(
            "^(\\p{Lu}[\\p{Lu}\\p{M} .'-]{1,40}" + PLACE_DATE_TAIL + "\\((" + AGENCY + "|\\p{Lu}{2,6})"
                    + "|(\\p{Lu}[\\p{L}\\p{M} .'-]{1,40}" + PLACE_DATE_TAIL + ")?\\(" + AGENCY + ")"
                    + "(\\s*/\\s*" + AGENCY + ")*\\)\\s*-+\\s*"
                    // a dateline starts a sentence; an apposition does not ("Agence France-Presse (AFP) - one of")
                    + "(?=[\\p{Lu}\\p{N}\"'\u201c\u2018])");
    /**
     * Well-known acronyms that start sentences ("OSCE - The mission said", "IAEA - The agency's inspectors"):
     * international bodies and blocs, agencies, countries ("CEO", "AI" too). A dateline names a city, never
     * one of them. "G7" and "G20" need no entry: a place starts with two capitals.
     */
    private static final String ACRONYM = "(?:UN|UNSC|UNGA|UNHCR|UNICEF|UNESCO|UNRWA|UNDP|UNIFIL|OCHA|WHO|WFP|FAO|"
            + "IAEA|IMF|WTO|IOM|ICJ|ICC|NATO|EU|AU|OSCE|OECD|OPEC|ASEAN|ECOWAS|SADC|GCC|APEC|OAS|BRICS|ICRC|IFRC|"
            + "MSF|FIFA|UEFA|IOC|WADA|ECB|FED|SEC|IDF|IRGC|FBI|CIA|NSA|NASA|ESA|CDC|FDA|US|USA|UK|CEO|AI)";
    /**
     * "WASHINGTON -- The", "NEW DELHI: India", "BEIRUT, Lebanon - The": an ALL CAPS place and a separator
     * before a capitalized sentence. An acronym with a dash before an apposition ("NATO - the world's
     * largest military alliance - said") is the sentence's subject, and so is a well-known {@link #ACRONYM}
     * ("NATO - The alliance said").
     */
    private static final Pattern DATELINE_CAPS = Pattern.compile(
            "^(?!" + ACRONYM + "\\b)"
                    + "\\p{Lu}{2,}[\\p{Lu}\\p{M} .'-]{0,30}(,\\s*\\p{Lu}[\\p{L}\\p{M} .]{0,30})?\\s*(:|-+)\\s+"
                    + "(?=[\\p{Lu}\\p{N}\"'])"
                    // "ECOWAS - West Africa's regional bloc - said": an apposition between two dashes is the subject's
                    + "(?![^\\n]{0,120}?\\s-+\\s)");
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
        char[] c = normalizeChars(body == null ? "" : body);
        String titleKey = title == null ? "" : normalize(title).trim().toLowerCase(Locale.ROOT);
        char[] out = new char[c.length];
        int w = 0;
        int pos = 0;
        boolean first = true;
        while (pos < c.length) {
            int end = pos;
            while (end < c.length && c[end] != '\n') {
                end++;
            }
            int s = pos;
            int e = end;
            while (s < e && c[s] == ' ') {
                s++;
            }
            while (e > s && c[e - 1] == ' ') {
                e--;
            }
            pos = end + 1;
            if (s == e) {
                continue;
            }
            String changed = cleanLine(c, s, e, first ? titleKey : null, nextLineIsLowerCase(c, end));
            if (changed != null && changed.isEmpty()) {
                continue;
            }
            if (w > 0) {
                out[w++] = '\n';
            }
            if (changed == null) {
                System.arraycopy(c, s, out, w, e - s);
                w += e - s;
            } else {
                changed.getChars(0, changed.length(), out, w); // never longer than the line
                w += changed.length();
            }
            first = false;
        }
        return new NormalizedArticle(new String(out, 0, w), passages(out, w));
    }

    /**
     * Char-level normalization of any text: mojibake repair, NFKC, quote/dash unification, white space
     * collapsed within lines (line breaks kept as {@code '\n'}). Case is kept.
     */
    public static String normalize(String s) {
        return new String(normalizeChars(s));
    }

    private static char[] normalizeChars(String s) {
        String t = s;
        char[] a = t.toCharArray();
        boolean maybeMojibake = false;
        boolean maybeNfkc = false;
        for (char ch : a) {
            if (ch >= 0xA0) {
                maybeMojibake |= ch >= 0xC2 && ch <= 0xF4;
                maybeNfkc |= !NfkcQuickCheck.stable(ch);
            }
        }
        if (maybeMojibake) {
            String r = Mojibake.repair(t, a);
            if (r != t) {
                t = r;
                maybeNfkc = true;
            }
        }
        if (maybeNfkc && !Normalizer.isNormalized(t, Normalizer.Form.NFKC)) {
            t = Normalizer.normalize(t, Normalizer.Form.NFKC);
        }
        if (t != s) {
            a = t.toCharArray();
        }
        int n = a.length;
        char[] b = new char[n];
        int w = 0;
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = a[i];
            if (c > 0x20 && c < 0x7F && c != '`' && c != '-') { // plain printable ASCII: the common case
                if (space) {
                    if (w > 0 && b[w - 1] != '\n') {
                        b[w++] = ' ';
                    }
                    space = false;
                }
                b[w++] = c;
                continue;
            }
            if (c == ' ') {
                space = true;
                continue;
            }
            char m = unify(c);
            if (m == 0) {
                continue;
            }
            if (m == '\n') {
                if (c == '\r' && i + 1 < n && a[i + 1] == '\n') {
                    i++;
                }
                while (w > 0 && b[w - 1] == ' ') {
                    w--; // no trailing spaces on a line
                }
                b[w++] = '\n';
                space = false;
            } else if (m == ' ') {
                space = true;
            } else {
                if (space && w > 0 && b[w - 1] != '\n') {
                    b[w++] = ' ';
                }
                space = false;
                if (m == '-' && w > 0 && b[w - 1] == '-' && isDash(c)) {
                    continue; // "--" and "—-" collapse to one dash
                }
                b[w++] = m;
            }
        }
        return w == n ? b : Arrays.copyOf(b, w);
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

    /**
     * Cleans the trimmed line {@code c[s, e)}: returns null to keep it as it is, "" to drop it, or the line
     * without its dateline or photo credit.
     */
    private String cleanLine(char[] c, int s, int e, String titleKey, boolean continued) {
        int len = e - s;
        String line = null;
        if (len <= MAX_BOILERPLATE_LINE && !continued) {
            line = new String(c, s, len);
            if (BOILERPLATE.matcher(line).lookingAt()) {
                return "";
            }
        }
        if (!extraBoilerplate.isEmpty()) {
            line = line != null ? line : new String(c, s, len);
            for (Pattern p : extraBoilerplate) {
                if (p.matcher(line).find()) {
                    return "";
                }
            }
        }
        if (titleKey != null && len == titleKey.length() && new String(c, s, len).toLowerCase(Locale.ROOT).equals(titleKey)) {
            return "";
        }
        if (isSubhead(c, s, e)) {
            return "";
        }
        String l = null;
        if (hasInlinePhoto(c, s, e)) {
            l = INLINE_PHOTO.matcher(new String(c, s, len)).replaceAll("");
        }
        CharSequence head = l != null ? l : CharBuffer.wrap(c, s, Math.min(len, 160));
        if ((Character.isUpperCase(c[s]) || c[s] == '(') && indexOf(c, '(', s, Math.min(e, s + 90)) >= 0) {
            Matcher m = DATELINE_AGENCY.matcher(head);
            if (m.lookingAt()) {
                l = (l != null ? l : new String(c, s, len)).substring(m.end());
                head = l;
            }
        }
        if (len > 2 && Character.isUpperCase(c[s]) && Character.isUpperCase(c[s + 1])) {
            Matcher m = DATELINE_CAPS.matcher(head);
            if (m.lookingAt()) {
                l = (l != null ? l : new String(c, s, len)).substring(m.end());
            }
        }
        return l == null ? null : l.trim();
    }

    /**
     * True when the next non-blank line after {@code c[end]} starts with a lower-case letter: the line
     * before it is a sentence broken across paragraphs ("By Monday, thousands had fled" / "the suburbs ..."),
     * not a standalone credit or byline.
     */
    private static boolean nextLineIsLowerCase(char[] c, int end) {
        int i = end;
        while (i < c.length && (c[i] == '\n' || c[i] == ' ')) {
            i++;
        }
        return i < c.length && Character.isLowerCase(c[i]);
    }

    private static int indexOf(char[] c, char x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (c[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** True when "(photo", "(picture", "(image" or "(file photo" occurs in the line, in any case. */
    private static boolean hasInlinePhoto(char[] c, int s, int e) {
        for (int i = indexOf(c, '(', s, e); i >= 0 && i + 1 < e; i = indexOf(c, '(', i + 1, e)) {
            char n = Character.toLowerCase(c[i + 1]);
            if (n == 'p' || n == 'i' || n == 'f') {
                return true;
            }
        }
        return false;
    }

    /**
     * A title-case line of 2-20 words without closing punctuation ("Russia Rejects Claim Of Using ...")
     * is an outlet's sub-head, not copy.
     */
    static boolean isSubhead(String line) {
        return isSubhead(line.toCharArray(), 0, line.length());
    }

    private static boolean isSubhead(char[] line, int from, int n) {
        char last = line[n - 1];
        if (last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' || last == ':' || last == ')') {
            return false;
        }
        int words = 0;
        int capitalized = 0;
        int lower = 0;
        int i = from;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(line[i])) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int s = i;
            while (i < n && (Character.isLetterOrDigit(line[i]) || line[i] == '\'')) {
                i++;
            }
            words++;
            char c = line[s];
            if (Character.isUpperCase(c) || Character.isDigit(c)) {
                capitalized++;
            } else if (i - s > 3) {
                lower++; // short lower-case words (of, to, in, and) are allowed in title case
            }
            if (words > 20 || lower > 0) {
                return false;
            }
        }
        return words >= 2 && capitalized * 10 >= words * 6;
    }

    private List<Passage> passages(char[] text, int length) {
        int[] spans = SentenceSplitter.split(text, length);
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
            if (countWords(text, start, end, minPassageWords) < minPassageWords) {
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
            String t = new String(text, start, end - start);
            out.add(new Passage(k, start, end, t.indexOf('\n') >= 0 ? t.replace('\n', ' ') : t));
        }
        return out;
    }

    /** The number of words in {@code s[start, end)}, or {@code atMost} (at least 1) when there are more: it is only compared with a minimum. */
    static int countWords(char[] s, int start, int end, int atMost) {
        int words = 0;
        boolean in = false;
        for (int i = start; i < end; i++) {
            char c = s[i];
            boolean w = c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    : Character.isLetterOrDigit(c);
            if (w && !in && ++words >= atMost) {
                return words; // only compared with the minimum: a sentence is mostly far longer
            }
            in = w;
        }
        return words;
    }
}
