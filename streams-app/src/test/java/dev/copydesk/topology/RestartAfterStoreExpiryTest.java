package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A restarted index task answers as the running one after the passage store has dropped an article the running index
 * had not freed yet (it frees on a punctuation). That article used to count in its bands until then, so a band of 8
 * live articles plus it was full and the latest live one left out, where the task rebuilt from the store answered all
 * 8. Look-ups now ignore everything behind the horizon the store keeps (found in a second review).
 */
class RestartAfterStoreExpiryTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);
    static final String OTHER = WireTexts.paragraphs(WireTexts.SOLAR_PLANT, 1);

    /** The story, other news, then a late copy; the task restarted before it or not. */
    private static List<String> run(boolean restart) {
        IndexTask task = new IndexTask(Duration.ofHours(1), 8);
        task.send(article("wire", "afp.example", T0, "Valmora dock workers strike", WIRE));
        for (int i = 1; i <= 8; i++) { // 8 republications 20 minutes later: 9 articles in the story's bands
            task.send(article("copy-" + i, "outlet" + i + ".example", T0.plus(Duration.ofMinutes(19 + i)), "Valmora strike", WIRE));
        }
        for (int m = 30; m <= 120; m += 10) { // other news: stream time moves on
            task.send(article("solar-" + m, "s" + m + ".example", T0.plus(Duration.ofMinutes(m)), "Solar plant", OTHER));
        }
        // 2h05: the store has dropped the wire (window start <= stream time - 2h); the last punctuation (at 2h00,
        // cutoff 0h00) kept it in the index, the next is due at 2h07m30
        task.send(article("solar-125", "s125.example", T0.plus(Duration.ofMinutes(125)), "Solar plant", OTHER));
        if (restart) {
            task.restart();
        }
        // a late republication (out of order), published 40 minutes after the wire
        return task.send(article("late", "late.example", T0.plus(Duration.ofMinutes(40)), "Valmora strike", WIRE));
    }

    @Test
    void aRestartedTaskAnswersAsTheRunningOneAfterTheStoreDroppedAnArticle() {
        List<String> running = run(false);
        List<String> restarted = run(true);
        assertThat(restarted).as("after a restart").isEqualTo(running);
    }
}
