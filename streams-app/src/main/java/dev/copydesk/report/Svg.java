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
     * A line chart of {@code series} over {@code x} (ascending), both axes from 0 to a round number above the largest
     * value, with a legend; each series is one {@code <polyline class="series">} with a {@code data-name}, broken
     * into several where its values have gaps.
     */
    public static void lineChart(StringBuilder b, String title, String xLabel, String yLabel, double[] x, List<Series> series) {
        double xMax = axisMax(x.length == 0 ? 1 : x[x.length - 1]);
        double yMax = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        yMax = axisMax(yMax);
        b.append(open(title));
        axes(b, xLabel, yLabel);
        b.append(text(W / 2.0, 16, title, "middle"));
        for (int i = 0; i <= 4; i++) {
            b.append(text(PAD + (W - 2.0 * PAD) * i / 4, H - PAD + 16, number(xMax * i / 4), "middle"));
            b.append(text(PAD - 6, H - PAD - (H - 2.0 * PAD) * i / 4 + 4, number(yMax * i / 4), "end"));
        }
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
                lastX = PAD + (W - 2.0 * PAD) * x[i] / xMax;
                lastY = H - PAD - (H - 2.0 * PAD) * s.y()[i] / yMax;
                points.append(fmt("%.1f,%.1f ", lastX, lastY));
                run++;
            }
            double ly = PAD + 6 + 14.0 * k; // the legend, top left: where cumulative and distribution lines are not
            b.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>", PAD + 10, ly - 4,
                    PAD + 25, ly - 4, color));
            b.append(text(PAD + 30, ly, s.name(), "start"));
        }
        b.append("</svg>\n");
    }

    /** The end of an axis that shows values up to {@code v}: a round number not far above it (1 for v ≤ 0). */
    public static double axisMax(double v) {
        return round(v, new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10});
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code v} (1 for v ≤ 0). */
    public static double ceilNice(double v) {
        return round(v, new double[] {1, 2, 2.5, 5, 10});
    }

    private static double round(double v, double[] steps) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : steps) {
            if (m * p >= v * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A tick label: "250", "0.25", "12k", "1.5M". */
    public static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = fmt("%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
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
