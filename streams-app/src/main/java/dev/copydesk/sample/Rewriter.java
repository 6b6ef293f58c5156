package dev.copydesk.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a wire story's draft into an outlet's version, at four difficulties:
 * <ul>
 *   <li>{@code light}: same sentences; re-paragraphed, dateline dropped or added, CMS boilerplate, truncated;</li>
 *   <li>{@code medium}: word and phrase synonyms, some clauses reordered, some sentences dropped, an intro added;</li>
 *   <li>{@code heavy}: condensed paraphrase: about half the sentences, several merged, most words replaced,
 *       quotes turned into reported speech, a new headline;</li>
 *   <li>{@code short}: the wire copy's first three to five sentences.</li>
 * </ul>
 * Names, numbers and quoted speech are never altered (they are what copy detection should find).
 */
final class Rewriter {
    private static final Pattern LEADING_ADVERBIAL = Pattern.compile(
            "^(On|In|After|Before|During|Following|Despite|Since|Earlier|Later|Last|Over|Across|Amid|By|Within|Under)"
                    + " ([^,“”\"]{2,60}), ([^“”\"]{10,})\\.$");
    private static final Pattern TRAILING_SOURCE = Pattern.compile("^([^“”\"]{25,}), (according to [^,“”\"]{3,60})\\.$");
    private static final Pattern TRAILING_SAID = Pattern.compile(
            "^([^“”\"]{25,}), ((?:the |a |an )?[a-z][a-z ]{2,40}) (said|added|reported|noted|warned)\\.$");
    private static final Pattern SUBORDINATE = Pattern.compile(
            "^([^,“”\"]{25,}?) (after|because|while|amid|despite|following|before|since) ([^,“”\"]{15,})\\.$");
    private static final String[] JOINERS = {", and ", "; ", ", while ", " and ", ", as "};

    private final Vocabulary vocabulary;
    private final Synonyms synonyms;
    private final Topics.Topic topic;
    private final Topics.Topic generic;
    private final Bindings bindings;

    Rewriter(Vocabulary vocabulary, Synonyms synonyms, Topics.Topic topic, Topics.Topic generic, Bindings bindings) {
        this.vocabulary = vocabulary;
        this.synonyms = synonyms;
        this.topic = topic;
        this.generic = generic;
        this.bindings = bindings;
    }

    Draft light(Draft wire, Vocabulary.Outlet outlet, String agency, SplittableRandom r) {
        Draft d = wire.copy();
        int ops = 0;
        while (ops < 2) {
            if (r.nextDouble() < 0.7) {
                reparagraph(d, r);
                ops++;
            }
            if (r.nextDouble() < 0.5) {
                toggleDateline(d, agency, r);
                ops++;
            }
            if (r.nextDouble() < 0.35) {
                truncate(d, r);
                ops++;
            }
            if (r.nextDouble() < 0.6) {
                boilerplate(d, outlet, agency, r);
                ops++;
            }
        }
        if (r.nextDouble() < 0.3) {
            d.headline = d.headline + " | " + outlet.name();
        }
        return d;
    }

    Draft medium(Draft wire, Vocabulary.Outlet outlet, String agency, SplittableRandom r) {
        Draft d = wire.copy();
        drop(d, 0.1 + 0.15 * r.nextDouble(), r);
        reorder(d, 0.35, r);
        substitute(d, 0.55, r);
        d.headline = synonyms.apply(d.headline, 0.7, r);
        if (r.nextDouble() < 0.8) {
            intro(d, r);
        }
        if (r.nextDouble() < 0.7) {
            reparagraph(d, r);
        }
        if (r.nextDouble() < 0.5) {
            toggleDateline(d, agency, r);
        }
        if (r.nextDouble() < 0.4) {
            boilerplate(d, outlet, agency, r);
        }
        return d;
    }

    Draft heavy(Draft wire, Vocabulary.Outlet outlet, String agency, SplittableRandom r) {
        List<Draft.Sentence> all = wire.sentences();
        List<Draft.Sentence> kept = new ArrayList<>();
        kept.add(all.get(0));
        double keep = 0.4 + 0.2 * r.nextDouble();
        boolean quoteKept = false;
        for (int i = 1; i < all.size(); i++) {
            Draft.Sentence s = all.get(i);
            boolean isQuote = s.quote() != null;
            if (r.nextDouble() < keep || isQuote && !quoteKept && i > all.size() / 2) {
                if (isQuote && s.indirect() != null && r.nextDouble() < 0.6) {
                    s = Draft.Sentence.plain(s.indirect());
                }
                kept.add(s);
                quoteKept |= isQuote;
            }
        }
        // reorder clauses before merging so that the rules see single sentences
        kept.replaceAll(s -> r.nextDouble() < 0.6 ? reordered(s, r) : s);
        List<Draft.Sentence> merged = merge(kept, 0.45, r);
        Draft d = new Draft(heavyHeadline(r), null, new ArrayList<>());
        for (Draft.Sentence s : merged) {
            d.paragraphs.add(new ArrayList<>(List.of(s)));
        }
        substitute(d, 0.9, r);
        reparagraph(d, r);
        if (r.nextDouble() < 0.5) {
            intro(d, r);
        }
        if (r.nextDouble() < 0.3) {
            boilerplate(d, outlet, agency, r);
        }
        return d;
    }

    Draft shortVersion(Draft wire, Vocabulary.Outlet outlet, String agency, SplittableRandom r) {
        List<Draft.Sentence> all = wire.sentences();
        int n = Math.min(all.size(), 3 + r.nextInt(3));
        Draft d = new Draft(wire.headline, r.nextBoolean() ? wire.dateline : null, new ArrayList<>());
        for (int i = 0; i < n; i++) {
            d.paragraphs.add(new ArrayList<>(List.of(all.get(i))));
        }
        if (r.nextDouble() < 0.4) {
            reparagraph(d, r);
        }
        if (r.nextDouble() < 0.5) {
            d.headline = synonyms.apply(d.headline, 0.6, r);
        }
        if (r.nextDouble() < 0.3) {
            boilerplate(d, outlet, agency, r);
        }
        return d;
    }

    // ---- operations ------------------------------------------------------------------------------------------

    /** Regroups sentences into paragraphs of one to four sentences (boilerplate lines stay on their own). */
    static void reparagraph(Draft d, SplittableRandom r) {
        List<List<Draft.Sentence>> out = new ArrayList<>();
        List<Draft.Sentence> current = new ArrayList<>();
        int size = paragraphSize(r);
        for (List<Draft.Sentence> p : d.paragraphs) {
            for (Draft.Sentence s : p) {
                if (s.boilerplate()) {
                    if (!current.isEmpty()) {
                        out.add(current);
                        current = new ArrayList<>();
                    }
                    out.add(new ArrayList<>(List.of(s)));
                    continue;
                }
                current.add(s);
                if (current.size() >= size) {
                    out.add(current);
                    current = new ArrayList<>();
                    size = paragraphSize(r);
                }
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        d.paragraphs.clear();
        d.paragraphs.addAll(out);
    }

    private static int paragraphSize(SplittableRandom r) {
        double x = r.nextDouble();
        return x < 0.2 ? 1 : x < 0.55 ? 2 : x < 0.85 ? 3 : 4;
    }

    private void toggleDateline(Draft d, String agency, SplittableRandom r) {
        if (d.dateline != null) {
            d.dateline = r.nextDouble() < 0.25 ? bindings.value("PLACE", "CITY", null) + ": " : null;
        } else {
            d.dateline = bindings.value("PLACE", "CITY", null) + " (" + agency + ") — ";
        }
    }

    /** Keeps the first paragraphs (at least three, 50–85% of them). */
    static void truncate(Draft d, SplittableRandom r) {
        int n = d.paragraphs.size();
        int keep = Math.max(3, (int) Math.ceil(n * (0.5 + 0.35 * r.nextDouble())));
        while (d.paragraphs.size() > keep) {
            d.paragraphs.remove(d.paragraphs.size() - 1);
        }
    }

    /** Adds what outlets' CMSs put around wire copy: bylines, image credits, ALSO READ links, footers. */
    private void boilerplate(Draft d, Vocabulary.Outlet outlet, String agency, SplittableRandom r) {
        if (r.nextDouble() < 0.5) {
            String byline = r.nextBoolean()
                    ? "By " + Vocabulary.pick(r, r.nextBoolean() ? vocabulary.femaleNames : vocabulary.maleNames) + " "
                    + Vocabulary.pick(r, vocabulary.lastNames)
                    : outlet.name() + " " + (r.nextBoolean() ? "Desk" : "Staff") + " | " + bindings.value("DATE", "", null);
            d.paragraphs.add(0, new ArrayList<>(List.of(Draft.Sentence.boiler(byline))));
        }
        if (r.nextDouble() < 0.5) {
            String credit = Vocabulary.pick(r, vocabulary.imageSources).replace("{AGENCY}", agency);
            d.paragraphs.add(Math.min(1, d.paragraphs.size()), new ArrayList<>(List.of(Draft.Sentence.boiler(credit))));
        }
        if (d.paragraphs.size() > 4 && r.nextDouble() < 0.7) {
            String line = "ALSO READ | " + Vocabulary.pick(r, vocabulary.alsoRead);
            d.paragraphs.add(2 + r.nextInt(d.paragraphs.size() - 3), new ArrayList<>(List.of(Draft.Sentence.boiler(line))));
        }
        if (r.nextDouble() < 0.4) {
            d.paragraphs.add(new ArrayList<>(List.of(Draft.Sentence.boiler(
                    "Read more: " + Vocabulary.pick(r, vocabulary.readMore)))));
        }
        if (r.nextDouble() < 0.5) {
            d.paragraphs.add(new ArrayList<>(List.of(Draft.Sentence.boiler(
                    Vocabulary.pick(r, vocabulary.footers).replace("{AGENCY}", agency)))));
        }
    }

    /** Removes a share of the sentences, never the lead. */
    private static void drop(Draft d, double share, SplittableRandom r) {
        boolean lead = true;
        for (List<Draft.Sentence> p : d.paragraphs) {
            for (int i = 0; i < p.size(); i++) {
                if (lead) {
                    lead = false;
                    continue;
                }
                if (!p.get(i).boilerplate() && r.nextDouble() < share) {
                    p.remove(i--);
                }
            }
        }
        d.paragraphs.removeIf(List::isEmpty);
    }

    private void substitute(Draft d, double p, SplittableRandom r) {
        for (List<Draft.Sentence> para : d.paragraphs) {
            para.replaceAll(s -> s.boilerplate() ? s : s.withText(synonyms.apply(s.text(), p, r)));
        }
    }

    private static void reorder(Draft d, double share, SplittableRandom r) {
        for (List<Draft.Sentence> para : d.paragraphs) {
            para.replaceAll(s -> s.boilerplate() || r.nextDouble() >= share ? s : reordered(s, r));
        }
    }

    /** The sentence with its clauses in another order, or unchanged when no rule applies. */
    static Draft.Sentence reordered(Draft.Sentence s, SplittableRandom r) {
        if (!s.alternatives().isEmpty()) {
            return s.withText(s.alternatives().get(r.nextInt(s.alternatives().size())));
        }
        String t = s.text();
        Matcher m = LEADING_ADVERBIAL.matcher(t);
        if (m.matches()) {
            return s.withText(Text.capitalize(m.group(3)) + " " + Character.toLowerCase(m.group(1).charAt(0))
                    + m.group(1).substring(1) + " " + m.group(2) + ".");
        }
        m = TRAILING_SOURCE.matcher(t);
        if (m.matches()) {
            return s.withText(Text.capitalize(m.group(2)) + ", " + Text.decapitalize(m.group(1)) + ".");
        }
        m = TRAILING_SAID.matcher(t);
        if (m.matches()) {
            return s.withText(Text.capitalize(m.group(2)) + " " + m.group(3) + " " + Text.decapitalize(m.group(1)) + ".");
        }
        m = SUBORDINATE.matcher(t);
        if (m.matches()) {
            return s.withText(Text.capitalize(m.group(2)) + " " + m.group(3) + ", " + Text.decapitalize(m.group(1)) + ".");
        }
        return s;
    }

    /** Joins pairs of neighbouring plain sentences into one. */
    private static List<Draft.Sentence> merge(List<Draft.Sentence> in, double share, SplittableRandom r) {
        List<Draft.Sentence> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Draft.Sentence a = in.get(i);
            if (i + 1 < in.size() && mergeable(a) && mergeable(in.get(i + 1)) && r.nextDouble() < share) {
                Draft.Sentence b = in.get(++i);
                String joined = Text.stripFinalPeriod(a.text()) + JOINERS[r.nextInt(JOINERS.length)]
                        + Text.decapitalize(b.text());
                out.add(Draft.Sentence.plain(joined));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean mergeable(Draft.Sentence s) {
        return s.quote() == null && !s.boilerplate() && s.text().endsWith(".") && s.text().length() < 180;
    }

    private String heavyHeadline(SplittableRandom r) {
        Bindings.Context ctx = new Bindings.Context(r, bindings);
        String h = Text.stripFinalPeriod(Vocabulary.pick(r, topic.headlines()).expand(ctx));
        return synonyms.apply(h, 0.8, r);
    }

    private void intro(Draft d, SplittableRandom r) {
        List<Template> pool = topic.intros().isEmpty() || r.nextBoolean() ? generic.intros() : topic.intros();
        if (pool.isEmpty()) {
            return;
        }
        Bindings.Context ctx = new Bindings.Context(r, bindings);
        Draft.Sentence s = Draft.Sentence.plain(Vocabulary.pick(r, pool).expand(ctx));
        int at = firstContentParagraph(d);
        if (r.nextDouble() < 0.6) {
            d.paragraphs.add(at, new ArrayList<>(List.of(s)));
        } else {
            d.paragraphs.get(Math.min(at, d.paragraphs.size() - 1)).add(s);
        }
    }

    private static int firstContentParagraph(Draft d) {
        for (int i = 0; i < d.paragraphs.size(); i++) {
            if (!d.paragraphs.get(i).isEmpty() && !d.paragraphs.get(i).get(0).boilerplate()) {
                return i;
            }
        }
        return 0;
    }
}
