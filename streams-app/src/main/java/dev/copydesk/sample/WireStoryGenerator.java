package dev.copydesk.sample;

import dev.copydesk.archive.ArchiveWriter;
import dev.copydesk.avro.Article;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Generates labelled news for tests, demos and benchmarks, deterministically from a seed and with no external
 * data: agency (AFP/AP/Reuters-style) wire stories written from topic templates, outlet rewrites of them at
 * labelled difficulties ({@code light, medium, heavy, short}, see {@link Rewriter}), independent reports of the
 * same events that share at most one quoted statement with the wire story (hard negatives), and unrelated
 * stories. Each event is generated from its own seed, so output does not depend on how it is consumed or on
 * the parallelism used to write it (batches of events are written on the common fork-join pool);
 * {@link #stream} keeps only the articles of a few hours of event time in memory. Thread-safe.
 */
public final class WireStoryGenerator {

    /**
     * Shares of the generated articles. {@code rewrites}, {@code uniqueStories} and {@code hardNegatives} are
     * fractions of the article count; the wire stories that the rewrites copy make up the rest. The four
     * difficulty weights split the rewrites (they need not sum to 1).
     */
    public record Mix(double rewrites, double uniqueStories, double hardNegatives,
                      double light, double medium, double heavy, double shortCopies) {
        /** About half rewrites (3.3 per wire story on average), a quarter unique stories, a tenth hard negatives. */
        public static final Mix DEFAULT = new Mix(0.50, 0.25, 0.10, 0.35, 0.30, 0.20, 0.15);

        public Mix {
            if (rewrites < 0 || uniqueStories < 0 || hardNegatives < 0 || rewrites + uniqueStories + hardNegatives >= 1) {
                throw new IllegalArgumentException("shares must be >= 0 and sum to < 1 (wire stories take the rest)");
            }
            if (light < 0 || medium < 0 || heavy < 0 || shortCopies < 0 || light + medium + heavy + shortCopies <= 0) {
                throw new IllegalArgumentException("difficulty weights must be >= 0 and not all 0");
            }
        }

        /** A mix with the default difficulty weights. */
        public static Mix of(double rewrites, double uniqueStories, double hardNegatives) {
            return new Mix(rewrites, uniqueStories, hardNegatives, DEFAULT.light, DEFAULT.medium, DEFAULT.heavy,
                    DEFAULT.shortCopies);
        }
    }

    /** Bounds of {@link #withLength}. */
    public static final double MIN_LENGTH = 0.25;
    public static final double MAX_LENGTH = 4.0;
    private static final byte WIRE_UNIT = 0;
    private static final byte UNIQUE_UNIT = 1;
    private static final int MAX_HARD_NEGATIVES_PER_STORY = 2;
    /** Events generated together (in parallel) by the streaming iterator. */
    private static final int EVENT_BATCH = 64;
    private static final Comparator<LabelledArticle> BY_TIME = Comparator
            .comparing((LabelledArticle a) -> a.article().getPublishedAt())
            .thenComparing(LabelledArticle::id);

    private final long seed;
    private final Mix mix;
    private final double length;
    private final Vocabulary vocabulary = Vocabulary.get();
    private final Topics topics = Topics.get();
    private final Synonyms synonyms = Synonyms.get();

    public WireStoryGenerator(long seed) {
        this(seed, Mix.DEFAULT);
    }

    public WireStoryGenerator(long seed, Mix mix) {
        this(seed, mix, 1.0);
    }

    private WireStoryGenerator(long seed, Mix mix, double length) {
        String problem = lengthProblem(length);
        if (problem != null) {
            throw new IllegalArgumentException("length " + problem);
        }
        this.seed = seed;
        this.mix = mix;
        this.length = length;
    }

    /** What is wrong with a length factor ({@code "must be between 0.25 and 4.0, got 9.0"}), or null when it is in range. */
    public static String lengthProblem(double length) {
        return length >= MIN_LENGTH && length <= MAX_LENGTH ? null
                : "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + ", got " + length;
    }

    public WireStoryGenerator withMix(Mix newMix) {
        return new WireStoryGenerator(seed, newMix, length);
    }

    /**
     * The same generator with reports {@code length} times as long as by default (their target length and sentence caps;
     * rewrites follow their wire story). At 1 the output is that of the default; a topic's templates can run out
     * before a long target is reached, so the mean grows less than in proportion (see the README's "Sample data").
     */
    public WireStoryGenerator withLength(double newLength) {
        return new WireStoryGenerator(seed, mix, newLength);
    }

    public double length() {
        return length;
    }

    public Mix mix() {
        return mix;
    }

    /** Generates {@code articleCount} articles published within {@code [start, start + span]}, in memory. */
    public GeneratedCorpus generate(int articleCount, Instant start, Duration span) {
        try (Stream<LabelledArticle> s = stream(articleCount, start, span)) {
            return new GeneratedCorpus(s.collect(Collectors.toList()));
        }
    }

    /** The same articles as {@link #generate}, lazily, in publication order, in bounded memory. */
    public Stream<LabelledArticle> stream(int articleCount, Instant start, Duration span) {
        return StreamSupport.stream(Spliterators.spliterator(iterator(articleCount, start, span), articleCount,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }

    /** The same articles as {@link #generate}, lazily, in publication order. */
    public Iterator<LabelledArticle> iterator(int articleCount, Instant start, Duration span) {
        return new Emitter(new Plan(articleCount, start, span));
    }

    /**
     * Streams {@code articleCount} articles to a JSON Lines archive and their labels to {@code labels} (either may
     * be null to skip it) without holding the corpus in memory. Returns the number of articles written.
     */
    public long write(int articleCount, Instant start, Duration span, Path archive, Path labels) throws IOException {
        long n = 0;
        try (ArchiveWriter out = archive == null ? null : ArchiveWriter.open(archive);
             Writer labelOut = labels == null ? null : ArchiveWriter.openText(labels)) {
            Iterator<LabelledArticle> it = iterator(articleCount, start, span);
            while (it.hasNext()) {
                LabelledArticle a = it.next();
                if (out != null) {
                    out.write(a.article());
                }
                if (labelOut != null) {
                    GeneratedCorpus.writeLabel(labelOut, a);
                }
                n++;
            }
        }
        return n;
    }

    // ---- planning ----------------------------------------------------------------------------------------------

    /** How many of each kind, which event gets how many rewrites and hard negatives, and the time grid. */
    private final class Plan {
        final byte[] type;
        final int[] rewrites;
        final byte[] hardNegatives;
        final long startMillis;
        final long usableMillis;
        final long maxDelayMillis;
        final long earlyMillis;

        Plan(int count, Instant start, Duration span) {
            if (count < 0) {
                throw new IllegalArgumentException("articleCount must be >= 0");
            }
            if (span.isNegative()) {
                throw new IllegalArgumentException("span must not be negative");
            }
            SplittableRandom r = new SplittableRandom(seed);
            int nRewrite = (int) Math.round(count * mix.rewrites());
            int nHard = (int) Math.round(count * mix.hardNegatives());
            int nUnique = (int) Math.round(count * mix.uniqueStories());
            int nWire = count - nRewrite - nHard - nUnique;
            if (nWire < 1 && nRewrite + nHard > 0) {
                // tiny counts: rewrites and hard negatives need a wire story to copy or shadow
                int need = 1 - nWire;
                int fromUnique = Math.min(need, nUnique);
                nUnique -= fromUnique;
                need -= fromUnique;
                if (need > 0) {
                    if (nRewrite >= need) {
                        nRewrite -= need;
                    } else {
                        nHard -= need - nRewrite;
                        nRewrite = 0;
                    }
                }
                nWire = 1;
            }
            nWire = Math.max(nWire, 0);
            int units = nWire + nUnique;
            type = new byte[units];
            rewrites = new int[units];
            hardNegatives = new byte[units];
            for (int i = nWire; i < units; i++) {
                type[i] = UNIQUE_UNIT;
            }
            // every wire story gets a rewrite first, the rest fall at random
            for (int i = 0; i < nRewrite; i++) {
                rewrites[i < nWire ? i : r.nextInt(nWire)]++;
            }
            int hostCount = nWire > 0 ? nWire : units;
            int capacity = hostCount * MAX_HARD_NEGATIVES_PER_STORY;
            for (int i = 0; i < nHard; i++) {
                int host = r.nextInt(hostCount);
                while (i < capacity && hardNegatives[host] >= MAX_HARD_NEGATIVES_PER_STORY) {
                    host = r.nextInt(hostCount);
                }
                hardNegatives[host]++;
            }
            // interleave events of both types in time
            for (int i = units - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                byte t = type[i];
                type[i] = type[j];
                type[j] = t;
                int rw = rewrites[i];
                rewrites[i] = rewrites[j];
                rewrites[j] = rw;
                byte h = hardNegatives[i];
                hardNegatives[i] = hardNegatives[j];
                hardNegatives[j] = h;
            }
            long spanMillis = span.toMillis();
            maxDelayMillis = Math.max(Math.min(spanMillis / 4, Duration.ofHours(6).toMillis()), Duration.ofMinutes(2).toMillis());
            earlyMillis = Math.min(Duration.ofMinutes(30).toMillis(), maxDelayMillis / 4);
            usableMillis = Math.max(0, spanMillis - earlyMillis - maxDelayMillis);
            startMillis = start.toEpochMilli();
        }

        int units() {
            return type.length;
        }

        /** No article of event {@code k} or later is published before this time. */
        long lowerBound(int k) {
            return startMillis + (long) ((double) k / units() * usableMillis);
        }

        long wireTime(int k, SplittableRandom r) {
            return startMillis + earlyMillis + (long) ((k + r.nextDouble()) / units() * usableMillis);
        }
    }

    /** Generates events in time order and releases their articles once no later event can precede them. */
    private final class Emitter implements Iterator<LabelledArticle> {
        private final Plan plan;
        private final PriorityQueue<LabelledArticle> pending = new PriorityQueue<>(BY_TIME);
        private int nextUnit;

        Emitter(Plan plan) {
            this.plan = plan;
        }

        @Override
        public boolean hasNext() {
            while (nextUnit < plan.units()
                    && (pending.isEmpty() || pending.peek().article().getPublishedAt().toEpochMilli() >= plan.lowerBound(nextUnit))) {
                // events are independent (own seeds), so a batch is written in parallel; the output does not change
                int from = nextUnit;
                int to = Math.min(plan.units(), from + EVENT_BATCH);
                List<List<LabelledArticle>> batch = IntStream.range(from, to).parallel()
                        .mapToObj(k -> event(plan, k)).toList();
                batch.forEach(pending::addAll);
                nextUnit = to;
            }
            return !pending.isEmpty();
        }

        @Override
        public LabelledArticle next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }
    }

    // ---- one event ---------------------------------------------------------------------------------------------

    private List<LabelledArticle> event(Plan plan, int k) {
        SplittableRandom r = new SplittableRandom(mix64(seed ^ mix64(k + 0x9E3779B97F4A7C15L)));
        long wireMillis = plan.wireTime(k, r);
        Instant wireTime = Instant.ofEpochMilli(wireMillis);
        Topics.Topic topic = Vocabulary.pick(r, topics.topics);
        Bindings bindings = topic.bind(r, vocabulary, wireTime);
        Vocabulary.Agency agency = Vocabulary.pick(r, Vocabulary.AGENCIES);
        Set<Object> used = new HashSet<>();
        Topics.Topic generic = topics.genericFor(topic);
        StoryWriter writer = new StoryWriter(topic, generic, bindings, used);
        String number = Integer.toString(k);
        String storyId = "story-" + "0".repeat(Math.max(0, 6 - number.length())) + number;

        List<LabelledArticle> out = new ArrayList<>(1 + plan.rewrites[k] + plan.hardNegatives[k]);
        String dateline = r.nextDouble() < 0.85 ? dateline(agency, bindings) : null;
        int hardNegatives = plan.hardNegatives[k];
        // leave templates for the independent reports of this event
        double wireShare = hardNegatives == 0 ? 1.0 : hardNegatives == 1 ? 0.6 : 0.5;
        Draft wire = writer.write(r, dateline, scaled(2400) + r.nextInt(scaled(2400)), scaled(10), scaled(25), wireShare, null, agency.name());
        String wireId = newId(r);
        Article wireArticle = article(r, wire, wireId, agency.domain(), agency.name(), wireTime, "news", null,
                !agency.curlyQuotes());
        boolean isWire = plan.type[k] == WIRE_UNIT;
        out.add(new LabelledArticle(wireArticle, storyId, wireId,
                isWire ? LabelledArticle.Kind.WIRE : LabelledArticle.Kind.UNIQUE, LabelledArticle.Difficulty.NONE));

        List<Vocabulary.Outlet> outlets = new ArrayList<>(vocabulary.outlets);
        StoryWriter.shuffle(r, outlets);
        Rewriter rewriter = new Rewriter(vocabulary, synonyms, topic, generic, bindings);
        for (int i = 0; i < plan.rewrites[k]; i++) {
            Vocabulary.Outlet outlet = outlets.get(i % outlets.size());
            LabelledArticle.Difficulty difficulty = difficulty(r);
            Draft d;
            switch (difficulty) {
                case LIGHT: d = rewriter.light(wire, outlet, agency.name(), r); break;
                case MEDIUM: d = rewriter.medium(wire, outlet, agency.name(), r); break;
                case HEAVY: d = rewriter.heavy(wire, outlet, agency.name(), r); break;
                default: d = rewriter.shortVersion(wire, outlet, agency.name(), r); break;
            }
            Instant t = Instant.ofEpochMilli(wireMillis + delay(r, plan.maxDelayMillis));
            Article a = article(r, d, newId(r), outlet.domain(), outlet.creditsWire() ? agency.name() : null, t,
                    outlet.section(), outlet, outlet.straightQuotes() || !agency.curlyQuotes());
            out.add(new LabelledArticle(a, storyId, wireId, LabelledArticle.Kind.REWRITE, difficulty));
        }

        List<String> wireQuotes = StoryWriter.quotes(wire);
        for (int i = 0; i < hardNegatives; i++) {
            double share = i + 1 == hardNegatives ? 1.0 : 0.5;
            String shared = !wireQuotes.isEmpty() && r.nextBoolean() ? Vocabulary.pick(r, wireQuotes) : null;
            long offset = -plan.earlyMillis + (long) (r.nextDouble() * (plan.earlyMillis + plan.maxDelayMillis / 2));
            Instant t = Instant.ofEpochMilli(wireMillis + offset);
            String id = newId(r);
            Article a;
            if (r.nextBoolean()) {
                // another agency's own report
                Vocabulary.Agency other = Vocabulary.AGENCIES.get(
                        (Vocabulary.AGENCIES.indexOf(agency) + 1 + r.nextInt(Vocabulary.AGENCIES.size() - 1))
                                % Vocabulary.AGENCIES.size());
                Draft d = writer.write(r, dateline(other, bindings), scaled(1800) + r.nextInt(scaled(1800)), scaled(8), scaled(20), share, shared, other.name());
                a = article(r, d, id, other.domain(), other.name(), t, "news", null, !other.curlyQuotes());
            } else {
                // an outlet's correspondent
                Vocabulary.Outlet outlet = outlets.get((plan.rewrites[k] + i) % outlets.size());
                Draft d = writer.write(r, null, scaled(1800) + r.nextInt(scaled(1800)), scaled(8), scaled(20), share, shared, outlet.name());
                a = article(r, d, id, outlet.domain(), null, t, outlet.section(), outlet, outlet.straightQuotes());
            }
            out.add(new LabelledArticle(a, storyId, id, LabelledArticle.Kind.HARD_NEGATIVE, LabelledArticle.Difficulty.NONE));
        }
        return out;
    }

    /** {@code n} times the length factor, at least 1 (exactly {@code n} at the default). */
    private int scaled(int n) {
        return Math.max(1, (int) Math.round(n * length));
    }

    private LabelledArticle.Difficulty difficulty(SplittableRandom r) {
        double total = mix.light() + mix.medium() + mix.heavy() + mix.shortCopies();
        double x = r.nextDouble() * total;
        if ((x -= mix.light()) < 0) {
            return LabelledArticle.Difficulty.LIGHT;
        }
        if ((x -= mix.medium()) < 0) {
            return LabelledArticle.Difficulty.MEDIUM;
        }
        if (x - mix.heavy() < 0) {
            return LabelledArticle.Difficulty.HEAVY;
        }
        return LabelledArticle.Difficulty.SHORT;
    }

    /** Minutes to hours: log-uniform between one minute and {@code max}. */
    private static long delay(SplittableRandom r, long max) {
        double lo = Math.log(Math.min(60_000, max / 2.0));
        double hi = Math.log(max);
        return (long) Math.exp(lo + r.nextDouble() * (hi - lo));
    }

    private static String dateline(Vocabulary.Agency agency, Bindings b) {
        String city = b.value("PLACE", "CITY", null);
        if (agency.name().equals("Reuters")) {
            return city + ", " + b.value("DATE", "", null) + " (Reuters) - ";
        }
        return city + " (" + agency.name() + ") — ";
    }

    private static Article article(SplittableRandom r, Draft d, String id, String source, String wire, Instant time,
                                   String section, Vocabulary.Outlet outlet, boolean straightQuotes) {
        String separator = outlet != null && outlet.singleNewlines() ? "\n" : "\n\n";
        String body = d.render(separator);
        String title = d.headline;
        if (straightQuotes) {
            body = Text.straightQuotes(body);
            title = Text.straightQuotes(title);
        } else if (outlet != null && outlet.mojibake()) {
            body = Text.mojibake(body, r.nextBoolean());
            if (r.nextBoolean()) {
                title = Text.mojibake(title, false);
            }
        }
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        StringBuilder url = new StringBuilder(96).append("https://www.").append(source).append('/').append(section)
                .append('/').append(t.getYear()).append('/');
        pad2(url, t.getMonthValue()).append('/');
        pad2(url, t.getDayOfMonth()).append('/');
        slug(d.headline, url).append('-').append(id, 0, 8);
        return new Article(id, source, url.toString(), title, body, time, "en", wire);
    }

    private static StringBuilder pad2(StringBuilder out, int v) {
        return out.append(v < 10 ? "0" : "").append(v);
    }

    /** Appends up to eight lower-case words of {@code headline}, joined by hyphens. */
    private static StringBuilder slug(String headline, StringBuilder out) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < headline.length() && words <= 8; i++) {
            char c = Character.toLowerCase(headline.charAt(i));
            boolean keep = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (keep) {
                if (!inWord) {
                    if (++words > 8) {
                        break;
                    }
                    if (words > 1) {
                        out.append('-');
                    }
                }
                out.append(c);
            }
            inWord = keep;
        }
        return out;
    }

    private static String newId(SplittableRandom r) {
        String hex = Long.toHexString(r.nextLong());
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** Stafford variant 13 of the 64-bit finalizer (as in SplittableRandom). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
