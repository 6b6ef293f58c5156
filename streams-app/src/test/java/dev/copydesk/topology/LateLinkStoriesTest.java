package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.copydesk.avro.StoryCluster;
import org.junit.jupiter.api.Test;

/**
 * Out of order (the copy first, then its original), the copy's late link reaches cluster maintenance before the
 * original's own decision. It used to publish a 'stories' record for cluster "wire-1" without wire-1 among its
 * members and with the copy as canonical; the cluster is now held until wire-1's decision. StoryCluster's
 * contract: cluster_id is the earliest article of the cluster, canonical_id the earliest one (found in review).
 */
class LateLinkStoriesTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");

    @Test
    void everyLiveStoriesRecordHasItsClusterIdAsCanonicalMember() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1)));
            for (StoryCluster s : f.storyUpdates) {
                System.out.println("STORY " + s.getClusterId() + " v" + s.getVersion() + " canon=" + s.getCanonicalId()
                        + " members=" + s.getMembers().stream().map(m -> m.getArticleId()).toList() + " into=" + s.getAbsorbedInto());
            }
            // the final state is right
            assertThat(f.clusterOf("outlet-1")).isEqualTo("wire-1");
            // but every record published on 'stories' for a live cluster must be consistent
            for (StoryCluster s : f.storyUpdates) {
                if (s.getAbsorbedInto() != null) {
                    continue;
                }
                String what = "stories " + s.getClusterId() + " v" + s.getVersion();
                assertThat(s.getCanonicalId()).as(what + " canonical_id").isEqualTo(s.getClusterId());
                assertThat(s.getMembers()).as(what + " members").extracting(m -> m.getArticleId()).contains(s.getClusterId());
            }
        }
    }
}
