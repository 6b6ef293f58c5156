package dev.copydesk.sample;

import dev.copydesk.archive.ArchiveReader;
import dev.copydesk.archive.ArticleJson;
import dev.copydesk.archive.Labels;
import dev.copydesk.avro.Article;
import dev.copydesk.sample.LabelledArticle.Difficulty;
import dev.copydesk.sample.LabelledArticle.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireStoryGeneratorTest {
    static final Instant START = Instant.parse("2024-06-17T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(2);
    static final int COUNT = 1500;

    static GeneratedCorpus corpus;
    static Map<String, LabelledArticle> originalByStory;

    @BeforeAll
    static void generate() {
        corpus = new WireStoryGenerator(42).generate(COUNT, START, SPAN);
        originalByStory = new HashMap<>();
        for (LabelledArticle a : corpus.labels()) {
            if (a.kind() == Kind.WIRE || a.kind() == Kind.UNIQUE) {
                assertThat(originalByStory.put(a.storyId(), a)).as("one original per story").isNull();
            }
        }
    }

    /** Ordinals in the sample text read as English: "in the 81th minute" was written (found by a fresh user). */
    @Test
    void minutesAreWrittenAsEnglishOrdinals() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 52, 63, 81, 89, 111, 112))
                .extracting(n -> n + Bindings.ordinalSuffix(n))
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "52nd", "63rd", "81st", "89th", "111th", "112th");
        java.util.regex.Pattern minute = java.util.regex.Pattern.compile("(\\d+)(st|nd|rd|th) minute");
        Set<String> seen = new java.util.TreeSet<>();
        for (Article a : corpus.articles()) {
            java.util.regex.Matcher m = minute.matcher(a.getTitle() + "\n" + a.getBody());
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                assertThat(m.group(2)).as(m.group()).isEqualTo(Bindings.ordinalSuffix(n));
                seen.add(m.group(2));
            }
        }
        assertThat(seen).as("suffixes met in the corpus").contains("st", "nd", "th");
    }

    @Test
    void sameSeedGivesIdenticalOutputAndOtherSeedsDiffer() {
        GeneratedCorpus again = new WireStoryGenerator(42).generate(COUNT, START, SPAN);
        assertThat(json(again)).isEqualTo(json(corpus));
        assertThat(again.labels()).extracting(LabelledArticle::storyId, LabelledArticle::copyClusterId,
                LabelledArticle::kind, LabelledArticle::difficulty).containsExactlyElementsOf(
                corpus.labels().stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.storyId(), a.copyClusterId(),
                        a.kind(), a.difficulty())).toList());

        GeneratedCorpus other = new WireStoryGenerator(43).generate(COUNT, START, SPAN);
        Set<String> bodies = corpus.articles().stream().map(Article::getBody).collect(Collectors.toSet());
        long shared = other.articles().stream().map(Article::getBody).filter(bodies::contains).count();
        assertThat(shared).isZero();
    }

    @Test
    void streamingGivesTheSameArticlesAsGenerate() {
        List<String> streamed = new WireStoryGenerator(42).stream(COUNT, START, SPAN)
                .map(a -> ArticleJson.toJson(a.article())).toList();
        assertThat(streamed).isEqualTo(json(corpus));
    }

    @Test
    void streamingIsLazy() {
        // a million articles would not fit in the test heap if the stream materialized them
        List<LabelledArticle> first = new WireStoryGenerator(3).stream(1_000_000, START, Duration.ofDays(60)).limit(200).toList();
        assertThat(first).hasSize(200);
        assertThat(first).extracting(a -> a.article().getPublishedAt()).isSorted()
                .allSatisfy(t -> assertThat(t).isBefore(START.plus(Duration.ofDays(1))));
    }

    @Test
    void countsFollowTheMix() {
        assertThat(corpus.size()).isEqualTo(COUNT);
        Map<Kind, Long> byKind = corpus.labels().stream().collect(Collectors.groupingBy(LabelledArticle::kind, Collectors.counting()));
        WireStoryGenerator.Mix mix = WireStoryGenerator.Mix.DEFAULT;
        assertThat(byKind.get(Kind.REWRITE)).isEqualTo(Math.round(COUNT * mix.rewrites()));
        assertThat(byKind.get(Kind.HARD_NEGATIVE)).isEqualTo(Math.round(COUNT * mix.hardNegatives()));
        assertThat(byKind.get(Kind.UNIQUE)).isEqualTo(Math.round(COUNT * mix.uniqueStories()));
        assertThat(byKind.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(COUNT);

        Map<Difficulty, Long> byDifficulty = corpus.labels().stream().filter(a -> a.kind() == Kind.REWRITE)
                .collect(Collectors.groupingBy(LabelledArticle::difficulty, Collectors.counting()));
        assertThat(byDifficulty.keySet()).containsExactlyInAnyOrder(Difficulty.LIGHT, Difficulty.MEDIUM, Difficulty.HEAVY, Difficulty.SHORT);
        double rewrites = byKind.get(Kind.REWRITE);
        assertThat(byDifficulty.get(Difficulty.LIGHT) / rewrites).isBetween(0.28, 0.42);
        assertThat(byDifficulty.get(Difficulty.HEAVY) / rewrites).isBetween(0.14, 0.26);

        WireStoryGenerator.Mix custom = WireStoryGenerator.Mix.of(0.3, 0.5, 0.0);
        GeneratedCorpus c = new WireStoryGenerator(1, custom).generate(400, START, SPAN);
        Map<Kind, Long> k = c.labels().stream().collect(Collectors.groupingBy(LabelledArticle::kind, Collectors.counting()));
        assertThat(k).containsEntry(Kind.REWRITE, 120L).containsEntry(Kind.UNIQUE, 200L).containsEntry(Kind.WIRE, 80L)
                .doesNotContainKey(Kind.HARD_NEGATIVE);

        for (int n : new int[] {0, 1, 2, 3, 7}) {
            assertThat(new WireStoryGenerator(5).generate(n, START, SPAN).size()).isEqualTo(n);
        }
        assertThatThrownBy(() -> WireStoryGenerator.Mix.of(0.6, 0.3, 0.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsTieRewritesToTheirWireStory() {
        Set<String> ids = new HashSet<>();
        for (LabelledArticle a : corpus.labels()) {
            assertThat(ids.add(a.id())).as("unique id %s", a.id()).isTrue();
            LabelledArticle original = originalByStory.get(a.storyId());
            assertThat(original).as("story of %s", a.id()).isNotNull();
            switch (a.kind()) {
                case REWRITE:
                    assertThat(original.kind()).isEqualTo(Kind.WIRE);
                    assertThat(a.copyClusterId()).isEqualTo(original.id());
                    assertThat(a.difficulty()).isNotEqualTo(Difficulty.NONE);
                    assertThat(a.article().getPublishedAt()).isAfter(original.article().getPublishedAt());
                    break;
                case HARD_NEGATIVE:
                case WIRE:
                case UNIQUE:
                    assertThat(a.copyClusterId()).isEqualTo(a.id());
                    assertThat(a.difficulty()).isEqualTo(Difficulty.NONE);
                    break;
                default:
                    throw new AssertionError(a.kind());
            }
        }
    }

    @Test
    void timestampsAreSortedAndWithinTheSpan() {
        Instant previous = Instant.MIN;
        for (Article a : corpus.articles()) {
            assertThat(a.getPublishedAt()).isAfterOrEqualTo(previous).isBetween(START, START.plus(SPAN));
            previous = a.getPublishedAt();
        }
        // stories are spread over the span, not bunched at the start
        long firstHalf = corpus.articles().stream().filter(a -> a.getPublishedAt().isBefore(START.plus(SPAN.dividedBy(2)))).count();
        assertThat((double) firstHalf / COUNT).isBetween(0.4, 0.6);
    }

    @Test
    void originalStoriesAreTwoToFiveKilobytesOfEightToTwentyFiveSentences() {
        List<Integer> sizes = new ArrayList<>();
        for (LabelledArticle a : originalByStory.values()) {
            String body = a.article().getBody();
            sizes.add(body.length());
            assertThat(body.length()).as(a.id()).isBetween(1500, 5500);
            assertThat(sentences(body).size()).as(a.id()).isBetween(8, 26);
            assertThat(a.article().getTitle()).isNotBlank().hasSizeLessThan(160);
        }
        double mean = sizes.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertThat(mean).isBetween(2000.0, 5000.0);
    }

    @Test
    void theLengthFactorMakesLongerReportsOfTheSameEventsAndOneChangesNothing() {
        assertThat(json(new WireStoryGenerator(42).withLength(1.0).generate(COUNT, START, SPAN))).isEqualTo(json(corpus));

        GeneratedCorpus longer = new WireStoryGenerator(42).withLength(2.0).generate(COUNT, START, SPAN);
        // the same events with the same articles of each kind (longer texts draw more random numbers, so the times
        // and the rewrites' difficulties differ)
        assertThat(longer.labels()).extracting(LabelledArticle::storyId, LabelledArticle::kind)
                .containsExactlyInAnyOrderElementsOf(corpus.labels().stream().map(a -> org.assertj.core.groups.Tuple.tuple(
                        a.storyId(), a.kind())).toList());
        double mean = meanBodyBytes(corpus);
        double meanLonger = meanBodyBytes(longer);
        // about 4 KB of body at 2 (a topic's templates run out before twice the length)
        assertThat(meanLonger).as("mean body bytes at 2 against %.0f at 1", mean).isBetween(1.35 * mean, 2.0 * mean);
        Map<String, Article> wireOf = new HashMap<>();
        longer.labels().stream().filter(a -> a.kind() == Kind.WIRE || a.kind() == Kind.UNIQUE)
                .forEach(a -> wireOf.put(a.storyId(), a.article()));
        int hardNegatives = 0;
        for (LabelledArticle a : longer.labels()) {
            if (a.kind() == Kind.HARD_NEGATIVE) { // still independent reports, however long the wire story
                Set<String> wire = new HashSet<>(sentences(normalize(wireOf.get(a.storyId()).getBody())));
                assertThat(sentences(normalize(a.article().getBody())).stream().filter(wire::contains).count())
                        .as(a.id()).isLessThanOrEqualTo(1);
                hardNegatives++;
            }
        }
        assertThat(hardNegatives).isGreaterThan(100);
        assertThatThrownBy(() -> new WireStoryGenerator(42).withLength(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length must be between");
    }

    private static double meanBodyBytes(GeneratedCorpus c) {
        return c.articles().stream().mapToInt(a -> a.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .average().orElse(0);
    }

    @Test
    void mediumAndHeavyRewritesAreReallyRewrittenButKeepNamesAndNumbers() {
        int checked = 0;
        for (LabelledArticle a : corpus.labels()) {
            if (a.kind() != Kind.REWRITE || (a.difficulty() != Difficulty.MEDIUM && a.difficulty() != Difficulty.HEAVY)) {
                continue;
            }
            Article wire = originalByStory.get(a.storyId()).article();
            String body = a.article().getBody();
            assertThat(jaccard(shingles(wire.getBody()), shingles(body))).as("3-gram Jaccard of %s", a.id()).isLessThan(0.9);
            // names and figures of the wire lead survive the rewrite
            Set<String> facts = keyFacts(sentences(normalize(wire.getBody())).get(0));
            Set<String> words = words(body);
            long kept = facts.stream().filter(words::contains).count();
            assertThat(kept).as("facts %s kept in %s", facts, a.id()).isGreaterThanOrEqualTo((long) Math.ceil(facts.size() * 0.8));
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void shortRewritesAreTheFirstSentencesOfTheWire() {
        int checked = 0;
        for (LabelledArticle a : corpus.labels()) {
            if (a.difficulty() != Difficulty.SHORT) {
                continue;
            }
            List<String> wire = sentences(normalize(originalByStory.get(a.storyId()).article().getBody()));
            List<String> mine = sentences(normalize(a.article().getBody())).stream().filter(wire::contains).toList();
            assertThat(mine.size()).as(a.id()).isBetween(3, 5);
            assertThat(mine).isEqualTo(wire.subList(0, mine.size()));
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void hardNegativesReportTheSameEventButShareAtMostOneSentence() {
        int checked = 0;
        int sharingAQuote = 0;
        for (LabelledArticle a : corpus.labels()) {
            if (a.kind() != Kind.HARD_NEGATIVE) {
                continue;
            }
            Article wire = originalByStory.get(a.storyId()).article();
            Set<String> wireSentences = new HashSet<>(sentences(normalize(wire.getBody())));
            long shared = sentences(normalize(a.article().getBody())).stream().filter(wireSentences::contains).count();
            assertThat(shared).as("sentences %s shares with its wire story", a.id()).isLessThanOrEqualTo(1);
            assertThat(jaccard(shingles(wire.getBody()), shingles(a.article().getBody()))).isLessThan(0.2);
            // same event: the people and places of the wire lead appear
            Set<String> facts = keyFacts(sentences(normalize(wire.getBody())).get(0));
            facts.removeIf(f -> Character.isDigit(f.charAt(0)));
            assertThat(facts.stream().filter(words(a.article().getBody())::contains).count()).as(a.id()).isPositive();
            Set<String> wireQuotes = quotes(wire.getBody());
            Set<String> myQuotes = quotes(a.article().getBody());
            myQuotes.retainAll(wireQuotes);
            assertThat(myQuotes).hasSizeLessThanOrEqualTo(1);
            sharingAQuote += myQuotes.size();
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(sharingAQuote).as("some hard negatives quote the same statement").isGreaterThan(checked / 5);
    }

    @Test
    void outletsAddNoiseTheDetectorMustNormalize() {
        List<String> rewrites = corpus.labels().stream().filter(a -> a.kind() == Kind.REWRITE)
                .map(a -> a.article().getBody()).toList();
        assertThat(rewrites).anyMatch(b -> b.contains("â€™") || b.contains("â€œ"));
        assertThat(rewrites).anyMatch(b -> b.contains("ALSO READ | "));
        assertThat(rewrites).anyMatch(b -> b.contains("Image Source: ") || b.contains("Photo: "));
        assertThat(corpus.articles()).anyMatch(a -> a.getBody().matches("(?s)^[A-Z .'-]+ \\((AFP|AP)\\) — .*"));
        assertThat(corpus.articles()).anyMatch(a -> a.getBody().matches("(?s)^[A-Z .'-]+, [A-Z][a-z]+ \\d+ \\(Reuters\\) - .*"));
        Set<String> sources = corpus.articles().stream().map(Article::getSource).collect(Collectors.toSet());
        assertThat(sources).hasSizeGreaterThan(15);
    }

    @Test
    void writesArchiveAndLabelsThatTheArchivePackageReads(@TempDir Path dir) throws IOException {
        GeneratedCorpus small = new WireStoryGenerator(9).generate(120, START, SPAN);
        Path archive = dir.resolve("sample.jsonl.gz");
        Path labels = dir.resolve("labels.jsonl");
        small.writeArchive(archive);
        small.writeLabels(labels);
        assertThat(ArchiveReader.readArticles(archive)).containsExactlyElementsOf(small.articles());
        Labels read = Labels.read(labels);
        for (LabelledArticle a : small.labels()) {
            assertThat(read.copyCluster()).containsEntry(a.id(), a.copyClusterId());
            assertThat(read.storyCluster()).containsEntry(a.id(), a.storyId());
        }

        Path streamedArchive = dir.resolve("streamed.jsonl");
        Path streamedLabels = dir.resolve("streamed-labels.jsonl");
        long n = new WireStoryGenerator(9).write(120, START, SPAN, streamedArchive, streamedLabels);
        assertThat(n).isEqualTo(120);
        assertThat(ArchiveReader.readArticles(streamedArchive)).containsExactlyElementsOf(small.articles());
        assertThat(java.nio.file.Files.readAllLines(streamedLabels)).isEqualTo(java.nio.file.Files.readAllLines(labels));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?][\"”’]?)\\s+|\\n+");
    private static final Pattern DATELINE = Pattern.compile("(?m)^[A-Z][A-Z .'-]+(, [A-Z][a-z]+ \\d+)? \\((AFP|AP|Reuters)\\) [—-] ");
    private static final Pattern QUOTE = Pattern.compile("[“\"]([^”\"]{20,})[”\"]");

    static List<String> json(GeneratedCorpus c) {
        return c.articles().stream().map(ArticleJson::toJson).toList();
    }

    /** Undo what outlets do to wire text that does not change a sentence: quote style and mojibake. */
    static String normalize(String s) {
        String repaired = s.replace("â€”", "—").replace("â€“", "–");
        return DATELINE.matcher(repaired).replaceAll("").replace("â€™", "’").replace("â€œ", "“").replace("â€\u009d", "”").replace("Â ", "")
                .replace('’', '\'').replace('“', '"').replace('”', '"');
    }

    static List<String> sentences(String body) {
        return Arrays.stream(SENTENCE_END.split(body)).map(String::strip).filter(s -> s.length() > 20).toList();
    }

    static Set<String> quotes(String body) {
        Set<String> q = new HashSet<>();
        Matcher m = QUOTE.matcher(normalize(body));
        while (m.find()) {
            q.add(m.group(1).replaceAll("[,.]$", ""));
        }
        return q;
    }

    static List<String> tokens(String text) {
        return Arrays.stream(text.split("[^\\p{L}\\p{N},]+|,(?!\\d)")).filter(t -> !t.isEmpty()).toList();
    }

    static Set<String> words(String text) {
        return new HashSet<>(tokens(text));
    }

    /** Numbers and capitalised words that are not sentence-initial: the names and figures of a sentence. */
    static Set<String> keyFacts(String sentence) {
        List<String> t = tokens(sentence);
        Set<String> facts = new HashSet<>();
        for (int i = 1; i < t.size(); i++) {
            String w = t.get(i);
            if (Character.isDigit(w.charAt(0)) || Character.isUpperCase(w.charAt(0)) && w.length() > 2) {
                facts.add(w);
            }
        }
        return facts;
    }

    static Set<String> shingles(String text) {
        List<String> w = tokens(normalize(text).toLowerCase(Locale.ROOT));
        Set<String> s = new HashSet<>();
        for (int i = 0; i + 3 <= w.size(); i++) {
            s.add(w.get(i) + ' ' + w.get(i + 1) + ' ' + w.get(i + 2));
        }
        return s;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        Set<String> inter = new HashSet<>(a);
        inter.retainAll(b);
        return (double) inter.size() / (a.size() + b.size() - inter.size());
    }
}
