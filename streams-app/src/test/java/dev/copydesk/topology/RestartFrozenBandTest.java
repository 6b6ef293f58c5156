package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * No re-send here. When a band is first found full, BandIndex.freeze replaces its chain with the earliest
 * {@code limit} articles IN THE WINDOW OF THAT LOOK-UP: the postings of the other articles that were posted to it
 * (the one that made it 9, here "copy-9") are dropped from memory for good (expireBefore re-posts only the frozen
 * array), while the store still holds them and a restart posts them again. So a restarted task answers differently
 * from one that kept running once the earliest articles leave the window.
 */
class RestartFrozenBandTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);

    private static List<String> run(boolean restart) {
        IndexTask task = new IndexTask(Duration.ofDays(3), 8);
        task.send(article("wire", "afp.example", T0, "Valmora dock workers strike", WIRE));
        Instant day1 = T0.plus(Duration.ofDays(1));
        for (int i = 2; i <= 10; i++) { // copy-2 .. copy-9 are posted (each finds at most 8); copy-10 finds 9 and freezes
            task.send(article("copy-" + i, "outlet" + i + ".example", day1.plusSeconds(60L * i), "Valmora strike", WIRE));
        }
        if (restart) {
            task.restart();
        }
        // 3 days and 1 hour after the wire: the wire is out of this article's window, copy-2 .. copy-9 are in it
        return task.send(article("late", "late.example", T0.plus(Duration.ofDays(3)).plusSeconds(3600), "Valmora strike", WIRE));
    }

    @Test
    void aRestartedTaskAnswersAsTheRunningOne() {
        List<String> running = run(false);
        List<String> restarted = run(true);
        assertThat(restarted).as("after a restart").isEqualTo(running);
    }
}
