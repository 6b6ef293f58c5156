package dev.copydesk.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copydesk.archive.Labels;
import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.quality.Evaluation;
import dev.copydesk.topology.CopydeskTopology;
import dev.copydesk.topology.TopologySettings;

/**
 * Backtests settings offline: runs the real topology ({@link OfflineRunner}, no broker, so a running deployment
 * is not disturbed) over an archive once per sweep point, and writes {@code assignments.jsonl}
 * ({@code {"id","cluster","canonical"}} per article, final clusters after merges), {@code report.json}
 * (settings, counts, throughput and, with labels, the {@link Evaluation} metrics per point) and
 * {@code report.html} ({@link BacktestHtml}: precision/recall over the sweep, cluster-size histogram).
 * With a sweep of several values, point {@code i} also gets {@code assignments-<i>.jsonl};
 * {@code assignments.jsonl} is the first point's.
 */
public final class Backtest {
    /** Settings read by {@link TopologySettings#from}: the only ones a sweep can vary with an effect. */
    public static final Set<String> SWEEPABLE = Set.of(Settings.PASSAGE_THRESHOLD, Settings.RETENTION,
            Settings.INDEX_SHARDS, Settings.BUCKET_LIMIT, Settings.MAX_BODY_BYTES, Settings.STORE_TYPE,
            Settings.LINK_MIN_SHARE, Settings.LINK_MIN_CHAIN, Settings.LINK_MIN_NAME_SHARE, Settings.LINK_CHANCE_RATE,
            Settings.LINK_MAX_CHANCE, Settings.UNIQUE_HOLD);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Backtest() {
    }

    /** A sweep: one key and its values; {@link #NONE} runs the base settings once. */
    public record Sweep(String key, List<String> values) {
        public static final Sweep NONE = new Sweep(null, List.of());

        /** Parses {@code key=v1,v2,...}; the key must be one the topology reads. */
        public static Sweep parse(String spec) {
            int eq = spec == null ? -1 : spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new ConfigException("--sweep must look like key=v1,v2,..., got '" + spec + "'");
            }
            String key = spec.substring(0, eq).trim();
            if (!SWEEPABLE.contains(key)) {
                throw new ConfigException("--sweep " + key + " has no effect on the topology; sweepable settings: "
                        + new java.util.TreeSet<>(SWEEPABLE));
            }
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            return new Sweep(key, values);
        }

        boolean isNone() {
            return key == null;
        }
    }

    /**
     * One run of the topology: its figures, not its outputs (they are in the point's assignments file), so that a sweep of
     * many points keeps the memory of one run's outputs. {@code metrics} is null without labels.
     */
    public record Point(String value, Settings settings, Counts counts, Evaluation.Metrics metrics,
                        TreeMap<Integer, Integer> clusterSizes, long cpuNanos, int decidedFrom) {
        /** Whether this point was decided again from another point's index answers ({@link #decidedFrom}, else -1). */
        public boolean decidedAgain() {
            return decidedFrom >= 0;
        }

        public double articlesPerSecond() {
            return counts.nanos() == 0 ? 0 : counts.annotated() * 1e9 / counts.nanos();
        }

        /** Articles per second of CPU time of the running thread (what the figure is on an idle machine). */
        public double articlesPerCpuSecond() {
            return cpuNanos <= 0 ? 0 : counts.annotated() * 1e9 / cpuNanos;
        }
    }

    /** How many records a run wrote to each output, and its wall-clock time. */
    public record Counts(int annotated, int unique, int evidence, int deadLetters, long nanos) {
    }

    /**
     * What a point keeps of its outputs to score them and write its assignments: per article the canonical id of its
     * annotated record, per cluster its canonical id, whether it was absorbed and its members' ids, and how many records
     * went to each output. Not the outputs themselves (titles, evidence, dead letters' bytes), so that the memory of a
     * backtest grows by a few hundred bytes per article (its id, its canonical id, its cluster's), not with what the topology writes.
     */
    static final class Tally implements OfflineRunner.Outputs {
        /** A cluster's latest state on {@code stories}: {@code absorbedInto} null while it is live. */
        private record Cluster(String canonical, String absorbedInto, String[] members) {
            boolean absorbed() {
                return absorbedInto != null;
            }
        }

        // article id -> canonical id of its latest annotated record, in the order of the first (as articles.annotated)
        private final Map<String, String> annotated = new java.util.LinkedHashMap<>();
        // article id -> the cluster id of its annotated record, where that is not its own id
        private final Map<String, String> annotatedCluster = new HashMap<>();
        private final Map<String, Cluster> stories = new HashMap<>();
        private int unique;
        private int evidence;
        private int deadLetters;
        private long nanos;

        @Override
        public void annotated(String id, AnnotatedArticle a) {
            String c = a.getCanonicalId();
            annotated.put(id, id.equals(c) ? id : c);
            String cluster = a.getClusterId();
            if (id.equals(cluster)) {
                annotatedCluster.remove(id);
            } else {
                annotatedCluster.put(id, cluster);
            }
        }

        @Override
        public void story(String clusterId, StoryCluster c) {
            String[] members = new String[c.getMembers().size()];
            for (int i = 0; i < members.length; i++) {
                members[i] = c.getMembers().get(i).getArticleId();
            }
            stories.put(clusterId, new Cluster(c.getCanonicalId(), c.getAbsorbedInto(), members));
        }

        @Override
        public void evidence(dev.copydesk.avro.CopyEvidence e) {
            evidence++;
        }

        @Override
        public void unique(String id) {
            unique++;
        }

        @Override
        public void deadLetter(dev.copydesk.avro.DeadLetter d) {
            deadLetters++;
        }

        @Override
        public void finished(long nanos) {
            this.nanos = nanos;
        }

        Counts counts() {
            return new Counts(annotated.size(), unique, evidence, deadLetters, nanos);
        }

        /** Article id → final copy cluster id (following merges), as {@link OfflineRunner.Result#finalClusters}. */
        Map<String, String> finalClusters() {
            Map<String, String> m = new HashMap<>();
            Set<String> listed = new HashSet<>();
            stories.forEach((id, c) -> {
                if (!c.absorbed()) {
                    for (String member : c.members()) {
                        m.put(member, id);
                        listed.add(member);
                    }
                }
            });
            for (String id : annotated.keySet()) {
                if (!listed.contains(id)) { // beyond a cluster's member cap: its annotated cluster, through the merges
                    m.put(id, OfflineRunner.live(annotatedCluster.getOrDefault(id, id), c -> {
                        Cluster x = stories.get(c);
                        return x == null ? null : x.absorbedInto();
                    }));
                }
            }
            return m;
        }

        /** The canonical article of an article's final cluster: the cluster's, else the annotated record's. */
        String canonical(String cluster, String article) {
            Cluster c = stories.get(cluster);
            if (c != null && !c.absorbed()) {
                return c.canonical();
            }
            String a = annotated.get(article);
            return a == null ? cluster : a;
        }
    }

    /** All points, in sweep order. */
    public record Outcome(List<Point> points, Path report) {
    }

    /**
     * Runs the sweep over {@code archive} and writes the report files into {@code dir}.
     *
     * @param labels   ground truth, or null
     * @param progress called with (point index, articles done) as the runs go, or null
     * @param runner   how the topology runs: {@link #OFFLINE}, or on a cluster ({@link BrokerBacktest})
     */
    public static Outcome run(LoadedArchive archive, Settings base, Sweep sweep, Labels labels, Path dir,
                              String input, PointProgress progress, Runner runner) throws IOException {
        return run(SortedArchive.of(archive), base, sweep, labels, dir, input, progress, runner, true);
    }

    /**
     * As {@link #run(LoadedArchive, Settings, Sweep, Labels, Path, String, PointProgress, Runner)}, over an archive that
     * may be sorted on disk (each point reads it again, one article at a time). With {@code reuse},
     * offline, a sweep of a setting that only the link decision reads ({@link CopydeskTopology#DECISION_SETTINGS}) runs the
     * whole topology for its first point only, and decides every other point again from that point's index answers
     * ({@link OfflineRunner#decideAgain}): the same outputs, without fingerprinting and the index again. A sweep of a
     * threshold the index also applies ({@link CopydeskTopology#FILTER_SETTINGS}) runs the whole topology for its lowest
     * value, first, and decides the others from it.
     */
    public static Outcome run(SortedArchive archive, Settings base, Sweep sweep, Labels labels, Path dir,
                              String input, PointProgress progress, Runner runner, boolean reuse) throws IOException {
        Files.createDirectories(dir);
        List<String> values = sweep.isNone() ? java.util.Collections.singletonList(null) : sweep.values();
        List<Settings> settings = new ArrayList<>();
        for (String value : values) {
            Settings s = value == null ? base : base.with(sweep.key(), value);
            TopologySettings.from(s); // a bad value is a usage error before the runs
            settings.add(s);
        }
        int recordedPoint = reuse && runner == OFFLINE && values.size() > 1 ? recordedPoint(sweep.key(), settings) : -1;
        List<Integer> order = new ArrayList<>();
        if (recordedPoint >= 0) {
            order.add(recordedPoint);
        }
        for (int i = 0; i < values.size(); i++) {
            if (i != recordedPoint) {
                order.add(i);
            }
        }
        Point[] points = new Point[values.size()];
        OfflineRunner.Recorded recorded = null;
        try {
            for (int i : order) {
                Settings s = settings.get(i);
                LongConsumer onArticle = progress == null ? null : n -> progress.update(i, n);
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long warmup0 = dev.copydesk.fingerprint.MinHasher.vectorWarmupCpuNanos();
                Tally r = new Tally();
                if (i == recordedPoint) {
                    recorded = OfflineRunner.runRecorded(archive, s, onArticle, r);
                } else if (recorded != null) {
                    OfflineRunner.decideAgain(recorded, s, onArticle, r);
                } else {
                    runner.run(archive, s, onArticle, r);
                }
                // offline, all work is on this thread, but for the warm-up of the Vector API's kernels on its own (VectorWarmup)
                long cpu = cpu0 < 0 || runner != OFFLINE ? 0 : threads.getCurrentThreadCpuTime() - cpu0
                        + dev.copydesk.fingerprint.MinHasher.vectorWarmupCpuNanos() - warmup0;
                Map<String, String> clusters = r.finalClusters();
                Evaluation.Metrics m = labels == null ? null
                        : Evaluation.evaluate(clusters, labels.copyCluster(), labels.storyCluster());
                points[i] = new Point(values.get(i), s, r.counts(), m, sizes(clusters), cpu,
                        recordedPoint >= 0 && i != recordedPoint ? recordedPoint : -1);
                writeAssignments(r, clusters, dir.resolve("assignments.jsonl"), i == 0);
                if (values.size() > 1) {
                    writeAssignments(r, clusters, dir.resolve("assignments-" + i + ".jsonl"), true);
                }
            }
        } finally {
            if (recorded != null) {
                recorded.close();
            }
        }
        List<Point> all = List.of(points);
        Path json = dir.resolve("report.json");
        Files.writeString(json, MAPPER.writeValueAsString(reportJson(archive, base, sweep, labels, all, input)));
        Files.writeString(dir.resolve("report.html"), BacktestHtml.render(input, sweep.key(), all));
        return new Outcome(all, dir);
    }

    /**
     * The point whose run is recorded and from which the others are decided again, or -1: the first for a setting only the
     * decision reads; the lowest for a threshold the index applies too (its answers hold those of the higher ones).
     */
    private static int recordedPoint(String key, List<Settings> points) {
        if (CopydeskTopology.DECISION_SETTINGS.contains(key)) {
            return 0;
        }
        if (!CopydeskTopology.FILTER_SETTINGS.contains(key)) {
            return -1;
        }
        int lowest = 0;
        for (int i = 1; i < points.size(); i++) {
            if (CopydeskTopology.filterValue(key, TopologySettings.from(points.get(i)))
                    < CopydeskTopology.filterValue(key, TopologySettings.from(points.get(lowest)))) {
                lowest = i;
            }
        }
        return lowest;
    }


    /** Runs the topology over an archive with settings, each output to {@code out}: {@link OfflineRunner} by default. */
    public interface Runner {
        void run(SortedArchive archive, Settings settings, LongConsumer progress, OfflineRunner.Outputs out);
    }

    /** Offline, in a TopologyTestDriver. */
    public static final Runner OFFLINE = OfflineRunner::run;

    /** As {@link #run(LoadedArchive, Settings, Sweep, Labels, Path, String, PointProgress, Runner)}, offline. */
    public static Outcome run(LoadedArchive archive, Settings base, Sweep sweep, Labels labels, Path dir,
                              String input, PointProgress progress) throws IOException {
        return run(archive, base, sweep, labels, dir, input, progress, OFFLINE);
    }

    /** Progress of one sweep point. */
    public interface PointProgress {
        void update(int point, long articles);
    }

    private static TreeMap<Integer, Integer> sizes(Map<String, String> clusters) {
        Map<String, Integer> size = new HashMap<>();
        clusters.values().forEach(c -> size.merge(c, 1, Integer::sum));
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        size.values().forEach(n -> histogram.merge(n, 1, Integer::sum));
        return histogram;
    }

    private static void writeAssignments(Tally r, Map<String, String> clusters, Path file, boolean write) throws IOException {
        if (!write) {
            return;
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String id : r.annotated.keySet()) {
                String cluster = clusters.get(id);
                ObjectNode row = MAPPER.createObjectNode();
                row.put("id", id);
                row.put("cluster", cluster);
                row.put("canonical", r.canonical(cluster, id));
                w.write(row.toString());
                w.write('\n');
            }
        }
    }

    private static ObjectNode reportJson(SortedArchive archive, Settings base, Sweep sweep, Labels labels,
                                         List<Point> points, String input) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("input", input);
        ObjectNode in = root.putObject("archive");
        in.put("items_read", archive.read());
        in.put("articles", archive.size());
        in.put("malformed", archive.malformed());
        in.put("outside_time_range", archive.outOfRange());
        root.put("minhash", dev.copydesk.fingerprint.MinHasher.kernelInUse());
        ObjectNode settings = root.putObject("settings");
        base.asMap().forEach((k, v) -> settings.put(k, Settings.isSecret(k) ? "****" : v));
        if (!sweep.isNone()) {
            ObjectNode sw = root.putObject("sweep");
            sw.put("key", sweep.key());
            ArrayNode vals = sw.putArray("values");
            sweep.values().forEach(vals::add);
        }
        root.put("labelled_articles", labels == null ? 0 : labels.ids().size());
        ArrayNode arr = root.putArray("points");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            ObjectNode o = arr.addObject();
            if (p.value() != null) {
                o.put("value", p.value());
            }
            o.put("assignments", points.size() > 1 ? "assignments-" + i + ".jsonl" : "assignments.jsonl");
            // "indexed": the whole topology ran; "decided again from point N": the link decision and clusters ran again on
            // point N's index answers
            o.put("candidates", p.decidedAgain() ? "decided again from point " + p.decidedFrom() : "indexed");
            ObjectNode counts = o.putObject("counts");
            Counts r = p.counts();
            counts.put("articles_in", archive.size());
            counts.put("annotated", r.annotated());
            counts.put("clusters", p.clusterSizes().values().stream().mapToInt(Integer::intValue).sum());
            counts.put("multi_article_clusters", p.clusterSizes().entrySet().stream()
                    .filter(e -> e.getKey() > 1).mapToInt(Map.Entry::getValue).sum());
            counts.put("largest_cluster", p.clusterSizes().isEmpty() ? 0 : p.clusterSizes().lastKey());
            counts.put("unique", r.unique());
            counts.put("evidence", r.evidence());
            counts.put("dead_letters", r.deadLetters());
            o.put("seconds", r.nanos() / 1e9);
            o.put("articles_per_second", Math.round(p.articlesPerSecond() * 10) / 10.0);
            if (p.cpuNanos() > 0) { // not measured with --broker: the app's threads do the work
                o.put("cpu_seconds", p.cpuNanos() / 1e9);
                o.put("articles_per_cpu_second", Math.round(p.articlesPerCpuSecond() * 10) / 10.0);
            } else {
                o.putNull("cpu_seconds");
                o.putNull("articles_per_cpu_second");
            }
            ObjectNode hist = o.putObject("cluster_sizes");
            p.clusterSizes().forEach((size, n) -> hist.put(Integer.toString(size), n));
            if (p.metrics() != null) {
                o.set("metrics", MAPPER.valueToTree(p.metrics()));
            }
        }
        return root;
    }
}
