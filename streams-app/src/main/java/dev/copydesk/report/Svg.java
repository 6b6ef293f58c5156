package dev.copydesk.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG for the self-contained HTML reports ({@code backtest}'s and {@code bench}'s): no script, no network. A
 * fixed 520×340 canvas with a 50-pixel margin for the axes.
 */
public final class Svg {
    public static final int W = 520;
    public static final int H = 340;
    public static final int PAD = 50;
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};

    private Svg() {
    }

    /** One line of a {@link #lineChart}: y values at the chart's x values, NaN where there is none (a gap). */
    public record Series(String name, double[] y) {
    }

    /** The page's head and opening body, with the reports' shared style. */
    public static String pageStart(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}svg{margin:1em 1em 0 0}</style>"
                + "</head><body>\n<h1>" + esc(title) + "</h1>\n";
    }

    public static String open(String title) {
        return fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
                W, H, W, H) + esc(title) + "\">";
    }

    public static void axes(StringBuilder b, String x, String y) {
        b.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", PAD, H - PAD, W - PAD, H - PAD));
        b.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", PAD, PAD, PAD, H - PAD));
        b.append(text(W / 2.0, H - 12, x, "middle"));
        b.append(fmt("<text x=\"12\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">", H / 2, H / 2))
                .append(esc(y)).append("</text>");
    }

    /**
     * A line chart of {@code series} (values ≥ 0) over {@code x} (ascending, ≥ 0). Each axis runs from 0 in four equal
     * steps of a round size ({@link Axis}); the legend sits above the plot, under the title. Each series is one
     * {@code <polyline class="series">} with a {@code data-name}, broken into several where its values have gaps
     * (NaN); a point alone between gaps is drawn as a dot.
     */
    public static void lineChart(StringBuilder b, String title, String xLabel, String yLabel, double[] x, List<Series> series) {
        Axis xAxis = Axis.upTo(x.length == 0 ? 0 : x[x.length - 1]);
        double yMax = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        Axis yAxis = Axis.upTo(yMax);
        b.append(open(title));
        axes(b, xLabel, yLabel);
        b.append(text(W / 2.0, 16, title, "middle"));
        for (int i = 0; i <= 4; i++) {
            b.append(text(PAD + (W - 2.0 * PAD) * i / 4, H - PAD + 16, xAxis.label(i), "middle"));
            b.append(text(PAD - 6, H - PAD - (H - 2.0 * PAD) * i / 4 + 4, yAxis.label(i), "end"));
        }
        double legendX = PAD;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder points = new StringBuilder();
            int run = 0;
            double lastX = 0;
            double lastY = 0;
            for (int i = 0; i <= x.length; i++) {
                boolean gap = i == x.length || Double.isNaN(s.y()[i]);
                if (gap) {
                    if (run == 1) { // a lone point between gaps: a dot, as a line of one point shows nothing
                        b.append(fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"%s\"/>", lastX, lastY, color));
                    }
                    if (run > 0) {
                        b.append("<polyline class=\"series\" data-name=\"").append(esc(s.name())).append("\" fill=\"none\" stroke=\"")
                                .append(color).append("\" stroke-width=\"1.5\" points=\"").append(points.toString().trim()).append("\"/>");
                        points.setLength(0);
                        run = 0;
                    }
                    continue;
                }
                lastX = PAD + (W - 2.0 * PAD) * x[i] / xAxis.end();
                lastY = H - PAD - (H - 2.0 * PAD) * s.y()[i] / yAxis.end();
                points.append(fmt("%.1f,%.1f ", lastX, lastY));
                run++;
            }
            // the legend, between the title and the plot, where no line can run
            b.append(fmt("<line x1=\"%.1f\" y1=\"32\" x2=\"%.1f\" y2=\"32\" stroke=\"%s\" stroke-width=\"2\"/>", legendX, legendX + 15, color));
            b.append(text(legendX + 20, 36, s.name(), "start"));
            legendX += 40 + 7 * s.name().length();
        }
        b.append("</svg>\n");
    }

    /**
     * An axis from 0 to {@link #end()} in four ticks of {@link #step()}: the step is the smallest of 1, 2, 2.5 or 5 times
     * a power of ten that takes the axis past the largest value. Tick labels share one unit (none, k or M, by the end)
     * and as many decimals as the step needs in it.
     */
    public record Axis(double step) {
        /** The axis for values up to {@code v} (up to 4 for v ≤ 0). */
        public static Axis upTo(double v) {
            return new Axis(ceilNice(v / 4));
        }

        public double end() {
            return 4 * step;
        }

        /** The label of tick {@code i} (0 to 4): "0", "0.25", "2.5k", "1.2M". */
        public String label(int i) {
            double unit = end() >= 1e6 ? 1e6 : end() >= 1e4 ? 1e3 : 1;
            String suffix = unit == 1e6 ? "M" : unit == 1e3 ? "k" : "";
            if (i == 0) {
                return "0";
            }
            double stepInUnit = step / unit;
            int decimals = 0;
            while (decimals < 9 && Math.abs(stepInUnit * Math.pow(10, decimals) - Math.rint(stepInUnit * Math.pow(10, decimals))) > 1e-6) {
                decimals++;
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", i * stepInUnit) + suffix;
        }
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code v} (1 for v ≤ 0). */
    public static double ceilNice(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    public static String text(double x, double y, String s, String anchor) {
        return fmt("<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\">", x, y, anchor) + esc(s) + "</text>";
    }

    public static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
