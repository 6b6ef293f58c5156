package dev.copydesk.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes an original report of an event from its topic's templates. Templates used by one report are recorded
 * in {@code used}, so that a second, independent report of the same event (a hard negative) is written from
 * other templates and shares no sentence with the first except, when asked, one quoted statement.
 */
final class StoryWriter {
    /** Chance that a plain sentence is joined onto the plain sentence before it. */
    private static final double COMPOUND_SHARE = 0.3;
    private static final String[] JOINERS = {", while ", "; ", ", and ", " — "};

    private final Topics.Topic topic;
    private final Topics.Topic generic;
    private final Bindings bindings;
    private final Set<Object> used;

    StoryWriter(Topics.Topic topic, Topics.Topic generic, Bindings bindings, Set<Object> used) {
        this.topic = topic;
        this.generic = generic;
        this.bindings = bindings;
        this.used = used;
    }

    /**
     * Writes one report.
     *
     * @param targetChars  stop adding sentences once the body is this long (and has {@code minSentences})
     * @param minSentences fewest sentences, unless the templates run out
     * @param maxSentences hard cap on sentences
     * @param poolShare    share of each still-unused template pool this report may draw from (leaving the rest
     *                     for later independent reports of the same event)
     * @param sharedQuote  a quoted statement (from another report) to include, or null
     * @param reporter     who the quotes were told to in the {@code told X} form (agency or outlet name)
     */
    Draft write(SplittableRandom r, String dateline, int targetChars, int minSentences, int maxSentences,
                double poolShare, String sharedQuote, String reporter) {
        Bindings.Context ctx = new Bindings.Context(r, bindings);
        Template headline = take(r, topic.headlines());
        Template lead = take(r, topic.leads());
        if (lead == null) {
            lead = take(r, topic.bodies());
        }
        List<Draft.Sentence> sentences = new ArrayList<>();
        String headlineText = Text.stripFinalPeriod(headline == null
                ? Vocabulary.pick(r, topic.headlines()).expand(ctx) : headline.expand(ctx));
        int chars = 0;
        if (lead != null) {
            sentences.add(Draft.Sentence.plain(lead.expand(ctx)));
            chars += sentences.get(0).text().length();
        }
        List<Template> bodies = share(unused(r, topic.bodies()), poolShare);
        List<Topics.Quote> quotes = share(unusedQuotes(r, topic.quotes()), poolShare);
        List<Template> generics = share(unused(r, generic.bodies()), poolShare);
        List<Topics.Quote> genericQuotes = share(unusedQuotes(r, generic.quotes()), poolShare);
        int sharedAt = sharedQuote == null ? -1 : 2 + r.nextInt(4);
        while (sentences.size() < maxSentences && (chars < targetChars || sentences.size() < minSentences)) {
            Draft.Sentence next;
            if (sentences.size() == sharedAt) {
                Bindings.Value speaker = speakerOf(sharedQuote);
                next = quoteSentence(r, ctx, sharedQuote, speaker, reporter);
            } else {
                next = nextSentence(r, ctx, sentences.size(), bodies, quotes, generics, genericQuotes, reporter);
            }
            if (next == null) {
                break;
            }
            chars += next.text().length() + 1;
            int last = sentences.size() - 1;
            if (last > 0 && joinable(sentences.get(last)) && joinable(next) && r.nextDouble() < COMPOUND_SHARE) {
                // agency copy runs to long sentences: join two facts into one
                String joined = Text.stripFinalPeriod(sentences.get(last).text()) + JOINERS[r.nextInt(JOINERS.length)]
                        + Text.decapitalize(next.text());
                sentences.set(last, Draft.Sentence.plain(joined));
            } else {
                sentences.add(next);
            }
        }
        return new Draft(headlineText, dateline, paragraphs(r, sentences));
    }

    private static boolean joinable(Draft.Sentence s) {
        return s.quote() == null && s.text().endsWith(".") && s.text().length() < 170;
    }

    /** The quoted statements ({@code "SLOT\0text"}) of a finished draft, to share one with an independent report. */
    static List<String> quotes(Draft d) {
        List<String> q = new ArrayList<>();
        for (Draft.Sentence s : d.sentences()) {
            if (s.quote() != null) {
                q.add(s.quote());
            }
        }
        return q;
    }

    private Bindings.Value speakerOf(String quote) {
        // the shared statement keeps its speaker: recorded as "SLOT\u0000text"
        int sep = quote.indexOf('\u0000');
        return bindings.get(quote.substring(0, sep));
    }

    private Draft.Sentence nextSentence(SplittableRandom r, Bindings.Context ctx, int position, List<Template> bodies,
                                        List<Topics.Quote> quotes, List<Template> generics,
                                        List<Topics.Quote> genericQuotes, String reporter) {
        // topic-specific facts first, then a quote; generic background and reaction later in the story
        double roll = r.nextDouble();
        boolean early = position < 3;
        if (!quotes.isEmpty() && (position == 2 || (!early && roll < 0.25))) {
            return quote(r, ctx, quotes.remove(quotes.size() - 1), reporter);
        }
        if (!generics.isEmpty() && !early && roll < 0.55) {
            return Draft.Sentence.plain(generics.remove(generics.size() - 1).expand(ctx));
        }
        if (!bodies.isEmpty()) {
            return Draft.Sentence.plain(bodies.remove(bodies.size() - 1).expand(ctx));
        }
        if (!quotes.isEmpty()) {
            return quote(r, ctx, quotes.remove(quotes.size() - 1), reporter);
        }
        if (!generics.isEmpty()) {
            return Draft.Sentence.plain(generics.remove(generics.size() - 1).expand(ctx));
        }
        if (!genericQuotes.isEmpty()) {
            return quote(r, ctx, genericQuotes.remove(genericQuotes.size() - 1), reporter);
        }
        return null;
    }

    private Draft.Sentence quote(SplittableRandom r, Bindings.Context ctx, Topics.Quote q, String reporter) {
        String statement = q.speaker() + '\u0000' + q.text().expand(ctx);
        return quoteSentence(r, ctx, statement, bindings.get(q.speaker()), reporter);
    }

    /** A sentence quoting {@code statement} ("SLOT\0text"), in a random attribution form; the others are kept as alternatives. */
    private static Draft.Sentence quoteSentence(SplittableRandom r, Bindings.Context ctx, String statement,
                                                Bindings.Value speaker, String reporter) {
        String q = statement.substring(statement.indexOf('\u0000') + 1);
        String ref = speaker.part("ref", ctx);
        String last = speaker instanceof Bindings.Person p ? p.last() : ref;
        boolean asks = q.endsWith("?") || q.endsWith("!");
        String inner = asks ? q : Text.stripFinalPeriod(q) + ",";
        List<String> forms = new ArrayList<>(List.of(
                "“" + inner + "” " + ref + " said.",
                ref + " said: “" + q + "”",
                "“" + inner + "” said " + ref + ".",
                ref + " told " + reporter + ": “" + q + "”",
                "“" + inner + "” " + ref + " told reporters."));
        if (!ref.equals(last)) {
            // first mention: keep the full title in every form
            forms.remove(2);
        }
        forms.replaceAll(Text::capitalize);
        String chosen = forms.remove(r.nextInt(forms.size()));
        String reported = reportedSpeech(q);
        String indirect = asks || reported == null ? null : Text.capitalize(ref) + " said " + (r.nextBoolean() ? "that " : "")
                + Text.decapitalize(Text.stripFinalPeriod(reported)) + ".";
        return new Draft.Sentence(chosen, List.copyOf(forms), indirect, statement, false);
    }

    private static final java.util.regex.Pattern FIRST_PERSON_SINGULAR =
            java.util.regex.Pattern.compile("\\b(I|I’m|I’ve|I’ll|my|My|me|Me)\\b");
    private static final java.util.regex.Pattern FIRST_PERSON_PLURAL =
            java.util.regex.Pattern.compile("\\b(we|We|our|Our|us|ours)\\b");

    /**
     * A statement turned into reported speech ("we" becomes "they"), or null when it speaks in the first person
     * singular (its verbs would need rewriting too).
     */
    static String reportedSpeech(String q) {
        if (FIRST_PERSON_SINGULAR.matcher(q).find()) {
            return null;
        }
        java.util.regex.Matcher m = FIRST_PERSON_PLURAL.matcher(q);
        StringBuilder out = new StringBuilder(q.length() + 8);
        while (m.find()) {
            String w = m.group(1);
            String they = w.equalsIgnoreCase("we") ? "they" : w.equalsIgnoreCase("our") ? "their"
                    : w.equals("us") ? "them" : "theirs";
            m.appendReplacement(out, m.start() == 0 ? Text.capitalize(they) : they);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Lead alone, then paragraphs of one or two sentences; quotes often stand alone (agency style). */
    private static List<List<Draft.Sentence>> paragraphs(SplittableRandom r, List<Draft.Sentence> sentences) {
        List<List<Draft.Sentence>> ps = new ArrayList<>();
        int i = 0;
        while (i < sentences.size()) {
            List<Draft.Sentence> p = new ArrayList<>();
            p.add(sentences.get(i++));
            boolean alone = i == 1 || p.get(0).quote() != null && r.nextDouble() < 0.6;
            if (!alone && i < sentences.size() && r.nextDouble() < 0.45) {
                p.add(sentences.get(i++));
            }
            ps.add(p);
        }
        return ps;
    }

    private Template take(SplittableRandom r, List<Template> pool) {
        List<Template> free = unused(r, pool);
        if (free.isEmpty()) {
            return null;
        }
        Template t = free.get(0);
        used.add(t);
        return t;
    }

    /** Unused templates of {@code pool} in random order; marks them used (they are consumed from the end). */
    private List<Template> unused(SplittableRandom r, List<Template> pool) {
        List<Template> free = new ArrayList<>(pool.size());
        for (Template t : pool) {
            if (!used.contains(t)) {
                free.add(t);
            }
        }
        shuffle(r, free);
        return new MarkingList<>(free, used);
    }

    private List<Topics.Quote> unusedQuotes(SplittableRandom r, List<Topics.Quote> pool) {
        List<Topics.Quote> free = new ArrayList<>(pool.size());
        for (Topics.Quote q : pool) {
            if (!used.contains(q)) {
                free.add(q);
            }
        }
        shuffle(r, free);
        return new MarkingList<>(free, used);
    }

    /** The first {@code share} of a shuffled pool (at least one element when the pool is not empty). */
    private static <T> List<T> share(List<T> pool, double share) {
        int keep = (int) Math.ceil(pool.size() * share);
        while (pool.size() > keep) {
            ((MarkingList<T>) pool).items.remove(pool.size() - 1);
        }
        return pool;
    }

    static <T> void shuffle(SplittableRandom r, List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** A list that records every element removed from it as used. */
    private static final class MarkingList<T> extends java.util.AbstractList<T> {
        private final List<T> items;
        private final Set<Object> used;

        MarkingList(List<T> items, Set<Object> used) {
            this.items = items;
            this.used = used;
        }

        @Override
        public T get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public T remove(int index) {
            T t = items.remove(index);
            used.add(t);
            return t;
        }
    }
}
