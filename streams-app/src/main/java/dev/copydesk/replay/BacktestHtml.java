package dev.copydesk.replay;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.copydesk.quality.Evaluation;
import dev.copydesk.report.Svg;

import static dev.copydesk.report.Svg.H;
import static dev.copydesk.report.Svg.PAD;
import static dev.copydesk.report.Svg.W;
import static dev.copydesk.report.Svg.axes;
import static dev.copydesk.report.Svg.esc;
import static dev.copydesk.report.Svg.fmt;
import static dev.copydesk.report.Svg.open;
import static dev.copydesk.report.Svg.text;

/**
 * The backtest's {@code report.html}: one self-contained page, charts as inline SVG (no script, no network):
 * the precision/recall curve over the sweep points (pairwise, from the labels) and a cluster-size histogram per
 * point, plus a table of the figures.
 */
final class BacktestHtml {
    private static final int MAX_BUCKET = 10;

    private BacktestHtml() {
    }

    static String render(String input, String sweepKey, List<Backtest.Point> points) {
        StringBuilder b = new StringBuilder(8192);
        b.append(Svg.pageStart("copydesk backtest")).append("<p>Input: <code>").append(esc(input)).append("</code>");
        if (sweepKey != null) {
            b.append(", sweep over <code>").append(esc(sweepKey)).append("</code>");
        }
        b.append("</p>\n");
        table(b, sweepKey, points);
        b.append("<h2>Precision / recall over the sweep</h2>\n");
        if (points.stream().anyMatch(p -> p.metrics() == null)) {
            b.append("<p>No labels were given: precision and recall cannot be computed.</p>\n");
        } else {
            prCurve(b, points);
        }
        b.append("<h2>Cluster sizes</h2>\n");
        for (Backtest.Point p : points) {
            histogram(b, p);
        }
        b.append("\n</body></html>\n");
        return b.toString();
    }

    private static void table(StringBuilder b, String sweepKey, List<Backtest.Point> points) {
        b.append("<table><tr><th>").append(sweepKey == null ? "run" : esc(sweepKey))
                .append("</th><th>articles</th><th>clusters</th><th>multi-article clusters</th><th>articles/s</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th><th>B&sup3; F1</th><th>ARI</th><th>clusters mixing stories</th></tr>\n");
        for (Backtest.Point p : points) {
            int clusters = p.clusterSizes().values().stream().mapToInt(Integer::intValue).sum();
            int multi = p.clusterSizes().entrySet().stream().filter(e -> e.getKey() > 1).mapToInt(Map.Entry::getValue).sum();
            b.append("<tr><td>").append(esc(label(p))).append("</td><td>").append(p.counts().annotated())
                    .append("</td><td>").append(clusters).append("</td><td>").append(multi).append("</td><td>")
                    .append(fmt("%.0f", p.articlesPerSecond()))
                    // a point decided again from another's index answers runs several times faster: say so beside its rate
                    .append(p.decidedAgain() ? " (decided again)" : "").append("</td>");
            Evaluation.Metrics m = p.metrics();
            if (m == null) {
                b.append("<td colspan=\"6\">no labels</td>");
            } else {
                b.append("<td>").append(fmt("%.4f", m.precision())).append("</td><td>").append(fmt("%.4f", m.recall()))
                        .append("</td><td>").append(fmt("%.4f", m.f1())).append("</td><td>").append(fmt("%.4f", m.bcubedF1()))
                        .append("</td><td>").append(fmt("%.4f", m.adjustedRand())).append("</td><td>")
                        .append(m.crossStoryClusters()).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void prCurve(StringBuilder b, List<Backtest.Point> points) {
        double lo = 1;
        for (Backtest.Point p : points) {
            lo = Math.min(lo, Math.min(p.metrics().precision(), p.metrics().recall()));
        }
        lo = Math.max(0, Math.floor((lo - 0.05) * 10) / 10);
        double range = 1 - lo;
        b.append(open("precision-recall"));
        axes(b, "recall", "precision");
        for (int i = 0; i <= 4; i++) {
            double v = lo + range * i / 4;
            double x = PAD + (W - 2 * PAD) * i / 4.0;
            double y = H - PAD - (H - 2 * PAD) * i / 4.0;
            b.append(text(x, H - PAD + 16, fmt("%.2f", v), "middle"));
            b.append(text(PAD - 6, y + 4, fmt("%.2f", v), "end"));
        }
        StringBuilder poly = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (Backtest.Point p : points) {
            double x = PAD + (W - 2 * PAD) * (p.metrics().recall() - lo) / range;
            double y = H - PAD - (H - 2 * PAD) * (p.metrics().precision() - lo) / range;
            poly.append(fmt("%.1f,%.1f ", x, y));
            marks.append(fmt("<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\"><title>", x, y))
                    .append(esc(label(p))).append(fmt(": P=%.4f R=%.4f</title></circle>", p.metrics().precision(), p.metrics().recall()))
                    .append(text(x + 6, y - 6, label(p), "start"));
        }
        b.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(poly.toString().trim()).append("\"/>");
        b.append(marks).append("</svg>\n");
    }

    private static void histogram(StringBuilder b, Backtest.Point p) {
        TreeMap<Integer, Integer> buckets = new TreeMap<>();
        p.clusterSizes().forEach((size, n) -> buckets.merge(Math.min(size, MAX_BUCKET), n, Integer::sum));
        int max = buckets.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        b.append(open("cluster sizes " + label(p)));
        axes(b, "cluster size (articles)", "clusters");
        b.append(text(W / 2.0, 16, label(p), "middle"));
        double slot = (W - 2.0 * PAD) / MAX_BUCKET;
        for (int size = 1; size <= MAX_BUCKET; size++) {
            int n = buckets.getOrDefault(size, 0);
            double h = (H - 2.0 * PAD) * n / max;
            double x = PAD + slot * (size - 1) + 2;
            b.append(fmt("<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ff7f0e\"><title>%d</title></rect>",
                    x, H - PAD - h, slot - 4, h, n));
            if (n > 0) {
                b.append(text(x + (slot - 4) / 2, H - PAD - h - 4, Integer.toString(n), "middle"));
            }
            b.append(text(x + (slot - 4) / 2, H - PAD + 16, size == MAX_BUCKET ? MAX_BUCKET + "+" : Integer.toString(size), "middle"));
        }
        b.append("</svg>\n");
    }

    private static String label(Backtest.Point p) {
        return p.value() == null ? "base settings" : p.value();
    }
}
