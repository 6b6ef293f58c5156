package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.Settings;
import org.junit.jupiter.api.Test;

/**
 * The candidate index keeps articles for look-ups one window either side of an article, so an article that
 * arrives a little out of order still links to an original up to two windows behind stream time. Cluster state
 * used to expire after one window (lastSeen < streamTime - retention): the cluster was then recreated under the
 * original's id without the original as a member, with the copy as canonical and its version restarting at 1.
 * It now lives as long as the index can reach it. In order, the same articles give cluster wire-1 = {wire-1,
 * outlet-1}, canonical wire-1 (found in review).
 */
class ClusterExpiryOrderTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final Map<String, String> TWO_DAYS = Map.of(Settings.RETENTION, "2d");

    static Article wire() {
        return article("wire-1", "afp.example", T0, "Valmora dock workers strike", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1));
    }

    static Article copy() { // 47 h after the wire: inside the 2-day window of it
        return article("outlet-1", "daily.example", T0.plus(Duration.ofHours(47)), "Dockers strike in Valmora", WireTexts.portStrikeRewrite());
    }

    static Article unrelated() { // advances stream time to T0 + 55 h: the wire's cluster (last seen T0) expires
        return article("solar", "reuters.example", T0.plus(Duration.ofHours(55)), "Estarra solar farm", WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 2));
    }

    static void dump(TopologyFixture f) {
        for (StoryCluster s : f.storyUpdates) {
            System.out.println("STORY " + s.getClusterId() + " v" + s.getVersion() + " canon=" + s.getCanonicalId()
                    + " members=" + s.getMembers().stream().map(m -> m.getArticleId()).toList() + " into=" + s.getAbsorbedInto());
        }
        f.annotations.forEach((k, a) -> System.out.println("ANN " + k + " cluster=" + a.getClusterId() + " canon=" + a.getCanonicalId()));
    }

    @Test
    void inOrderTheCopyJoinsTheWiresCluster() {
        try (TopologyFixture f = new TopologyFixture(TWO_DAYS)) {
            f.send(wire());
            f.send(copy());
            f.send(unrelated());
            dump(f);
            AnnotatedArticle a = f.annotations.get("outlet-1");
            assertThat(a.getLinkedTo()).containsExactly("wire-1");
            assertThat(a.getClusterId()).isEqualTo("wire-1");
            assertThat(a.getCanonicalId()).isEqualTo("wire-1");
            assertThat(f.clusters.get("wire-1").getMembers()).extracting(m -> m.getArticleId()).containsExactly("wire-1", "outlet-1");
        }
    }

    @Test
    void slightlyOutOfOrderTheCopyGetsTheSameClusterAsInOrder() {
        try (TopologyFixture f = new TopologyFixture(TWO_DAYS)) {
            f.send(wire());
            f.send(unrelated());
            f.send(copy()); // 8 h behind stream time, with a 2-day window
            dump(f);
            AnnotatedArticle a = f.annotations.get("outlet-1");
            // the link itself is still made (the index keeps the wire) ...
            assertThat(a.getLinkedTo()).containsExactly("wire-1");
            assertThat(a.getClusterId()).isEqualTo("wire-1");
            // ... but the cluster it lands in no longer holds the wire: canonical is the copy, the wire is gone,
            // and the compacted 'stories' record for wire-1 is overwritten at version 1 (it was version 1 before)
            StoryCluster c = f.clusters.get("wire-1");
            assertThat(a.getCanonicalId()).as("canonical_id of outlet-1 (cluster_id is wire-1)").isEqualTo("wire-1");
            assertThat(c.getCanonicalId()).as("stories wire-1 canonical_id").isEqualTo("wire-1");
            assertThat(c.getMembers()).extracting(m -> m.getArticleId()).as("stories wire-1 members").containsExactly("wire-1", "outlet-1");
            List<Long> versions = f.storyUpdates.stream().filter(s -> s.getClusterId().equals("wire-1")).map(StoryCluster::getVersion).toList();
            assertThat(versions).as("versions of stories/wire-1 must increase").isSorted().doesNotHaveDuplicates();
        }
    }
}
