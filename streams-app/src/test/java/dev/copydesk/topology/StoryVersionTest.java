package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;
import org.junit.jupiter.api.Test;

/**
 * A new version of a story is published only when the story changed. An earlier copy arriving late gives the later
 * copies of the same story late links to it; those links join nothing new (all three are already in wire-1's
 * cluster), and used to publish wire-1 again with a higher version and the same members.
 */
class StoryVersionTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");

    @Test
    void aLateLinkInsideOneClusterPublishesNoNewVersion() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1)));
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(3600), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            // a verbatim copy published between the two, arriving last: outlet-1 shares copy with it too
            f.send(article("outlet-2", "herald.example", T0.plusSeconds(1800), "Valmora port strike", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 2)));
            assertThat(f.clusterOf("outlet-1")).isEqualTo("wire-1");
            assertThat(f.clusterOf("outlet-2")).isEqualTo("wire-1");
            assertThat(f.annotations.get("outlet-1").getLinkedTo()).containsExactly("wire-1");

            Map<String, StoryCluster> last = new HashMap<>();
            for (StoryCluster s : f.storyUpdates) {
                StoryCluster before = last.put(s.getClusterId(), s);
                if (before == null) {
                    continue;
                }
                assertThat(s.getVersion()).as(s.getClusterId()).isEqualTo(before.getVersion() + 1);
                List<String> was = before.getMembers().stream().map(ClusterMember::getArticleId).toList();
                List<String> now = s.getMembers().stream().map(ClusterMember::getArticleId).toList();
                assertThat(now.equals(was) && s.getAbsorbed().isEmpty() && s.getAbsorbedInto() == before.getAbsorbedInto())
                        .as("stories %s v%d repeats v%d: members %s", s.getClusterId(), s.getVersion(), before.getVersion(), now)
                        .isFalse();
            }
            assertThat(last.get("wire-1").getMembers()).extracting(ClusterMember::getArticleId)
                    .containsExactly("wire-1", "outlet-2", "outlet-1");
        }
    }
}
