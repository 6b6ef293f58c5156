package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.copydesk.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An article far behind stream time (a source lagging by days, an archive replayed out of order) is still annotated:
 * every input is annotated or dead-lettered. With the aggregator's expiry checked when a state is read, an undecided
 * article more than three windows behind was dropped at each of its records and never decided (found in a review).
 */
class VeryLateArticleTest {
    private static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(3); // the default

    @ParameterizedTest(name = "{0} shards, {1} windows late")
    @CsvSource({"1, 4", "4, 4", "1, 2.5", "4, 2.5"})
    void aVeryLateArticleIsStillAnnotated(String shards, double windows) {
        Duration behind = Duration.ofMillis((long) (RETENTION.toMillis() * windows));
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.INDEX_SHARDS, shards))) {
            f.send(article("now-1", "x.example", T0.plus(behind), "Solar farm approved", WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 2)));
            f.send(article("old-1", "afp.example", T0, "Valmora dock workers strike", WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1)));
            assertThat(f.annotations).containsKeys("now-1", "old-1");
            f.settle();
            assertThat(f.uniqueIds).contains("old-1");
        }
    }
}
