package dev.copydesk.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Rule-based English sentence splitter over normalized text whose paragraphs are separated by
 * {@code '\n'}. It does not split after titles ("Mr.", "Gen."), initials ("J. K."), "No." before a number,
 * or inside decimals ("2.5"); after dotted acronyms ("U.S."), months ("Jan. 5") and abbreviations that
 * also end sentences ("Inc.", "Jr.", "St.", "et al.") only when a typical sentence opener follows.
 * A paragraph break ends a sentence unless the paragraph stops mid-sentence (trailing {@code , ; : -}
 * or a lower-case continuation), so re-paragraphing a text at sentence boundaries, or inside a sentence,
 * yields the same sentences.
 */
public final class SentenceSplitter {
    /** Abbreviations after which a period never ends a sentence (titles before a name and the like). */
    private static final Set<String> TITLES = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm",
            "gov", "sen", "rep", "rev", "hon", "pres", "mt", "messrs", "mme", "mlle", "vs", "v",
            "approx", "univ", "fig", "vol", "pp", "ca", "cf", "gov't", "atty",
            "supt", "insp", "det", "brig", "cdr", "pvt", "cpl", "ret");
    /**
     * Abbreviations that end a sentence only when a typical opener follows: months, company suffixes, and
     * words that also end sentences ("Martin Luther King Jr. The crowd", "et al. The study", "on Main
     * St. The police") but mostly precede a name or a verb ("Jr. said", "St. Louis").
     */
    private static final Set<String> SOFT = Set.of(
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "inc", "corp", "co", "ltd", "plc", "bros", "etc", "est", "jr", "sr", "st", "al", "ft", "dept");
    /** Abbreviations only before a number ("No. 10", "Nos. 3 and 4"); "he said no. The" ends a sentence. */
    private static final Set<String> BEFORE_NUMBER = Set.of("no", "nos");
    /** Words that typically open a sentence; after "U.S." or "Inc." they signal a boundary. */
    private static final Set<String> OPENERS = Set.of(
            "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on", "at",
            "this", "that", "these", "those", "his", "her", "their", "its", "our", "there", "after", "as",
            "while", "when", "if", "for", "however", "meanwhile", "since", "some", "many", "both", "earlier",
            "later", "last", "according", "officials", "yet", "still", "so", "also", "one", "more");

    private SentenceSplitter() {
    }

    /**
     * Splits {@code text} into sentences. Returns span pairs {@code [start0, end0, start1, end1, ...]}
     * (end exclusive, trimmed of white space).
     */
    public static int[] split(String text) {
        return split(text.toCharArray(), text.length());
    }

    /** {@link #split(String)} over {@code text[0, n)}. */
    public static int[] split(char[] text, int n) {
        int[] spans = new int[16];
        int count = 0;
        int sentenceStart = skipSpace(text, n, 0);
        int i = sentenceStart;
        while (i < n) {
            char c = text[i];
            int boundaryEnd = -1; // exclusive end of the sentence if a boundary is found at i
            int next = -1;        // start of the following sentence
            if (c == '.' || c == '!' || c == '?') {
                int j = i + 1;
                while (j < n && isCloser(text[j])) {
                    j++;
                }
                if (j >= n) {
                    break;
                }
                if (isSpace(text[j])) {
                    int k = skipSpace(text, n, j);
                    if (k < n && startsSentence(text, k) && (c != '.' || periodEnds(text, n, i, k))) {
                        boundaryEnd = j;
                        next = k;
                    }
                }
                i = Math.max(i + 1, j);
            } else if (c == '\n') {
                int k = skipSpace(text, n, i);
                int prev = lastNonSpace(text, i);
                if (k < n && prev >= sentenceStart && !continuesAcrossBreak(text[prev], text, k)) {
                    boundaryEnd = prev + 1;
                    next = k;
                }
                i++;
            } else {
                i++;
            }
            if (boundaryEnd > sentenceStart) {
                if (count + 2 > spans.length) {
                    spans = Arrays.copyOf(spans, spans.length * 2);
                }
                spans[count++] = sentenceStart;
                spans[count++] = trimEnd(text, sentenceStart, boundaryEnd);
                sentenceStart = next;
                i = Math.max(i, next);
            }
        }
        int end = trimEnd(text, sentenceStart, n);
        if (end > sentenceStart) {
            if (count + 2 > spans.length) {
                spans = Arrays.copyOf(spans, count + 2);
            }
            spans[count++] = sentenceStart;
            spans[count++] = end;
        }
        return Arrays.copyOf(spans, count);
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '.' || c == '!' || c == '?';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t';
    }

    private static int skipSpace(char[] s, int n, int i) {
        while (i < n && isSpace(s[i])) {
            i++;
        }
        return i;
    }

    private static int lastNonSpace(char[] s, int i) {
        int j = i - 1;
        while (j >= 0 && isSpace(s[j])) {
            j--;
        }
        return j;
    }

    private static int trimEnd(char[] s, int start, int end) {
        while (end > start && isSpace(s[end - 1])) {
            end--;
        }
        return end;
    }

    /** True when the char at k can open a sentence: not a lower-case letter. */
    private static boolean startsSentence(char[] s, int k) {
        char c = s[k];
        return !Character.isLowerCase(c);
    }

    /** A paragraph that ends in , ; : - or is followed by a lower-case word continues the sentence. */
    private static boolean continuesAcrossBreak(char last, char[] s, int k) {
        if (last == ',' || last == ';' || last == ':' || last == '-' || last == '(') {
            return true;
        }
        return Character.isLowerCase(s[k]);
    }

    /** Decides whether the period at {@code dot} ends a sentence; the next sentence would start at k. */
    private static boolean periodEnds(char[] s, int n, int dot, int k) {
        int wStart = dot;
        while (wStart > 0 && (Character.isLetterOrDigit(s[wStart - 1]) || s[wStart - 1] == '.'
                || s[wStart - 1] == '\'')) {
            wStart--;
        }
        if (wStart == dot) {
            return true;
        }
        String word = new String(s, wStart, dot - wStart);
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return false; // an initial: "J. K. Rowling"
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (TITLES.contains(lower)) {
            return false;
        }
        if (BEFORE_NUMBER.contains(lower)) {
            return !Character.isDigit(s[k]);
        }
        boolean dotted = word.indexOf('.') >= 0;
        if (dotted || SOFT.contains(lower)) {
            return nextWordIsOpener(s, n, k);
        }
        return true;
    }

    private static boolean nextWordIsOpener(char[] s, int n, int k) {
        int i = k;
        while (i < n && !Character.isLetterOrDigit(s[i])) {
            i++;
        }
        int e = i;
        while (e < n && Character.isLetter(s[e])) {
            e++;
        }
        return e > i && OPENERS.contains(new String(s, i, e - i).toLowerCase(Locale.ROOT));
    }
}
