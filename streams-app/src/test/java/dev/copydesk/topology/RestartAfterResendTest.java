package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * The band postings are derived state, rebuilt from 'shard-passages' when the task starts (README, Design), so a
 * restart must give the index the task had before it. A re-sent article breaks that: IndexProcessor keeps the time it
 * was first indexed with in memory ("An article id sent again keeps its first decision and the time it was first
 * indexed with", README), but overwrites its store entry with ShardPassages(batch.getPublishedAt() = the re-send's
 * time, ...) and with only the band keys that were not full at the SECOND look-up. The rebuilt index then has the
 * article at the re-send's time (and IndexProcessor.storedPassages then fetches it at that time, finds nothing, and
 * skips it as "expired from the store already"), and not at all under bands that were full at the re-send.
 */
class RestartAfterResendTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);

    private static List<String> run(boolean restart, Consumer<IndexTask> before, java.util.function.Function<IndexTask, List<String>> after) {
        IndexTask task = new IndexTask(Duration.ofDays(3), 8);
        before.accept(task);
        if (restart) {
            task.restart();
        }
        return after.apply(task);
    }

    @Test
    void aResentWireKeepsItsFirstTimeAcrossARestart() {
        Consumer<IndexTask> before = t -> {
            t.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", WIRE));
            t.send(article("outlet-1", "daily.example", T0.plusSeconds(1800), "Dockers strike", WireTexts.portStrikeRewrite()));
            t.send(article("wire-1", "afp.example", T0.plusSeconds(3600), "Valmora dock workers strike", WIRE)); // re-sent, later time
        };
        // another outlet's rewrite, two hours after the wire (in order: after the re-send)
        java.util.function.Function<IndexTask, List<String>> after = t ->
                t.send(article("outlet-2", "other.example", T0.plusSeconds(7200), "Strike in Valmora", WireTexts.portStrikeRewrite()));
        List<String> withoutRestart = run(false, before, after);
        assertThat(withoutRestart).anySatisfy(s -> assertThat(s).startsWith("outlet-2: response").contains("wire-1@" + T0.toEpochMilli()));
        assertThat(run(true, before, after)).as("the same task after a restart").isEqualTo(withoutRestart);
    }

    @Test
    void aResentWireIsStillFoundInItsCrowdedBandsAfterARestart() {
        Consumer<IndexTask> before = t -> {
            t.send(article("wire", "afp.example", T0, "Valmora dock workers strike", WIRE));
            for (int i = 1; i <= 8; i++) { // the wire and 8 republications: 9 articles, above the limit of 8
                t.send(article("copy-" + i, "outlet" + i + ".example", T0.plusSeconds(60L * i), "Valmora strike", WIRE));
            }
            t.send(article("wire", "afp.example", T0, "Valmora dock workers strike", WIRE)); // the same record again
        };
        java.util.function.Function<IndexTask, List<String>> after = t ->
                t.send(article("copy-late", "late.example", T0.plusSeconds(3600), "Valmora strike", WIRE));
        List<String> withoutRestart = run(false, before, after);
        assertThat(String.join("\n", withoutRestart)).contains("wire@");
        assertThat(run(true, before, after)).as("the same task after a restart").isEqualTo(withoutRestart);
    }

    @Test
    void aWireUpdatedUnderItsIdIsStillACandidateAfterARestart() {
        // the agency re-sends its story under the same id an hour later (an update), then the task restarts
        Consumer<IndexTask> before = t -> {
            t.send(article("wire-1", "afp.example", T0, "Valmora dock workers strike", WIRE));
            t.send(article("wire-1", "afp.example", T0.plusSeconds(3600), "Valmora dock workers strike (update)", WIRE));
        };
        java.util.function.Function<IndexTask, List<String>> after = t ->
                t.send(article("outlet-1", "daily.example", T0.plusSeconds(7200), "Dockers strike", WireTexts.portStrikeRewrite()));
        assertThat(run(false, before, after)).containsExactly("outlet-1: response wire-1@" + T0.toEpochMilli());
        // after the restart the rewrite's shard answer is empty: the aggregator decides it unique
        assertThat(run(true, before, after)).as("after a restart").containsExactly("outlet-1: response wire-1@" + T0.toEpochMilli());
    }
}
