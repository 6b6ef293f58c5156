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
        assertThat(bins.sentByEnd()).containsExactly(5.0, 5.0, 5.0);
        assertThat(bins.outByEnd()).containsExactly(3.0, 4.0, 5.0);
        assertThat(bins.ends()).containsExactly(1.0, 2.0, 3.0);
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
        PhaseResult p = new PhaseResult("copydesk", 0, 60, 3.34, 50, 50, 1, 1, 1, 0, new PhaseTimeline(sent, received));
        BenchReport report = new BenchReport(new BenchOptions(60, 100, 0, 1, 0, false), 100, "test <setup>", List.of(p));
        String html = BenchHtml.render(report);
        assertThat(html).contains("test &lt;setup&gt;").doesNotContain("<setup>");
        assertThat(html).contains("copydesk: articles sent and come out", "copydesk: latency distribution", "copydesk: latency by time sent");
        // the cumulative lines run through the pause; the p50 line is broken around it: two pieces
        assertThat(count(html, "data-name=\"sent\"")).isEqualTo(1);
        assertThat(count(html, "data-name=\"come out\"")).isEqualTo(1);
        assertThat(count(html, "data-name=\"p50\"")).isEqualTo(2);

        // everything sent at once (as fast as the producer goes): no latency-by-time chart, the other two remain
        PhaseResult burst = new PhaseResult("pass-through", 0, 3, 0.2, 50, 50, 1, 1, 0, 0,
                new PhaseTimeline(new long[] {0, 0, MS}, new long[] {100 * MS, 150 * MS, 200 * MS}));
        String html2 = BenchHtml.render(new BenchReport(new BenchOptions(3, 0, 0, 1, 0, false), 100, "x", List.of(burst)));
        assertThat(html2).contains("pass-through: articles sent and come out", "pass-through: latency distribution")
                .doesNotContain("latency by time sent");
    }

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /**
     * Where the points land: 80 articles sent 10 ms apart, half taking 40 ms and half 80 ms. The cumulative lines start
     * at the origin and end at the top of their axis (0 to 80 articles); the distribution runs from (40 ms, 0%) to
     * (80 ms, 100%) on axes of 0–80 ms and 0–100%.
     */
    @Test
    void chartsPlaceTheirPointsOnTheAxes() {
        long[] sent = new long[80];
        long[] received = new long[80];
        for (int i = 0; i < 80; i++) {
            sent[i] = i * 10 * MS;
            received[i] = sent[i] + (i < 40 ? 40 : 80) * MS;
        }
        PhaseResult p = new PhaseResult("copydesk", 0, 80, 0.87, 40, 80, 1, 1, 1, 0, new PhaseTimeline(sent, received));
        String html = BenchHtml.render(new BenchReport(new BenchOptions(80, 100, 0, 1, 0, false), 100, "x", List.of(p)));
        double top = Svg.PAD;
        double bottom = Svg.H - Svg.PAD;
        for (String line : List.of("sent", "come out")) {
            List<double[]> pts = points(html, "copydesk: articles sent and come out", line);
            assertThat(pts.get(0)).as(line).containsExactly(Svg.PAD, bottom);
            assertThat(pts.get(pts.size() - 1)[1]).as(line).isEqualTo(top);
            for (int i = 1; i < pts.size(); i++) {
                assertThat(pts.get(i)[1]).as(line + " is cumulative").isLessThanOrEqualTo(pts.get(i - 1)[1]);
            }
        }
        List<double[]> cdf = points(html, "copydesk: latency distribution", "articles");
        assertThat(cdf).hasSize(101);
        assertThat(cdf.get(0)).containsExactly(Svg.PAD + (Svg.W - 2.0 * Svg.PAD) * 40 / 80, bottom);
        assertThat(cdf.get(100)).containsExactly((double) Svg.W - Svg.PAD, top);
        assertThat(cdf.get(50)[0]).as("the median is 40 ms").isEqualTo(cdf.get(0)[0]);
        assertThat(points(html, "copydesk: latency by time sent", "p99")).isNotEmpty();
    }

    /** The points of the polyline(s) named {@code series} in the chart titled {@code chart}. */
    private static List<double[]> points(String html, String chart, String series) {
        int start = html.indexOf("aria-label=\"" + chart + "\"");
        assertThat(start).as(chart).isPositive();
        String svg = html.substring(start, html.indexOf("</svg>", start));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-name=\"" + java.util.regex.Pattern.quote(series)
                + "\"[^>]*points=\"([^\"]*)\"").matcher(svg);
        List<double[]> out = new java.util.ArrayList<>();
        while (m.find()) {
            for (String xy : m.group(1).split(" ")) {
                String[] c = xy.split(",");
                out.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
            }
        }
        return out;
    }

    @Test
    void axesRunInFourRoundStepsWithLabelsInOneUnit() {
        assertThat(Svg.ceilNice(0)).isEqualTo(1);
        assertThat(Svg.ceilNice(0.575)).isEqualTo(1);
        assertThat(Svg.ceilNice(0.23)).isEqualTo(0.25);
        assertThat(Svg.ceilNice(1200)).isEqualTo(2000);
        assertThat(Svg.ceilNice(2600)).isEqualTo(5000);
        assertThat(Svg.Axis.upTo(1500).end()).isEqualTo(2000);
        assertThat(labels(Svg.Axis.upTo(1500))).containsExactly("0", "500", "1000", "1500", "2000");
        assertThat(labels(Svg.Axis.upTo(29.28))).containsExactly("0", "10", "20", "30", "40");
        assertThat(labels(Svg.Axis.upTo(0.9))).containsExactly("0", "0.25", "0.50", "0.75", "1.00");
        assertThat(labels(Svg.Axis.upTo(0.012))).containsExactly("0", "0.005", "0.010", "0.015", "0.020");
        assertThat(labels(Svg.Axis.upTo(15_000))).containsExactly("0", "5k", "10k", "15k", "20k");
        assertThat(labels(Svg.Axis.upTo(9_000))).containsExactly("0", "2.5k", "5.0k", "7.5k", "10.0k");
        assertThat(labels(Svg.Axis.upTo(2_600_000))).containsExactly("0", "1M", "2M", "3M", "4M");
        assertThat(labels(Svg.Axis.upTo(0))).containsExactly("0", "1", "2", "3", "4");
    }

    private static List<String> labels(Svg.Axis a) {
        return java.util.stream.IntStream.rangeClosed(0, 4).mapToObj(a::label).toList();
    }
}
