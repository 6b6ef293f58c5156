package dev.copydesk.bench;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one bench run: the pass-through ceiling, then one or two full-topology phases (a
 * {@link BenchOptions#REFERENCE_HISTORY} reference row comes first when {@code --history} is larger).
 *
 * @param options      what was asked
 * @param meanBytes    mean serialized article size (Avro, Confluent wire format)
 * @param description  one line: articles (generated or an archive), guarantee, partitions, store type, input mode
 * @param phases       pass-through first
 */
public record BenchReport(BenchOptions options, long meanBytes, String description, List<PhaseResult> phases) {

    public PhaseResult passThrough() {
        return phases.get(0);
    }

    /** The last full-topology phase (the one with the asked history). */
    public PhaseResult full() {
        return phases.get(phases.size() - 1);
    }

    /** Full topology throughput over the pass-through ceiling measured in the same run. */
    public double ratio() {
        return ratio(full());
    }

    private double ratio(PhaseResult p) {
        double ceiling = passThrough().articlesPerSecond();
        return ceiling > 0 ? p.articlesPerSecond() / ceiling : 0;
    }

    /** Throughput with the asked history over that with the reference history, when both ran; else NaN. */
    public double historyRatio() {
        if (phases.size() < 3) {
            return Double.NaN;
        }
        double ref = phases.get(1).articlesPerSecond();
        return ref > 0 ? full().articlesPerSecond() / ref : 0;
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "copydesk bench: %d articles of %.1f KB mean, %s%n",
                passThrough().articles(), meanBytes / 1024.0, description));
        sb.append(String.format(Locale.ROOT, "%-13s %9s %9s %8s %11s %6s %9s %9s %10s %10s %13s%n", "phase", "pre-fed",
                "articles", "seconds", "articles/s", "ratio", "p50 ms", "p99 ms", "peak heap", "live heap", "state B/art"));
        for (PhaseResult p : phases) {
            sb.append(String.format(Locale.ROOT, "%-13s %9d %9d %8.2f %11.0f %6.3f %9.1f %9.1f %7d MB %7d MB %13.0f%n",
                    p.name(), p.history(), p.articles(), p.seconds(), p.articlesPerSecond(), ratio(p), p.p50Millis(),
                    p.p99Millis(), p.peakHeapBytes() >> 20, p.liveHeapBytes() >> 20, p.stateBytesPerArticle()));
        }
        for (PhaseResult p : phases) {
            ClientFigures c = p.clients();
            if (c.articles() > 0) {
                String name = phases.stream().filter(q -> q.name().equals(p.name())).count() > 1
                        ? p.name() + " (pre-fed " + p.history() + ")" : p.name(); // the --history reference row has the same name
                sb.append(String.format(Locale.ROOT, "%s: %.2f records written and %.2f read per article fed (every topic, %d articles)",
                        name, c.sentPerArticle(), c.consumedPerArticle(), c.articles()));
                if (c.samples() > 0) {
                    sb.append(String.format(Locale.ROOT, "; stream thread: process %.0f%%, commit %.0f%%, poll %.0f%%, punctuate %.0f%%",
                            100 * c.process(), 100 * c.commit(), 100 * c.poll(), 100 * c.punctuate()));
                }
                if (!c.complete()) {
                    sb.append("; INCOMPLETE: fewer records on the output than articles fed (a client replaced during the phase"
                            + " took its counts with it), so these figures are low");
                }
                sb.append(System.lineSeparator());
                if (c.sentByTopic().size() > 1) {
                    sb.append(String.format(Locale.ROOT, "%s: written per article by topic:", name));
                    c.sentByTopic().forEach((topic, n) -> sb.append(String.format(Locale.ROOT, " %s %.2f", topic, (double) n / c.articles())));
                    sb.append(System.lineSeparator());
                }
            }
        }
        for (PhaseResult p : phases) {
            if (p.deadLettered() > 0) {
                sb.append(String.format(Locale.ROOT, "%s: %d of the measured articles were rejected (dead-lettered; counted as come out)%n",
                        p.name(), p.deadLettered()));
            }
        }
        sb.append(String.format(Locale.ROOT, "ratio copydesk / pass-through: %.3f%n", ratio()));
        if (!Double.isNaN(historyRatio())) {
            sb.append(String.format(Locale.ROOT, "ratio with %d / with %d articles indexed before timing: %.3f%n",
                    full().history(), phases.get(1).history(), historyRatio()));
        }
        return sb.toString();
    }

    public String json() {
        return json(false);
    }

    /**
     * The figures as JSON; with {@code timeline}, each phase also gets {@code timeline}: the bins of
     * {@link PhaseTimeline#bins} that {@code bench.html} charts (seconds per bin, articles sent and come out in each,
     * p50 and p99 latency of those sent in each, null where none was).
     */
    public String json(boolean timeline) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("count", passThrough().articles());
        root.put("rate", options.rate());
        root.put("history", options.history());
        root.put("warmup", options.warmup());
        root.put("mean_article_bytes", meanBytes);
        root.put("setup", description);
        ArrayNode rows = root.putArray("phases");
        for (PhaseResult p : phases) {
            ObjectNode n = rows.addObject();
            n.put("phase", p.name());
            n.put("pre_fed", p.history());
            n.put("articles", p.articles());
            n.put("seconds", round(p.seconds(), 3));
            n.put("articles_per_s", round(p.articlesPerSecond(), 1));
            n.put("ratio", round(ratio(p), 3));
            n.put("p50_ms", round(p.p50Millis(), 1));
            n.put("p99_ms", round(p.p99Millis(), 1));
            n.put("peak_heap_bytes", p.peakHeapBytes());
            n.put("live_heap_bytes", p.liveHeapBytes());
            n.put("state_bytes", p.stateBytes());
            n.put("state_bytes_per_article", round(p.stateBytesPerArticle(), 1));
            n.put("dead_lettered", p.deadLettered());
            ClientFigures c = p.clients();
            if (c.articles() > 0) {
                ObjectNode k = n.putObject("clients");
                k.put("articles", c.articles());
                k.put("records_sent", c.recordsSent());
                k.put("records_consumed", c.recordsConsumed());
                k.put("records_sent_per_article", round(c.sentPerArticle(), 3));
                k.put("records_consumed_per_article", round(c.consumedPerArticle(), 3));
                k.put("ratio_samples", c.samples());
                k.put("complete", c.complete());
                ObjectNode topics = k.putObject("records_sent_by_topic");
                c.sentByTopic().forEach(topics::put);
                putRatio(k, "process_ratio", c.process());
                putRatio(k, "commit_ratio", c.commit());
                putRatio(k, "poll_ratio", c.poll());
                putRatio(k, "punctuate_ratio", c.punctuate());
            }
            if (timeline && p.timeline().sentNanos().length > 0) {
                PhaseTimeline.Bins bins = p.timeline().bins(BenchHtml.BINS);
                ObjectNode t = n.putObject("timeline");
                t.put("bin_seconds", bins.width());
                ArrayNode sent = t.putArray("sent");
                ArrayNode out = t.putArray("out");
                ArrayNode p50 = t.putArray("p50_ms");
                ArrayNode p99 = t.putArray("p99_ms");
                for (int i = 0; i < bins.sent().length; i++) {
                    sent.add(bins.sent()[i]);
                    out.add(bins.out()[i]);
                    addOrNull(p50, bins.p50Millis()[i]);
                    addOrNull(p99, bins.p99Millis()[i]);
                }
            }
        }
        root.put("ratio", round(ratio(), 3));
        if (!Double.isNaN(historyRatio())) {
            root.put("history_ratio", round(historyRatio(), 3));
        }
        return root.toString();
    }

    private static void putRatio(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, round(v, 4));
        }
    }

    private static void addOrNull(ArrayNode a, double v) {
        if (Double.isNaN(v)) {
            a.addNull();
        } else {
            a.add(round(v, 1));
        }
    }

    /** Writes {@code bench.html} (charts) and {@code bench.json} (figures and timeline bins) into {@code dir}. */
    public void write(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("bench.html"), BenchHtml.render(this));
        java.nio.file.Files.writeString(dir.resolve("bench.json"), json(true) + System.lineSeparator());
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
