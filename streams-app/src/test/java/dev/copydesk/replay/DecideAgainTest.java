package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.topology.CopydeskTopology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sweep of a link-decision setting decides its later points again from the first point's index answers
 * ({@link OfflineRunner#decideAgain}): every output must equal that of the whole topology run with the point's settings,
 * in content and order, also on input out of time order, with an article sent again and one dead letter.
 */
class DecideAgainTest {
    /** A retention of an hour over 8 hours of articles: states expire during the run. */
    static final Settings BASE = Settings.defaults().with(Settings.STORE_TYPE, "memory").with(Settings.INDEX_SHARDS, "1")
            .with(Settings.RETENTION, "1h");
    static List<Article> articles;

    @BeforeAll
    static void articles() {
        List<Article> generated = new WireStoryGenerator(5L).generate(500, Instant.parse("2026-04-01T00:00:00Z"),
                Duration.ofHours(8)).articles();
        List<Article> in = new ArrayList<>(generated);
        // out of time order: each block of 7 reversed, so that copies often reach the index before their original
        // (late pairs, decisions taken again)
        for (int i = 0; i + 7 <= in.size(); i += 7) {
            java.util.Collections.reverse(in.subList(i, i + 7));
        }
        // an article sent again with another text (a second version), and an empty one (a dead letter) three hours ahead of
        // its neighbours: it moves stream time on, past the expiry of the first version's state, in the whole topology; a
        // run that decides again must see stream time move too
        Article again = Article.newBuilder(generated.get(280)).setBody(generated.get(281).getBody()).build();
        in.add(300, again);
        in.add(290, Article.newBuilder(generated.get(10)).setId("empty-1").setBody("")
                .setPublishedAt(generated.get(290).getPublishedAt().plus(Duration.ofHours(3))).build());
        articles = in;
    }

    @Test
    void everyDecisionSettingGivesTheOutputsOfTheWholeTopology() {
        List<Settings> points = List.of(
                BASE.with(Settings.LINK_MIN_SHARE, "0.6"),
                BASE.with(Settings.LINK_MIN_CHAIN, "6"),
                BASE.with(Settings.LINK_MIN_CHAIN, "2").with(Settings.LINK_MIN_SHARE, "0.1"),
                // the chance test matters when the share alone would not link: with the whole shorter article as the share
                BASE.with(Settings.LINK_MIN_SHARE, "1.0"),
                BASE.with(Settings.LINK_MIN_SHARE, "1.0").with(Settings.LINK_CHANCE_RATE, "0.3"),
                BASE.with(Settings.LINK_MIN_SHARE, "1.0").with(Settings.LINK_MAX_CHANCE, "0"),
                // thresholds the index applies too, raised: the recorded answers hold every pair they let through
                BASE.with(Settings.PASSAGE_THRESHOLD, "0.6"),
                BASE.with(Settings.PASSAGE_THRESHOLD, "0.75").with(Settings.LINK_MIN_SHARE, "0.5"),
                BASE.with(Settings.LINK_MIN_NAME_SHARE, "0.7"),
                BASE.with(Settings.UNIQUE_HOLD, "0s"),
                BASE.with(Settings.UNIQUE_HOLD, "30m"));
        OfflineRunner.Result base = OfflineRunner.run(articles, BASE, null);
        // the outputs of each point (evidence and unique), with the base's
        Map<List<Object>, List<String>> alike = new java.util.HashMap<>();
        alike.computeIfAbsent(List.of(base.evidence(), base.unique()), o -> new ArrayList<>()).add("base");
        try (OfflineRunner.Recorded recorded = OfflineRunner.runRecorded(articles, BASE, null)) {
            assertSame(recorded.result(), base, "the recording run itself");
            assertThat(recorded.logBytes()).isPositive();
            for (Settings point : points) {
                OfflineRunner.Result whole = OfflineRunner.run(articles, point, null);
                OfflineRunner.Result again = OfflineRunner.decideAgain(recorded, point, null);
                assertSame(again, whole, OfflineRunner.differences(BASE, point).toString());
                alike.computeIfAbsent(List.of(whole.evidence(), whole.unique()), o -> new ArrayList<>())
                        .add(OfflineRunner.differences(BASE, point).toString() + " " + point.get(Settings.UNIQUE_HOLD));
            }
        }
        // the points are not all alike: the comparison above compares outputs that the settings change
        // (measured: 11 distinct among the 12)
        assertThat(alike).as("the base's and the points' outputs, grouped when alike").hasSizeGreaterThanOrEqualTo(10);
        assertThat(base.deadLetters()).hasSize(1);
        assertThat(base.evidence()).hasSizeGreaterThan(100);
    }

    @Test
    void aSettingReadBeforeTheDecisionOrALowerThresholdIsRefused() {
        List<Article> few = articles.subList(0, 20);
        try (OfflineRunner.Recorded recorded = OfflineRunner.runRecorded(few, BASE, null)) {
            Map<String, String> refused = Map.of(Settings.BUCKET_LIMIT, "3", Settings.RETENTION, "2h",
                    Settings.MAX_BODY_BYTES, "1000", Settings.PASSAGE_THRESHOLD, "0.4", Settings.LINK_MIN_NAME_SHARE, "0.3");
            refused.forEach((key, value) -> assertThatThrownBy(() -> OfflineRunner.decideAgain(recorded, BASE.with(key, value), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(key));
            assertThat(CopydeskTopology.DECISION_SETTINGS).doesNotContainAnyElementsOf(refused.keySet());
        }
    }

    /**
     * A stricter filter than the recording's leaves out index answers the recording holds: not only pairs but whole records
     * (late pairs for an article that was indexed before). The aggregator acts on the arrival of a record too: one for an
     * article whose decided state has expired, but not been dropped yet, ends its hold there and then. Here a dead letter
     * three hours ahead moves stream time past the expiry of the articles after it, which wait in their hold (the wall
     * clock stands still), and an older copy of the last one comes after it, with names changed: its late pairs reach the
     * index's answers under a low min name share, not under a high one.
     */
    @Test
    void aStricterFilterDecidesAsIfTheIndexHadNotSentWhatItLeavesOut() {
        Settings base = BASE.with(Settings.LINK_MIN_NAME_SHARE, "0.1");
        Settings strict = BASE.with(Settings.LINK_MIN_NAME_SHARE, "0.99");
        List<Article> g = new WireStoryGenerator(5L).generate(5, Instant.parse("2026-04-01T00:00:00Z"), Duration.ofHours(1))
                .articles();
        Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
        Article copied = g.get(1);
        List<Article> in = List.of(
                Article.newBuilder(g.get(3)).setId("d-dead").setBody("").setPublishedAt(t0.plus(Duration.ofHours(3))).build(),
                Article.newBuilder(g.get(4)).setId("a-unique").setPublishedAt(t0.plus(Duration.ofMinutes(50))).build(),
                Article.newBuilder(copied).setId("c-newer").setBody(copied.getBody().replace("Garcia", "Brennan"))
                        .setPublishedAt(t0.plus(Duration.ofMinutes(55))).build(),
                Article.newBuilder(copied).setId("b-older").setPublishedAt(t0.plus(Duration.ofMinutes(54))).build());
        try (OfflineRunner.Recorded recorded = OfflineRunner.runRecorded(in, base, null)) {
            assertSame(OfflineRunner.decideAgain(recorded, strict, null), OfflineRunner.run(in, strict, null), "min name share 0.99");
        }
        try (OfflineRunner.Recorded recorded = OfflineRunner.runRecorded(in, base.with(Settings.PASSAGE_THRESHOLD, "0.1"), null)) {
            Settings stricter = strict.with(Settings.PASSAGE_THRESHOLD, "0.1");
            assertSame(OfflineRunner.decideAgain(recorded, stricter, null), OfflineRunner.run(in, stricter, null),
                    "min name share 0.99, passage threshold 0.1");
        }
    }

    /**
     * A point decided again reports the dead letters of the steps before the link decision as the recorded run wrote them,
     * and those of the steps it runs again anew, under its own settings (before 2026-11-25, none of those was reported);
     * the recorded run's own from those steps are not reported a second time.
     */
    @Test
    void aPointDecidedAgainReportsTheDeadLettersOfTheStepsItRunsAgain() {
        long ts = Instant.parse("2026-04-01T00:00:00Z").toEpochMilli();
        DecisionLog log = DecisionLog.create();
        try (OfflineRunner.Recorded recorded = new OfflineRunner.Recorded(BASE, log, null)) {
            log.input(ts);
            // an answer without a key: the aggregator's store refuses it, a dead letter of the steps run again
            log.tap().event(null, answer(), ts, new org.apache.kafka.common.header.internals.RecordHeaders());
            log.deadLetter(deadLetter("validate", BASE.get(Settings.INPUT_TOPIC), ts));
            log.deadLetter(deadLetter("process:link-aggregator", "copydesk-offline-by-article-repartition", ts));
            log.deadLetter(deadLetter("process:candidate-index", "copydesk-offline-band-shards-repartition", ts));
            log.deadLetter(deadLetter("serialize:" + BASE.get(Settings.ANNOTATED_TOPIC), "copydesk-offline-cluster-events-repartition", ts));
            log.deadLetter(deadLetter("deserialize", "copydesk-offline-cluster-events-repartition", ts));
            OfflineRunner.Result r = OfflineRunner.decideAgain(recorded, BASE.with(Settings.LINK_MIN_SHARE, "0.5"), null);
            assertThat(r.deadLetters()).extracting(d -> d.getStage() + " " + d.getTopic()).containsExactly(
                    "process:link-aggregator copydesk-offline-article-events", // anew
                    "validate " + BASE.get(Settings.INPUT_TOPIC),
                    "process:candidate-index copydesk-offline-band-shards-repartition");
        }
    }

    /**
     * A point decided again reads the dead-letter topic only once something went to it: its topology has no sink there, and
     * the driver warned at each read of a topic it did not know, once per article (a line on stderr per article and point).
     */
    @Test
    void aPointDecidedAgainDoesNotWarnOncePerArticle() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try (OfflineRunner.Recorded recorded = OfflineRunner.runRecorded(articles.subList(0, 40), BASE, null)) {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                OfflineRunner.decideAgain(recorded, BASE.with(Settings.LINK_MIN_SHARE, "0.5"), null);
            } finally {
                System.setErr(stderr);
            }
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Unrecognized topic");
    }

    /** A decision log that cannot be read fails the point, with what: offline, no record read is the input's. */
    @Test
    void anUnreadableRecordFailsThePointDecidedAgain() {
        long ts = Instant.parse("2026-04-01T00:00:00Z").toEpochMilli();
        DecisionLog log = DecisionLog.create();
        try (OfflineRunner.Recorded recorded = new OfflineRunner.Recorded(BASE, log, null)) {
            log.input(ts);
            log.tap().event("a-1".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1, 2, 3}, ts,
                    new org.apache.kafka.common.header.internals.RecordHeaders());
            assertThatThrownBy(() -> OfflineRunner.decideAgain(recorded, BASE, null))
                    .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class)
                    .hasStackTraceContaining("cannot decode internal ArticleEvent");
        }
    }

    private static byte[] answer() {
        dev.copydesk.avro.internal.ArticleEvent e = dev.copydesk.avro.internal.ArticleEvent.newBuilder().setHeader(null)
                .setShardResult(dev.copydesk.avro.internal.ShardResult.newBuilder().setResponse(true).setVersion(1).setShard(0)
                        .setPairs(List.of()).build()).build();
        return dev.copydesk.topology.InternalSerde.of(dev.copydesk.avro.internal.ArticleEvent.class).serializer().serialize("t", e);
    }

    private static dev.copydesk.avro.DeadLetter deadLetter(String stage, String topic, long ts) {
        return dev.copydesk.avro.DeadLetter.newBuilder().setKey(null).setValue(null).setTopic(topic).setPartition(0)
                .setOffset(0).setTimestamp(Instant.ofEpochMilli(ts)).setStage(stage).setReason("test").setErrorClass(null).build();
    }

    /**
     * A write of the recording that fails (a disk full for a moment) fails the run at that article, with the directory to
     * change: the tap runs inside the topology, whose processing exception handler made a dead letter of the record (which
     * the aggregator then did not take) and went on, with a log missing it.
     */
    @Test
    void aFailedWriteOfTheRecordingFailsTheRun() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("copydesk-decisions-test-", ".bin");
        java.io.OutputStream disk = java.nio.file.Files.newOutputStream(file);
        long[] written = {0};
        boolean[] failed = {false};
        java.io.OutputStream full = new java.io.FilterOutputStream(disk) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (!failed[0] && written[0] + len > 200_000) {
                    failed[0] = true; // once: the next write goes through
                    throw new java.io.IOException("No space left on device");
                }
                written[0] += len;
                disk.write(b, off, len);
            }
        };
        long[] done = {0};
        assertThatThrownBy(() -> OfflineRunner.runRecorded(articles, BASE, n -> done[0] = n, new DecisionLog(file, full)))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("No space left on device").hasMessageContaining("-Djava.io.tmpdir");
        assertThat(failed[0]).isTrue();
        assertThat(done[0]).as("articles done when it failed").isLessThan(articles.size());
        assertThat(file).doesNotExist();
    }

    private static void assertSame(OfflineRunner.Result actual, OfflineRunner.Result expected, String what) {
        assertThat(List.copyOf(actual.annotated().entrySet())).as(what + ": annotated, in order")
                .isEqualTo(List.copyOf(expected.annotated().entrySet()));
        assertThat(actual.stories()).as(what + ": stories").isEqualTo(expected.stories());
        assertThat(actual.evidence()).as(what + ": evidence, in order").isEqualTo(expected.evidence());
        assertThat(actual.unique()).as(what + ": unique, in order").isEqualTo(expected.unique());
        assertThat(actual.deadLetters()).as(what + ": dead letters").isEqualTo(expected.deadLetters());
        assertThat(actual.finalClusters()).as(what + ": clusters").isEqualTo(expected.finalClusters());
        assertThat(Map.copyOf(actual.annotated())).isNotEmpty();
    }
}
