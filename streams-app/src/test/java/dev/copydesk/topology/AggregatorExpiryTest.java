package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.StoryCluster;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The link aggregator keeps an article's state two retention windows, as the index and cluster maintenance keep
 * theirs: it dropped it after one, so a late original one window behind stream time found its copy in the index but
 * its pairs reached no state and the link was lost, and an article sent again after a window was decided and
 * annotated twice (found in review).
 */
class AggregatorExpiryTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final Duration R = Duration.ofDays(3); // default copydesk.retention

    static String wire() {
        return WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);
    }

    static Article filler(String id, Instant at) {
        return article(id, "x.example", at, "Solar farm approved", WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 2));
    }

    /** Pipes without the fixture's map-based drain, so duplicates are visible. */
    static List<AnnotatedArticle> sendCounting(TopologyFixture f, Article a, List<String> uniques) {
        f.input.pipeInput(new TestRecord<>(a.getId(), a, a.getPublishedAt()));
        List<AnnotatedArticle> out = new ArrayList<>();
        f.annotated.readRecordsToList().forEach(r -> out.add(r.value()));
        f.passHold(); // past the hold before articles.unique
        f.unique.readRecordsToList().forEach(r -> uniques.add(r.key()));
        f.drain();
        return out;
    }

    @Test
    void articleTooShortToFingerprintIsAnnotatedOnceAndUnique() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> uniques = new ArrayList<>();
            List<AnnotatedArticle> ann = sendCounting(f, article("short-1", "s.example", T0, "", "Hi."), uniques);
            System.out.println("SHORT ann=" + ann + " uniques=" + uniques + " dlq=" + f.deadLetters);
            assertThat(ann).hasSize(1);
            assertThat(ann.get(0).getUnique()).isTrue();
            assertThat(uniques).containsExactly("short-1");
        }
    }

    /** Control: out of order, within the window, the late link is made. */
    @Test
    void controlLateOriginalLinksCopy() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", wire()));
            assertThat(f.evidences).extracting(e -> e.getArticleId() + "->" + e.getLinkedArticleId()).containsExactly("outlet-1->wire-1");
            assertThat(f.clusterOf("outlet-1")).isEqualTo("wire-1");
        }
    }

    /**
     * The index answers look-ups within two windows behind its newest article and ClusterMaintenance keeps clusters
     * two windows for exactly that reason; LinkAggregator drops a decided article's state after one window. A late
     * original one window behind stream time finds its copy in the index, but the copy's late pair is dropped.
     */
    @Test
    void lateOriginalOneWindowBehindStillLinksCopy() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            f.send(filler("other-1", T0.plus(R).plus(Duration.ofHours(2)))); // advances stream time: punctuation runs
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", wire()));
            f.evidences.forEach(e -> System.out.println("EVID " + e.getArticleId() + " -> " + e.getLinkedArticleId()));
            System.out.println("LATE uniques=" + f.uniqueIds + " outlet-cluster=" + f.clusterOf("outlet-1") + " wire-cluster=" + f.clusterOf("wire-1") + " annotated=" + f.annotations.keySet());
            assertThat(f.evidences).extracting(e -> e.getArticleId() + "->" + e.getLinkedArticleId()).containsExactly("outlet-1->wire-1");
            assertThat(f.clusterOf("outlet-1")).isEqualTo("wire-1");
        }
    }

    /** A copy resent (decided already) with a longer text; then its original arrives late. */
    @Test
    void resentCopyThenLateOriginalStillLinks() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            String longer = WireTexts.portStrikeRewrite() + "\n\n" + WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 1)
                    + "\n\n" + WireTexts.portStrikeOtherWire();
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(7200), "Dockers strike in Valmora", longer));
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", wire()));
            f.evidences.forEach(e -> System.out.println("EVID " + e.getArticleId() + " -> " + e.getLinkedArticleId() + " share=" + e.getShare()));
            for (StoryCluster s : f.storyUpdates) {
                System.out.println("STORY " + s.getClusterId() + " members=" + s.getMembers().stream().map(m -> m.getArticleId() + "@" + m.getPublishedAt()).toList());
            }
            assertThat(f.evidences).extracting(e -> e.getArticleId() + "->" + e.getLinkedArticleId()).containsExactly("outlet-1->wire-1");
        }
    }

    /** Resent (same text, same time) after its aggregator state expired but while the index still holds it. */
    @Test
    void resentAfterStateExpiryIsNotAnnotatedTwice() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> uniques = new ArrayList<>();
            Article w = article("wire-1", "afp.example", T0, "Valmora dock workers strike", wire());
            List<AnnotatedArticle> ann = new ArrayList<>(sendCounting(f, w, uniques));
            ann.addAll(sendCounting(f, filler("other-1", T0.plus(R).plus(Duration.ofHours(2))), uniques));
            ann.addAll(sendCounting(f, w, uniques));
            System.out.println("ANN " + ann.stream().map(AnnotatedArticle::getId).toList() + " uniques=" + uniques);
            assertThat(ann).extracting(AnnotatedArticle::getId).containsOnlyOnce("wire-1");
            assertThat(uniques).containsOnlyOnce("wire-1");
        }
    }
}
