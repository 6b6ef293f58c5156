package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * An article id that arrives a second time (re-sent, here with a later published_at, same text) after a copy of
 * it was linked. The index used to take the re-send as a new, newer article: its pair with the copy went to it,
 * and copy.evidence said the original copies its own copy. A re-send now keeps the time it was indexed with and
 * its first header (found in review).
 */
class ResentArticleTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");

    @Test
    void aResentOriginalIsNotLinkedAsACopyOfItsOwnCopy() {
        try (TopologyFixture f = new TopologyFixture()) {
            String body = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);
            f.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", body));
            f.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
            f.send(article("wire-1", "afp.example", T0.plusSeconds(3600), "Valmora dock workers strike", body)); // re-sent
            f.evidences.forEach(e -> System.out.println("EVID " + e.getArticleId() + " -> " + e.getLinkedArticleId()));
            assertThat(f.annotations.get("wire-1").getUnique()).isTrue();
            assertThat(f.evidences).extracting(e -> e.getArticleId() + "->" + e.getLinkedArticleId())
                    .containsExactly("outlet-1->wire-1");
        }
    }
}
