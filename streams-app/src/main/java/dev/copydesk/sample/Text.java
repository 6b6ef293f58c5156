package dev.copydesk.sample;

import java.util.List;
import java.util.Set;

/** Small string helpers for the generator. */
final class Text {
    /**
     * Words the generator's templates use in lower case: a capitalised sentence-initial word in this set is a
     * common word (The, Officials, No ...) and may be lower-cased when its sentence is joined onto another or
     * moved behind a clause; names (never written in lower case) keep their capital.
     */
    private static final class CommonWords {
        static final Set<String> WORDS = load();

        private static Set<String> load() {
            Set<String> words = new java.util.HashSet<>();
            for (String resource : new String[] {"/sample/topics.txt", "/sample/synonyms.txt"}) {
                for (List<String> lines : Vocabulary.readSections(resource).values()) {
                    for (String line : lines) {
                        for (String w : line.split("[^A-Za-z]+")) {
                            if (!w.isEmpty() && Character.isLowerCase(w.charAt(0))) {
                                words.add(w);
                            }
                        }
                    }
                }
            }
            words.addAll(List.of("he", "she", "they", "we", "it", "there"));
            return Set.copyOf(words);
        }
    }

    private Text() {
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int i = 0;
        // skip an opening quote mark so that “we ... becomes “We ...
        while (i < s.length() && "“\"‘'(".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (i >= s.length() || !Character.isLowerCase(s.charAt(i))) {
            return s;
        }
        return s.substring(0, i) + Character.toUpperCase(s.charAt(i)) + s.substring(i + 1);
    }

    /** Lower-cases the first word when it is a common word (never a name), for joining sentences. */
    static String decapitalize(String s) {
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        if (end == 0 || end == 1 && s.charAt(0) == 'I') {
            return s;
        }
        String lower = Character.toLowerCase(s.charAt(0)) + s.substring(1, end);
        return CommonWords.WORDS.contains(lower) ? lower + s.substring(end) : s;
    }

    /** Collapses the double spaces and space-before-punctuation that empty template choices leave. */
    static String tidy(String s) {
        int n = s.length();
        boolean clean = true;
        for (int i = 1; i < n && clean; i++) {
            char c = s.charAt(i);
            clean = s.charAt(i - 1) != ' ' || c != ' ' && c != ',' && c != '.';
        }
        if (clean) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ' && (i + 1 == n || " ,.".indexOf(s.charAt(i + 1)) >= 0)) {
                continue;
            }
            out.append(c);
        }
        return out.toString().strip();
    }

    static String groupThousands(long v) {
        String digits = Long.toString(Math.abs(v));
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (v < 0) {
            out.append('-');
        }
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    /** Mis-decodes typographic characters the way UTF-8 read as Windows-1252 shows them ({@code ’} → {@code â€™}). */
    static String mojibake(String s, boolean strayNbsp) {
        StringBuilder out = new StringBuilder(s.length() + 32);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '’': out.append("â€™"); break;
                case '‘': out.append("â€˜"); break;
                case '“': out.append("â€œ"); break;
                case '”': out.append("â€\u009d"); break;
                case '—': out.append("â€”"); break;
                case '–': out.append("â€“"); break;
                case '\u00a0': out.append("Â "); break;
                case 'é': out.append("Ã©"); break;
                case '.':
                    out.append(c);
                    // stray non-breaking space after some sentences, as in badly converted CMS exports
                    if (strayNbsp && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        out.append("Â ");
                    }
                    break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** Replaces typographic quotes with ASCII ones (AP style, plain CMSs). */
    static String straightQuotes(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            switch (chars[i]) {
                case '’': case '‘': chars[i] = '\''; break;
                case '“': case '”': chars[i] = '"'; break;
                default: break;
            }
        }
        return new String(chars);
    }

    static String stripFinalPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
