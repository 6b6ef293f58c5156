package dev.copydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An app with nothing to do does not commit. A wall-clock punctuation makes its task commit (stores flushed, a
 * transaction under EOS) each time it fires, so the release tick of the hold before articles.unique runs only while
 * articles are held (found in a review: it ran always, and an idle app committed every commit interval with a hold of
 * 0s, every second with 5 s).
 */
class IdleCommitTest {
    @ParameterizedTest
    @ValueSource(strings = {"0s", "5s"})
    void anIdleAppDoesNotCommit(String hold) throws Exception {
        List<Article> corpus = new WireStoryGenerator(11).generate(4, Instant.parse("2026-02-02T06:00:00Z"), Duration.ofHours(1))
                .articles();
        try (AppHarness h = new AppHarness("idle-commit", 1, Map.of(Settings.UNIQUE_HOLD, hold))) {
            CopydeskApp app = h.startInstance();
            h.awaitAllRunning();
            h.send(corpus);
            h.awaitOutputs(corpus.size(), Duration.ofSeconds(60), Duration.ofSeconds(1));
            Thread.sleep(7_000); // past the hold: everything released
            double before = commits(app);
            Thread.sleep(5_000);
            double idle = commits(app) - before;
            assertThat(idle).as("commits while idle, hold " + hold).isZero();
        }
    }

    private static double commits(CopydeskApp app) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
            if (e.getKey().name().equals("commit-total") && e.getKey().group().equals("stream-thread-metrics")) {
                sum += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }
}
