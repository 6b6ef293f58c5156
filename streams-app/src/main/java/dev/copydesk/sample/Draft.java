package dev.copydesk.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * An article under construction: headline, optional dateline and paragraphs of {@link Sentence}s. Rewrites
 * transform a copy of the wire story's draft; {@link #render} turns it into the published body text.
 */
final class Draft {
    /**
     * One sentence with the rewrites it allows.
     *
     * @param text         the sentence as written
     * @param alternatives the same content with clauses in another order (other quote attribution forms)
     * @param indirect     reported-speech form of a quote sentence, or null
     * @param quote        the quoted statement itself, or null when the sentence quotes nobody
     * @param boilerplate  true for lines an outlet's CMS adds (ALSO READ, image credits, bylines)
     */
    record Sentence(String text, List<String> alternatives, String indirect, String quote, boolean boilerplate) {
        static Sentence plain(String text) {
            return new Sentence(text, List.of(), null, null, false);
        }

        static Sentence boiler(String text) {
            return new Sentence(text, List.of(), null, null, true);
        }

        Sentence withText(String newText) {
            return new Sentence(newText, alternatives, indirect, quote, boilerplate);
        }
    }

    String headline;
    String dateline;
    final List<List<Sentence>> paragraphs;

    Draft(String headline, String dateline, List<List<Sentence>> paragraphs) {
        this.headline = headline;
        this.dateline = dateline;
        this.paragraphs = paragraphs;
    }

    Draft copy() {
        List<List<Sentence>> ps = new ArrayList<>(paragraphs.size());
        for (List<Sentence> p : paragraphs) {
            ps.add(new ArrayList<>(p));
        }
        return new Draft(headline, dateline, ps);
    }

    /** All sentences in order, boilerplate excluded. */
    List<Sentence> sentences() {
        List<Sentence> all = new ArrayList<>();
        for (List<Sentence> p : paragraphs) {
            for (Sentence s : p) {
                if (!s.boilerplate()) {
                    all.add(s);
                }
            }
        }
        return all;
    }

    String render(String paragraphSeparator) {
        StringBuilder out = new StringBuilder(4096);
        boolean first = true;
        boolean datelineDone = dateline == null;
        for (List<Sentence> p : paragraphs) {
            if (p.isEmpty()) {
                continue;
            }
            if (!first) {
                out.append(paragraphSeparator);
            }
            if (!datelineDone && !p.get(0).boilerplate()) {
                out.append(dateline);
                datelineDone = true;
            }
            for (int i = 0; i < p.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(p.get(i).text());
            }
            first = false;
        }
        return out.toString();
    }
}
