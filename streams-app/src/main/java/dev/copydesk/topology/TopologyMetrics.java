package dev.copydesk.topology;

/**
 * What the processors report for operations (counters, timings). The running app passes a Micrometer
 * implementation ({@code dev.copydesk.ops.Metrics}); {@link #NONE} keeps {@link CopydeskTopology#build}
 * free of side effects for TopologyTestDriver runs. Implementations must be thread-safe (one instance is
 * shared by every stream thread) and cheap.
 */
public interface TopologyMetrics {
    /** Reports nothing. */
    TopologyMetrics NONE = new TopologyMetrics() {
    };

    /** Record header carrying the wall-clock time (epoch ms, 8 bytes) at which an article entered the app. */
    String INGEST_HEADER = "copydesk-ingest-ms";

    /** An input record was read (valid or not). */
    default void articleIn() {
    }

    /** An input record went to the dead-letter topic, rejected at {@code stage}. */
    default void deadLetter(String stage) {
    }

    /** One shard batch was looked up: candidate articles found and verified pairs, and the time it took. */
    default void shardLookup(int candidateArticles, int verifiedArticles, long nanos) {
    }

    /** The in-memory band index of a task grew or shrank by these many articles and postings. */
    default void indexChanged(long articles, long postings) {
    }

    /**
     * The cache of decoded articles of an index task grew or shrank by {@code bytes} (estimated) and evicted
     * {@code evictions} entries to make room.
     */
    default void indexCacheChanged(long bytes, long evictions) {
    }

    /** An article was decided: linked to {@code links} earlier articles (0 = unique). */
    default void decided(int links, int candidatePairs) {
    }

    /** A link found after the article was decided (out-of-order input). */
    default void lateLink() {
    }

    /** An article decided unique was linked late while held, and so never went to the unique topic. */
    default void uniqueWithheld() {
    }

    /**
     * An article id came again with other text while the aggregator follows its first version: that version's decision
     * stands and this one is kept aside (decided only if its answers come after the first version's state expired).
     */
    default void versionKeptAside() {
    }

    /** Two clusters merged into one. */
    default void clusterMerged() {
    }

    /**
     * An article left the app annotated with its cluster: its publication time and the wall-clock time it
     * entered the app (-1 when unknown), both epoch ms.
     */
    default void annotated(long publishedAtMs, long ingestedAtMs) {
    }
}
