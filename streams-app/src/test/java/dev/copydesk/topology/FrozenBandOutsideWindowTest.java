package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * README (copydesk.index.bucket.limit): "a band shared by more articles than this WITHIN THE WINDOW keeps only its
 * earliest articles". A band that filled up four days ago (outside the 3-day window of the articles looked up now)
 * stays frozen until the index next compacts, which only happens once something is older than two windows. While
 * frozen, BandIndex.lookupFrozen reports the band full even when none of its postings is in the window: new
 * articles are not posted to it and find nothing through it.
 */
class FrozenBandOutsideWindowTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);

    private static void sendTodaysStory(TopologyFixture f) {
        Instant day4 = T0.plus(Duration.ofDays(4));
        f.send(article("wire-new", "afp.example", day4, "Valmora dock workers strike", WIRE));
        f.send(article("outlet-new", "daily.example", day4.plusSeconds(1800), "Dockers strike in Valmora", WireTexts.portStrikeRewrite()));
    }

    @Test
    void controlWithoutOldArticlesTheRewriteLinks() {
        try (TopologyFixture f = new TopologyFixture()) {
            sendTodaysStory(f);
            assertThat(f.annotations.get("outlet-new").getLinkedTo()).containsExactly("wire-new");
        }
    }

    @Test
    void articlesFourDaysOldOutsideTheWindowMustNotStopTodaysCopyFromLinking() {
        try (TopologyFixture f = new TopologyFixture()) {
            // ten republications four days earlier: more than the bucket limit (8), so their bands fill and freeze
            for (int i = 0; i < 10; i++) {
                f.send(article("old-" + i, "outlet" + i + ".example", T0.plusSeconds(60L * i), "Valmora strike", WIRE));
            }
            sendTodaysStory(f);
            // the old articles are outside the window (3d) of today's: they must not change today's result
            assertThat(f.annotations.get("outlet-new").getLinkedTo())
                    .as("the rewrite of today's wire story").containsExactly("wire-new");
        }
    }
}
