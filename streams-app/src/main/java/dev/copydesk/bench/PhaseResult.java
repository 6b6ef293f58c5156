package dev.copydesk.bench;

/**
 * The figures of one measured phase.
 *
 * @param name             row label ({@code pass-through}, {@code copydesk})
 * @param history          articles fed and processed before timing started (warm-up plus index history)
 * @param articles         measured articles (each seen once on the phase's output topic)
 * @param seconds          first measured send to last output received
 * @param p50Millis        median send → output-received latency (read_committed consumer)
 * @param p99Millis        99th percentile of the same
 * @param peakHeapBytes    highest heap use sampled during the phase (whole JVM: broker, feeder, reader, app)
 * @param liveHeapBytes    heap in use right after a full GC at the end of the phase, app still running (whole JVM):
 *                         what the phase's state really holds, unlike the peak, which includes garbage
 * @param stateBytes       size of the app's state directory after it closed (0 for the stateless pass-through)
 * @param deadLettered     measured articles that came out on the dead-letter topic instead (rejected input)
 * @param timeline         each measured article's send and receipt, for the report's charts
 * @param clients          the app's records written and read per article, and its stream threads' time, from Kafka's
 *                         client metrics ({@link ClientFigures#NONE}: not measured)
 */
public record PhaseResult(String name, int history, int articles, double seconds, double p50Millis, double p99Millis,
                          long peakHeapBytes, long liveHeapBytes, long stateBytes, int deadLettered, PhaseTimeline timeline,
                          ClientFigures clients) {

    /** Nothing dead-lettered, without a timeline. */
    public PhaseResult(String name, int history, int articles, double seconds, double p50Millis, double p99Millis,
                       long peakHeapBytes, long liveHeapBytes, long stateBytes) {
        this(name, history, articles, seconds, p50Millis, p99Millis, peakHeapBytes, liveHeapBytes, stateBytes, 0, PhaseTimeline.NONE,
                ClientFigures.NONE);
    }

    /** Without client figures. */
    public PhaseResult(String name, int history, int articles, double seconds, double p50Millis, double p99Millis,
                       long peakHeapBytes, long liveHeapBytes, long stateBytes, int deadLettered, PhaseTimeline timeline) {
        this(name, history, articles, seconds, p50Millis, p99Millis, peakHeapBytes, liveHeapBytes, stateBytes, deadLettered, timeline,
                ClientFigures.NONE);
    }

    public double articlesPerSecond() {
        return seconds > 0 ? articles / seconds : 0;
    }

    /** State-store bytes per indexed article (history plus measured), or 0 without state. */
    public double stateBytesPerArticle() {
        int indexed = articles + history;
        return stateBytes == 0 || indexed == 0 ? 0 : (double) stateBytes / indexed;
    }
}
