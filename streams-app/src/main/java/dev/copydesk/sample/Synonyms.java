package dev.copydesk.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Word and phrase substitutions a rewrite desk makes ("said" → "stated"), read from {@code /sample/synonyms.txt}
 * ({@code phrase = alternative | alternative}). Never touches quoted speech, capitalised words (names, titles)
 * or numbers.
 */
final class Synonyms {
    private record Entry(String[] words, String[] alternatives) {
    }

    private static final Synonyms INSTANCE = new Synonyms(Vocabulary.readSections("/sample/synonyms.txt").get("synonyms"));

    /** Hash of the first word (lower case) → entries starting with it, longest first. */
    private final Map<Integer, List<Entry>> byFirstWord = new HashMap<>();

    private Synonyms(List<String> lines) {
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("synonym line needs 'phrase = alt | alt': " + line);
            }
            String[] words = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).split("\\s+");
            String[] alts = line.substring(eq + 1).split("\\|");
            for (int i = 0; i < alts.length; i++) {
                alts[i] = alts[i].strip();
            }
            byFirstWord.computeIfAbsent(lowerHash(words[0], 0, words[0].length()), k -> new ArrayList<>())
                    .add(new Entry(words, alts));
        }
        byFirstWord.values().forEach(l -> l.sort((a, b) -> b.words().length - a.words().length));
    }

    static Synonyms get() {
        return INSTANCE;
    }

    /** Replaces each replaceable word or phrase with probability {@code p}. */
    String apply(String sentence, double p, SplittableRandom r) {
        StringBuilder out = new StringBuilder(sentence.length() + 16);
        int n = sentence.length();
        int i = 0;
        boolean inQuote = false;
        while (i < n) {
            char c = sentence.charAt(i);
            if (!Character.isLetter(c)) {
                if (c == '“' || c == '”' || c == '"') {
                    inQuote = c == '“' || (c == '"' && !inQuote);
                }
                out.append(c);
                i++;
                continue;
            }
            int end = wordEnd(sentence, i);
            boolean capital = Character.isUpperCase(c);
            // capitalised words are left alone, even sentence-initial ones: they may start a name or a title
            if (!inQuote && !capital) {
                List<Entry> entries = byFirstWord.get(lowerHash(sentence, i, end));
                if (entries != null) {
                    int matched = match(sentence, i, entries, p, r, out, capital);
                    if (matched > 0) {
                        i = matched;
                        continue;
                    }
                }
            }
            out.append(sentence, i, end);
            i = end;
        }
        return out.toString();
    }

    /** Tries the entries at {@code start}; on a replacement appends it and returns the end index, else 0. */
    private static int match(String s, int start, List<Entry> entries, double p, SplittableRandom r,
                             StringBuilder out, boolean capital) {
        for (Entry e : entries) {
            int pos = start;
            boolean ok = true;
            for (int w = 0; w < e.words().length && ok; w++) {
                if (w > 0) {
                    if (pos >= s.length() || s.charAt(pos) != ' ') {
                        ok = false;
                        break;
                    }
                    pos++;
                }
                int end = wordEnd(s, pos);
                ok = end - pos == e.words()[w].length() && s.regionMatches(true, pos, e.words()[w], 0, end - pos);
                pos = end;
            }
            if (ok && (pos >= s.length() || !Character.isLetter(s.charAt(pos)))) {
                if (r.nextDouble() >= p) {
                    return 0;
                }
                String alt = e.alternatives()[r.nextInt(e.alternatives().length)];
                out.append(capital ? Text.capitalize(alt) : alt);
                return pos;
            }
        }
        return 0;
    }

    /** String-style hash of {@code s[from, to)} lower-cased, without allocating. */
    private static int lowerHash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + Character.toLowerCase(s.charAt(i));
        }
        return h;
    }

    private static int wordEnd(String s, int i) {
        int j = i;
        while (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '-' && j + 1 < s.length()
                && Character.isLetter(s.charAt(j + 1)))) {
            j++;
        }
        return j;
    }
}
