package dev.copydesk.bench;

import java.util.List;

import dev.copydesk.report.Svg;

/**
 * The bench's {@code bench.html}: one self-contained page (inline SVG, no script, no network) with the table of
 * figures and, per phase: the articles sent and come out over the phase's time (cumulative: the slope is the
 * throughput, the horizontal gap between the lines the latency), the distribution of latencies, and in latency mode
 * ({@code --rate}, articles sent over a stretch of time) the p50 and p99 latency by time sent. The
 * charts show what the table's single figures hide: a JIT or GC stall, a backlog that grows when the topology cannot
 * keep up, the warm-up at the start, the steps of EOS commits.
 */
final class BenchHtml {
    /** Bins per phase: from about half this to this (a round width of at least 10 ms). */
    static final int BINS = 120;

    private BenchHtml() {
    }

    static String render(BenchReport report) {
        StringBuilder b = new StringBuilder(16384);
        b.append(Svg.pageStart("copydesk bench")).append("<pre>").append(Svg.esc(report.table())).append("</pre>\n");
        for (PhaseResult p : report.phases()) {
            b.append("<h2>").append(Svg.esc(p.name())).append(Svg.fmt(" (%d articles indexed or fed before timing)", p.history()))
                    .append("</h2>\n");
            if (p.timeline().sentNanos().length == 0) {
                b.append("<p>No timeline was recorded for this phase.</p>\n");
                continue;
            }
            PhaseTimeline.Bins bins = p.timeline().bins(BINS);
            String time = Svg.fmt("seconds since the first measured send (bins of %s s)", trim(bins.width()));
            Svg.lineChart(b, p.name() + ": articles sent and come out", time, "articles (cumulative)", fromZero(bins.ends()),
                    List.of(new Svg.Series("sent", fromZero(bins.sentByEnd())), new Svg.Series("come out", fromZero(bins.outByEnd()))));
            double[] latencies = p.timeline().latenciesMillis();
            double[] x = new double[101];
            double[] share = new double[101];
            for (int q = 0; q <= 100; q++) {
                x[q] = BenchRunner.percentile(latencies, q / 100.0); // q = 0: the smallest
                share[q] = q;
            }
            Svg.lineChart(b, p.name() + ": latency distribution", "send to output, ms", "% of articles at most", x,
                    List.of(new Svg.Series("articles", share)));
            if (report.options().latencyMode()) {
                Svg.lineChart(b, p.name() + ": latency by time sent", time, "send to output, ms", bins.middles(),
                        List.of(new Svg.Series("p50", bins.p50Millis()), new Svg.Series("p99", bins.p99Millis())));
            }
        }
        b.append("\n</body></html>\n");
        return b.toString();
    }

    /** {@code v} after a 0: cumulative lines start at the origin. */
    private static double[] fromZero(double[] v) {
        double[] out = new double[v.length + 1];
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }

    private static String trim(double v) {
        return Double.toString(v).replaceAll("\\.0$", "");
    }
}
