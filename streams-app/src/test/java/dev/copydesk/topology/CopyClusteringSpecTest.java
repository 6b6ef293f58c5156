package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import org.junit.jupiter.api.Test;

/** What copydesk promises about copy clusters, on the real topology (TopologyTestDriver). */
class CopyClusteringSpecTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");

    static Article wire() {
        return article("wire-1", "afp.example", T0, "Valmora dock workers strike", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1));
    }

    @Test
    void aRewrittenCopyJoinsTheClusterOfItsOriginal() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(wire());
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));

            AnnotatedArticle a = f.annotations.get("outlet-1");
            assertThat(a.getClusterId()).isEqualTo("wire-1");
            assertThat(a.getCanonicalId()).isEqualTo("wire-1");
            assertThat(a.getUnique()).isFalse();
            assertThat(a.getLinkedTo()).containsExactly("wire-1");
            assertThat(a.getCopyShare()).isGreaterThan(0.5);
            assertThat(f.annotations.get("wire-1").getUnique()).isTrue();
            f.settle();
            assertThat(f.uniqueIds).containsExactly("wire-1");
            StoryCluster c = f.clusters.get("wire-1");
            assertThat(c.getMembers()).extracting(m -> m.getArticleId()).containsExactly("wire-1", "outlet-1");
            assertThat(c.getSourcesCount()).isEqualTo(2);
            assertThat(c.getCanonicalTitle()).isEqualTo("Valmora dock workers strike");
        }
    }

    /**
     * Input that comes in a burst (a catch-up, a replay) is processed partition by partition, so a copy can be decided
     * before its original reaches the index, and come out unique. The hold before articles.unique
     * (copydesk.unique.hold) lets the original's late pairs make it a copy first: only the original is published.
     */
    @Test
    void aCopyDecidedBeforeItsOriginalInABurstStaysOffTheUniqueStream() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendInBurst(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            assertThat(f.annotations.get("outlet-1").getUnique()).as("decided before the original came").isTrue();
            f.sendInBurst(wire());
            f.settle();
            assertThat(f.clusterOf("outlet-1")).isEqualTo("wire-1");
            assertThat(f.uniqueIds).containsExactly("wire-1");
        }
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.UNIQUE_HOLD, "0s"))) {
            f.sendInBurst(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            f.sendInBurst(wire());
            assertThat(f.clusterOf("outlet-1")).isEqualTo("wire-1");
            assertThat(f.uniqueIds).as("without a hold, the copy went out when it was decided").containsExactly("outlet-1", "wire-1");
        }
    }

    @Test
    void theEvidencePointsAtTheAlignedPassagesInOrder() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(wire());
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike", WireTexts.portStrikeRewrite()));
            assertThat(f.evidences).hasSize(1);
            CopyEvidence e = f.evidences.get(0);
            assertThat(e.getArticleId()).isEqualTo("outlet-1");
            assertThat(e.getLinkedArticleId()).isEqualTo("wire-1");
            assertThat(e.getMatchedPassages()).isGreaterThanOrEqualTo(5).isEqualTo(e.getAlignments().size());
            e.getAlignments().forEach(al -> {
                assertThat(al.getEnd()).isGreaterThan(al.getStart());
                assertThat(al.getLinkedEnd()).isGreaterThan(al.getLinkedStart());
                assertThat(al.getSimilarity()).isBetween(0.0, 1.0);
            });
        }
    }

    @Test
    void anUnrelatedReportOfTheSameEventDoesNotJoin() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(wire());
            f.send(article("other-wire", "ap.example", T0.plusSeconds(600), "Strike halts Valmora grain exports", WireTexts.portStrikeOtherWire()));
            AnnotatedArticle a = f.annotations.get("other-wire");
            assertThat(a.getClusterId()).isEqualTo("other-wire");
            assertThat(a.getUnique()).isTrue();
            f.settle();
            assertThat(f.uniqueIds).containsExactly("wire-1", "other-wire");
            assertThat(f.evidences).isEmpty();
        }
    }

    @Test
    void aShortArticleMadeOfWireCopyJoinsTheLongOne() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(wire());
            String brief = String.join(" ", WireTexts.PORT_STRIKE.subList(0, 3));
            f.send(article("brief", "radio.example", T0.plusSeconds(900), "Valmora strike", brief));
            assertThat(f.annotations.get("brief").getClusterId()).isEqualTo("wire-1");
            assertThat(f.annotations.get("brief").getCopyShare()).isGreaterThan(0.9);
        }
    }

    @Test
    void reParagraphedCopyMatches() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(wire()); // one sentence per paragraph
            f.send(article("merged", "weekly.example", T0.plusSeconds(3600), "Valmora", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 4)));
            AnnotatedArticle a = f.annotations.get("merged");
            assertThat(a.getClusterId()).isEqualTo("wire-1");
            assertThat(a.getMatchedPassages()).isEqualTo(a.getPassages());
        }
    }

    @Test
    void aBridgingArticleMergesTwoClustersAndTheAbsorbedOneIsAnnounced() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(wire());
            f.send(article("solar", "reuters.example", T0.plusSeconds(60), "Estarra approves solar farm", WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 2)));
            assertThat(f.clusterOf("wire-1")).isEqualTo("wire-1");
            assertThat(f.clusterOf("solar")).isEqualTo("solar");
            // a round-up that carries both wires' copy
            List<String> both = new ArrayList<>(WireTexts.PORT_STRIKE.subList(0, 6));
            both.addAll(WireTexts.SOLAR_PLANT.subList(0, 6));
            f.send(article("roundup", "digest.example", T0.plusSeconds(7200), "Morning digest", WireTexts.paragraphs(both, 3)));

            assertThat(f.annotations.get("roundup").getLinkedTo()).containsExactlyInAnyOrder("wire-1", "solar");
            assertThat(f.clusterOf("solar")).isEqualTo("wire-1");
            assertThat(f.clusterOf("roundup")).isEqualTo("wire-1");
            StoryCluster absorbed = f.clusters.get("solar");
            assertThat(absorbed.getAbsorbedInto()).isEqualTo("wire-1");
            assertThat(absorbed.getMembers()).isEmpty();
            assertThat(f.storyUpdates).anySatisfy(u -> {
                assertThat(u.getClusterId()).isEqualTo("wire-1");
                assertThat(u.getAbsorbed()).containsExactly("solar");
            });
            assertThat(f.clusters.get("wire-1").getMembers()).extracting(m -> m.getArticleId())
                    .containsExactly("wire-1", "solar", "roundup");
        }
    }

    @Test
    void stateOlderThanTheRetentionWindowIsGoneAndNoLongerMatches() {
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.RETENTION, "2d"))) {
            f.send(wire());
            // within the window: matches
            f.send(article("day1", "a.example", T0.plus(Duration.ofDays(1)), "Strike", WireTexts.portStrikeRewrite()));
            assertThat(f.annotations.get("day1").getClusterId()).isEqualTo("wire-1");
            // advance event time far beyond the window with unrelated traffic
            f.send(article("later", "b.example", T0.plus(Duration.ofDays(9)), "Solar", WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 3)));
            f.send(article("day10", "c.example", T0.plus(Duration.ofDays(10)), "Strike again", WireTexts.portStrikeRewrite()));
            AnnotatedArticle late = f.annotations.get("day10");
            assertThat(late.getUnique()).isTrue();
            assertThat(late.getClusterId()).isEqualTo("day10");
            // the expired stores hold nothing of the old articles any more
            var clusters = f.driver.<String, StoryCluster>getKeyValueStore(CopydeskTopology.CLUSTER_STORE);
            assertThat(clusters.get("wire-1")).isNull();
            var articleState = f.driver.getKeyValueStore(CopydeskTopology.ARTICLE_STATE_STORE);
            assertThat(articleState.get("wire-1")).isNull();
            assertThat(articleState.get("day1")).isNull();
        }
    }
}
