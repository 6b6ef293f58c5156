package dev.copydesk.bench;

import java.util.Arrays;

import dev.copydesk.report.Svg;

/**
 * When each measured article of a phase was sent and when it came out, in nanoseconds since the phase's first send
 * (index i is the i-th article sent), for the report's charts of throughput and latency over time.
 */
public record PhaseTimeline(long[] sentNanos, long[] receivedNanos) {
    public static final PhaseTimeline NONE = new PhaseTimeline(new long[0], new long[0]);

    public PhaseTimeline {
        if (sentNanos.length != receivedNanos.length) {
            throw new IllegalArgumentException("one send and one receipt per article");
        }
    }

    /** The timeline from absolute {@link System#nanoTime()} readings, relative to the first send. */
    static PhaseTimeline of(long[] sent, long[] received) {
        long t0 = sent.length == 0 ? 0 : Arrays.stream(sent).min().getAsLong();
        return new PhaseTimeline(Arrays.stream(sent).map(t -> t - t0).toArray(), Arrays.stream(received).map(t -> t - t0).toArray());
    }

    /**
     * The phase in bins of {@code width} seconds from its first send: articles sent and come out in each, and the p50
     * and p99 latency of the articles sent in each (NaN where none was sent).
     */
    public record Bins(double width, int[] sent, int[] out, double[] p50Millis, double[] p99Millis) {
        /** The end of each bin, in seconds since the first send. */
        public double[] ends() {
            return times(1);
        }

        /** Articles sent by the end of each bin. */
        public double[] sentByEnd() {
            return cumulative(sent);
        }

        /** Articles come out by the end of each bin. */
        public double[] outByEnd() {
            return cumulative(out);
        }

        private static double[] cumulative(int[] counts) {
            double[] c = new double[counts.length];
            long sum = 0;
            for (int i = 0; i < c.length; i++) {
                sum += counts[i];
                c[i] = sum;
            }
            return c;
        }

        /** The middle of each bin, in seconds since the first send. */
        public double[] middles() {
            return times(0.5);
        }

        /** For each bin, the time {@code at} of the way through it (0: start, 1: end). */
        private double[] times(double at) {
            double[] x = new double[sent.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i + at) * width;
            }
            return x;
        }
    }

    /** Every article's send → output latency in milliseconds, ascending. */
    public double[] latenciesMillis() {
        double[] l = new double[sentNanos.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (receivedNanos[i] - sentNanos[i]) / 1e6;
        }
        Arrays.sort(l);
        return l;
    }

    /** About {@code target} bins (a round width, at least 10 ms) over the time from the first send to the last receipt. */
    public Bins bins(int target) {
        int n = sentNanos.length;
        long end = 0;
        for (int i = 0; i < n; i++) {
            end = Math.max(end, Math.max(sentNanos[i], receivedNanos[i]));
        }
        double width = Math.max(0.01, Svg.ceilNice(end / 1e9 / target));
        int count = Math.max(1, (int) Math.floor(end / 1e9 / width) + 1);
        int[] sent = new int[count];
        int[] out = new int[count];
        double[][] latencies = new double[count][];
        int[] fill = new int[count];
        for (int i = 0; i < n; i++) {
            sent[bin(sentNanos[i], width, count)]++;
            out[bin(receivedNanos[i], width, count)]++;
        }
        for (int b = 0; b < count; b++) {
            latencies[b] = new double[sent[b]];
        }
        for (int i = 0; i < n; i++) {
            int b = bin(sentNanos[i], width, count);
            latencies[b][fill[b]++] = (receivedNanos[i] - sentNanos[i]) / 1e6;
        }
        double[] p50 = new double[count];
        double[] p99 = new double[count];
        for (int b = 0; b < count; b++) {
            Arrays.sort(latencies[b]);
            p50[b] = latencies[b].length == 0 ? Double.NaN : BenchRunner.percentile(latencies[b], 0.50);
            p99[b] = latencies[b].length == 0 ? Double.NaN : BenchRunner.percentile(latencies[b], 0.99);
        }
        return new Bins(width, sent, out, p50, p99);
    }

    private static int bin(long nanos, double width, int count) {
        return Math.min(count - 1, (int) (nanos / 1e9 / width));
    }
}
