package dev.copydesk.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a phase's Streams app did, from Kafka's own client metrics: the records its producers wrote and its main
 * consumers read (every topic: input, repartition topics, changelogs and outputs; not the transaction markers; a batch
 * sent again after a retriable error counts once), and how its stream threads split their time (Kafka Streams'
 * {@code process-ratio}, {@code commit-ratio}, {@code poll-ratio} and {@code punctuate-ratio}: each the share of the
 * thread's last loop, so they are sampled every {@link Sampler#PERIOD_MS} ms while the measured articles run and averaged
 * over the samples and the threads). They show what a phase asks of the broker (a pass-through writes one record per
 * article, copydesk about 28) and whether its stream thread is the bottleneck (processing most of its time: for copydesk
 * it is, and its records' count is not what makes it so; see the README's Targets). A client that Kafka Streams replaces
 * during the phase (a stream thread replaced after an error, a producer fenced under exactly-once) takes its counts with
 * it: {@link #complete} is then false.
 *
 * @param articles        articles that went through the app's topology in the phase (warm-up and measured; not those
 *                        preloaded into the index)
 * @param recordsSent     records the app's producers sent, over the whole phase (warm-up included)
 * @param recordsConsumed records the app's main consumers read (restore consumers not counted)
 * @param process         mean share of a stream thread's wall time in processing (NaN: no sample)
 * @param commit          ... in committing (under exactly-once: the transaction's commit)
 * @param poll            ... in polling its consumer
 * @param punctuate       ... in punctuations
 * @param samples         how many samples of the ratios were taken
 * @param sentByTopic     records sent per topic (its name without the phase's prefix), most first
 * @param complete        whether the phase's output topics got at least one record per article fed: false when a client
 *                        replaced during the phase took its counts with it, so the figures are low
 */
public record ClientFigures(int articles, long recordsSent, long recordsConsumed, double process, double commit, double poll,
                            double punctuate, int samples, Map<String, Long> sentByTopic, boolean complete) {

    public static final ClientFigures NONE = new ClientFigures(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Map.of(), true);

    /** Records written per article that went through the topology (NaN: not measured). */
    public double sentPerArticle() {
        return articles == 0 ? Double.NaN : (double) recordsSent / articles;
    }

    /** Records read per article that went through the topology (NaN: not measured). */
    public double consumedPerArticle() {
        return articles == 0 ? Double.NaN : (double) recordsConsumed / articles;
    }

    /** Collects the ratios while a phase runs ({@link #sample}), then the record counts at its end ({@link #finish}). */
    static final class Sampler {
        private final Supplier<Map<MetricName, ? extends Metric>> metrics;
        private final List<String> topicPrefixes;
        private final List<String> outputs;
        private final double[] sums = new double[RATIOS.length];
        private int samples;

        private static final String[] RATIOS = {"process-ratio", "commit-ratio", "poll-ratio", "punctuate-ratio"};
        /** How often the ratios are sampled: each is the share of one loop of the thread (a few ms to a few hundred). */
        static final int PERIOD_MS = 100;

        /**
         * @param topicPrefixes cut from topic names in {@link ClientFigures#sentByTopic} (the first that matches)
         * @param outputs       the topics (short names) each article fed goes to once: fewer records there mean lost counts
         *                      ({@link ClientFigures#complete})
         */
        Sampler(Supplier<Map<MetricName, ? extends Metric>> metrics, List<String> topicPrefixes, List<String> outputs) {
            this.metrics = metrics;
            this.topicPrefixes = topicPrefixes;
            this.outputs = outputs;
        }

        /** Adds one sample of each ratio, the mean over the stream threads that report it; none if no thread does yet. */
        synchronized void sample() {
            double[] sum = new double[RATIOS.length];
            int[] threads = new int[RATIOS.length];
            for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
                MetricName n = e.getKey();
                if (!n.group().equals("stream-thread-metrics")) {
                    continue;
                }
                for (int i = 0; i < RATIOS.length; i++) {
                    if (n.name().equals(RATIOS[i]) && e.getValue().metricValue() instanceof Double v && !v.isNaN()) {
                        sum[i] += v;
                        threads[i]++;
                    }
                }
            }
            if (threads[0] == 0) {
                return;
            }
            for (int i = 0; i < RATIOS.length; i++) {
                sums[i] += threads[i] == 0 ? 0 : sum[i] / threads[i];
            }
            samples++;
        }

        /**
         * The figures: the ratios sampled so far, and the records counted now (call before the app closes), over the
         * {@code articles} that went through the topology.
         */
        synchronized ClientFigures finish(int articles) {
            if (samples == 0) {
                sample(); // at least one, in a phase shorter than the sampling period
            }
            long sent = 0;
            long consumed = 0;
            Map<String, Long> byTopic = new TreeMap<>();
            for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
                MetricName n = e.getKey();
                String client = n.tags().getOrDefault("client-id", "");
                // the sender counts a batch each time it sends it; a retried batch's records also count as retries
                long sign = n.name().equals("record-send-total") ? 1 : n.name().equals("record-retry-total") ? -1 : 0;
                if (sign != 0 && n.group().equals("producer-metrics")) {
                    sent += sign * count(e.getValue());
                } else if (sign != 0 && n.group().equals("producer-topic-metrics")) {
                    byTopic.merge(shortName(n.tags().getOrDefault("topic", "?")), sign * count(e.getValue()), Long::sum);
                } else if (n.group().equals("consumer-fetch-manager-metrics") && n.name().equals("records-consumed-total")
                        && !n.tags().containsKey("topic") && isMainConsumer(client)) {
                    consumed += count(e.getValue());
                }
            }
            List<Map.Entry<String, Long>> topics = new ArrayList<>(byTopic.entrySet());
            topics.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
            Map<String, Long> sorted = new LinkedHashMap<>();
            topics.forEach(t -> sorted.put(t.getKey(), t.getValue()));
            long out = outputs.stream().mapToLong(t -> byTopic.getOrDefault(t, 0L)).sum();
            return new ClientFigures(articles, sent, consumed, mean(0), mean(1), mean(2), mean(3), samples,
                    java.util.Collections.unmodifiableMap(sorted), out >= articles);
        }

        private String shortName(String topic) {
            for (String prefix : topicPrefixes) {
                if (topic.startsWith(prefix) && topic.length() > prefix.length()) {
                    return topic.substring(prefix.length());
                }
            }
            return topic;
        }

        /** Kafka Streams names its threads' consumers {@code …-StreamThread-N-consumer}; the restore consumers end in {@code -restore-consumer}. */
        static boolean isMainConsumer(String clientId) {
            return clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer") && !clientId.endsWith("-global-consumer");
        }

        private double mean(int i) {
            return samples == 0 ? Double.NaN : sums[i] / samples;
        }

        private static long count(Metric m) {
            return m.metricValue() instanceof Number v ? Math.round(v.doubleValue()) : 0;
        }
    }
}
