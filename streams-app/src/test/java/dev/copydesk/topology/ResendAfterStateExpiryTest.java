package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * An article id sent again after the aggregator dropped its state while the index still holds its first version
 * (found in a review of 4ef3514). The aggregator drops a decided article two windows behind its own stream time; the
 * index keeps it until two windows behind its newest indexed article. In a sparse stream the aggregator's clock can run
 * ahead: an update's own time, or an article with no passages (it reaches no index shard), moves it. The index then answered the id as
 * a version sent again (no pairs), the aggregator decided it afresh with nothing to link to, and a copy came out on
 * {@code articles.unique}. Now the index looks a version sent again up as first indexed, and the aggregator takes that
 * answer only into a state of that version.
 */
class ResendAfterStateExpiryTest {
    private static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(3); // the default
    private static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);

    /** Sends one record and returns the annotations it produced. */
    private static List<AnnotatedArticle> send(TopologyFixture f, Article a) {
        f.input.pipeInput(new TestRecord<>(a.getId(), a, a.getPublishedAt()));
        List<AnnotatedArticle> out = new ArrayList<>();
        f.annotated.readRecordsToList().forEach(r -> out.add(r.value()));
        f.drain();
        return out;
    }

    private static Article wire() {
        return article("wire-1", "afp.example", T0, "Valmora dock workers strike", WIRE);
    }

    private static Article copy(Instant at, String title) {
        return article("outlet-1", "daily.example", at, title, WireTexts.portStrikeRewrite());
    }

    @Test
    void anUpdateOfACopyAfterItsStateExpiredStillLinksToTheWireStory() {
        try (TopologyFixture f = new TopologyFixture()) {
            send(f, wire());
            send(f, copy(T0.plusSeconds(1800), "Dockers strike in Valmora"));
            assertThat(f.evidences).extracting(e -> e.getArticleId() + "->" + e.getLinkedArticleId()).containsExactly("outlet-1->wire-1");
            // the only record for more than two windows: the copy's update, under the same id
            List<AnnotatedArticle> update = send(f, copy(T0.plus(RETENTION.multipliedBy(2)).plus(Duration.ofDays(1)),
                    "Dockers strike in Valmora (update)"));
            assertThat(f.uniqueIds).as("a copy of wire-1 on articles.unique").containsExactly("wire-1");
            assertThat(update).as("the update, decided afresh").singleElement().satisfies(a -> {
                assertThat(a.getUnique()).isFalse();
                assertThat(a.getLinkedTo()).containsExactly("wire-1");
            });
            assertThat(f.clusterOf("outlet-1")).isEqualTo(f.clusterOf("wire-1")).isNotNull();
        }
    }

    @Test
    void theSameCopyAgainAfterItsStateExpiredStillLinksToTheWireStory() {
        try (TopologyFixture f = new TopologyFixture()) {
            Article copy = copy(T0.plusSeconds(1800), "Dockers strike in Valmora");
            send(f, wire());
            send(f, copy);
            CopyEvidence first = f.evidences.get(0);
            // no passages (no words): it reaches the aggregator, and moves its clock, but no index shard. (An article that
            // reaches the shards moves the index's horizon too: the copy sent again is then two windows late, and like any
            // article that late, finds nothing: bounded state)
            send(f, article("short-1", "s.example", T0.plus(RETENTION.multipliedBy(2)).plus(Duration.ofDays(1)), "", "* * *"));
            List<AnnotatedArticle> again = send(f, copy);
            assertThat(f.uniqueIds).as("a copy of wire-1 on articles.unique").doesNotContain("outlet-1");
            assertThat(again).singleElement().satisfies(a -> {
                assertThat(a.getUnique()).isFalse();
                assertThat(a.getLinkedTo()).containsExactly("wire-1");
            });
            assertThat(f.evidences).as("the same text decided again: the same evidence").hasSize(2);
            assertThat(f.evidences.get(1).getAlignments()).isEqualTo(first.getAlignments());
        }
    }

    /** While the aggregator holds the first decision, the same record again changes nothing and sends nothing. */
    @Test
    void theSameCopyAgainWhileDecidedSendsNothing() {
        try (TopologyFixture f = new TopologyFixture()) {
            Article copy = copy(T0.plusSeconds(1800), "Dockers strike in Valmora");
            send(f, wire());
            send(f, copy);
            int stories = f.storyUpdates.size();
            List<AnnotatedArticle> again = send(f, copy);
            assertThat(again).isEmpty();
            assertThat(f.evidences).hasSize(1);
            assertThat(f.storyUpdates).hasSize(stories);
            assertThat(f.uniqueIds).containsExactly("wire-1");
        }
    }
}
