package dev.copydesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.copydesk.report.Svg;
import org.junit.jupiter.api.Test;

/** The bins behind the bench report's charts, on a timeline whose answer is known. */
class PhaseTimelineTest {
    private static final long MS = 1_000_000L;

    @Test
    void binsCountSendsAndReceiptsAndTakeLatencyPercentilesBySendTime() {
        // absolute nanoTime readings: 5 articles sent from t0 + 0 to t0 + 0.9 s; the fourth waits 1.5 s
        long t0 = 7_000_000_000L;
        long[] sent = {t0, t0 + 100 * MS, t0 + 200 * MS, t0 + 800 * MS, t0 + 900 * MS};
        long[] received = {t0 + 300 * MS, t0 + 400 * MS, t0 + 500 * MS, t0 + 2300 * MS, t0 + 1100 * MS};
        PhaseTimeline timeline = PhaseTimeline.of(sent, received);
        assertThat(timeline.sentNanos()[0]).isZero();

        PhaseTimeline.Bins bins = timeline.bins(4); // 2.3 s / 4 = 0.575 -> round width 1 s: bins [0,1), [1,2), [2,3)
        assertThat(bins.width()).isEqualTo(1.0);
        assertThat(bins.sent()).containsExactly(5, 0, 0);
        assertThat(bins.out()).containsExactly(3, 1, 1);
        assertThat(bins.sentPerSecond()).containsExactly(5.0, 0.0, 0.0);
        assertThat(bins.middles()).containsExactly(0.5, 1.5, 2.5);
        // latencies of the 5 sent in bin 0: 300, 300, 300, 1500, 200 ms
        assertThat(bins.p50Millis()[0]).isEqualTo(300.0);
        assertThat(bins.p99Millis()[0]).isEqualTo(1500.0);
        assertThat(bins.p50Millis()[1]).isNaN();

        PhaseTimeline.Bins fine = timeline.bins(10); // 0.23 -> 0.25 s
        assertThat(fine.width()).isEqualTo(0.25);
        assertThat(fine.sent()).containsExactly(3, 0, 0, 2, 0, 0, 0, 0, 0, 0); // [0, .25): 0, .1, .2 s; [.75, 1): .8, .9 s
        assertThat(java.util.Arrays.stream(fine.out()).sum()).isEqualTo(5);
    }

    @Test
    void theReportDrawsItsChartsAndAGapWhereNoArticleWasSent() {
        // 30 articles sent over 0.29 s, then none for 2.7 s, then 30 more: latency mode at 100/s with a pause
        long[] sent = new long[60];
        long[] received = new long[60];
        for (int i = 0; i < 60; i++) {
            sent[i] = (i < 30 ? i * 10 : 3000 + (i - 30) * 10) * MS;
            received[i] = sent[i] + 50 * MS;
        }
        PhaseResult p = new PhaseResult("copydesk", 0, 60, 3.34, 50, 50, 1, 1, 1, new PhaseTimeline(sent, received));
        BenchReport report = new BenchReport(new BenchOptions(60, 100, 0, 1, 0, false), 100, "test <setup>", List.of(p));
        String html = BenchHtml.render(report);
        assertThat(html).contains("test &lt;setup&gt;").doesNotContain("<setup>");
        assertThat(html).contains("copydesk: articles sent and come out", "copydesk: latency distribution", "copydesk: latency by time sent");
        // the cumulative lines run through the pause; the p50 line is broken around it: two pieces
        assertThat(count(html, "data-name=\"sent\"")).isEqualTo(1);
        assertThat(count(html, "data-name=\"come out\"")).isEqualTo(1);
        assertThat(count(html, "data-name=\"p50\"")).isEqualTo(2);

        // everything sent at once (as fast as the producer goes): no latency-by-time chart, the other two remain
        PhaseResult burst = new PhaseResult("pass-through", 0, 3, 0.2, 50, 50, 1, 1, 0,
                new PhaseTimeline(new long[] {0, 0, MS}, new long[] {100 * MS, 150 * MS, 200 * MS}));
        String html2 = BenchHtml.render(new BenchReport(new BenchOptions(3, 0, 0, 1, 0, false), 100, "x", List.of(burst)));
        assertThat(html2).contains("pass-through: articles sent and come out", "pass-through: latency distribution")
                .doesNotContain("latency by time sent");
    }

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void axesEndAtARoundNumber() {
        assertThat(Svg.ceilNice(0)).isEqualTo(1);
        assertThat(Svg.ceilNice(0.575)).isEqualTo(1);
        assertThat(Svg.ceilNice(0.23)).isEqualTo(0.25);
        assertThat(Svg.ceilNice(1.0)).isEqualTo(1);
        assertThat(Svg.ceilNice(1200)).isEqualTo(2000);
        assertThat(Svg.ceilNice(2600)).isEqualTo(5000);
        assertThat(Svg.axisMax(29.28)).isEqualTo(30);
        assertThat(Svg.axisMax(1500)).isEqualTo(1500);
        assertThat(Svg.axisMax(1501)).isEqualTo(2000);
        assertThat(Svg.number(200_000)).isEqualTo("200k");
        assertThat(Svg.number(0.25)).isEqualTo("0.25");
        assertThat(Svg.number(1125)).isEqualTo("1125");
        assertThat(Svg.number(2_500_000)).isEqualTo("2.5M");
    }
}
