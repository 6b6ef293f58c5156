package dev.copydesk.topology;

import java.time.Duration;
import java.util.Map;

import dev.copydesk.config.Settings;
import dev.copydesk.detect.LinkConfig;

/**
 * The settings the topology is built from (a pure value, so tests build the same topology). {@code changelogs} is
 * true except for runs whose stores live only as long as the run ({@link #withoutChangelogs()}). {@code uniqueHold}:
 * how long, by the wall clock of the stream task, an article that opened a cluster waits before it goes to the
 * unique topic (zero: at once); a late link in that time keeps it off. {@code indexCacheBytes}: the budget of each index
 * task's cache of decoded articles ({@code copydesk.index.cache}), which changes no result. {@code clusterMaxMembers}: the
 * most members a story cluster lists ({@code copydesk.cluster.max.members}).
 */
public record TopologySettings(
        String inputTopic, String dlqTopic, String storiesTopic, String annotatedTopic, String uniqueTopic,
        String evidenceTopic, boolean jsonInput, Duration retention, int shards, int maxBodyBytes,
        boolean inMemoryStores, int bucketLimit, double passageThreshold, Map<String, Object> serdeConfig,
        double linkMinShare, int linkMinChain, double linkMinNameShare, double linkChanceRate, double linkMaxChance,
        Duration uniqueHold, boolean changelogs, long indexCacheBytes, int clusterMaxMembers) {

    /**
     * {@code copydesk.index.cache} unless set: about the 8,192 articles a task cached when the bound was a count, on the
     * bench's ~4 KB articles (6.1 KB an entry decoded, 6.2 KB with its key and map entry; about 12,000 of the generator's
     * default 2.7 KB articles, 4.1 KB decoded).
     */
    public static final long INDEX_CACHE_DEFAULT = 50L << 20;

    /** {@code copydesk.cluster.max.members}: a story record of 1,000 members of ~200 bytes is ~200 KB, under the 1 MiB limit. */
    public static final int CLUSTER_MAX_MEMBERS_DEFAULT = 1000;

    /** Without link-rule overrides (NaN / 0: the {@link LinkConfig#defaults()}). */
    public TopologySettings(String inputTopic, String dlqTopic, String storiesTopic, String annotatedTopic, String uniqueTopic,
                            String evidenceTopic, boolean jsonInput, Duration retention, int shards, int maxBodyBytes,
                            boolean inMemoryStores, int bucketLimit, double passageThreshold, Map<String, Object> serdeConfig) {
        this(inputTopic, dlqTopic, storiesTopic, annotatedTopic, uniqueTopic, evidenceTopic, jsonInput, retention, shards,
                maxBodyBytes, inMemoryStores, bucketLimit, passageThreshold, serdeConfig, Double.NaN, 0, Double.NaN,
                Double.NaN, Double.NaN, Duration.ZERO, true, INDEX_CACHE_DEFAULT, CLUSTER_MAX_MEMBERS_DEFAULT);
    }

    /**
     * The same settings with stores that keep no changelog: for runs whose stores live only as long as the run
     * (offline, in a TopologyTestDriver), where nothing is ever restored. The results are the same.
     */
    public TopologySettings withoutChangelogs() {
        return new TopologySettings(inputTopic, dlqTopic, storiesTopic, annotatedTopic, uniqueTopic, evidenceTopic,
                jsonInput, retention, shards, maxBodyBytes, inMemoryStores, bucketLimit, passageThreshold, serdeConfig,
                linkMinShare, linkMinChain, linkMinNameShare, linkChanceRate, linkMaxChance, uniqueHold, false, indexCacheBytes,
                clusterMaxMembers);
    }

    /** The link rule: its defaults with the configured passage threshold, min share, min chain, min name share and chance test. */
    public LinkConfig linkConfig() {
        LinkConfig d = LinkConfig.defaults();
        return new LinkConfig(Double.isNaN(passageThreshold) ? d.passageThreshold() : passageThreshold,
                linkMinChain > 0 ? linkMinChain : d.minChain(), Double.isNaN(linkMinShare) ? d.minShare() : linkMinShare,
                d.shortArticle(), Double.isNaN(linkMinNameShare) ? d.minNameShare() : linkMinNameShare,
                Double.isNaN(linkChanceRate) ? d.chanceRate() : linkChanceRate,
                Double.isNaN(linkMaxChance) ? d.maxChance() : linkMaxChance);
    }

    public static TopologySettings from(Settings s) {
        String fmt = s.get(Settings.INPUT_FORMAT).trim();
        if (!fmt.equals("avro") && !fmt.equals("json")) {
            throw new dev.copydesk.config.ConfigException(Settings.INPUT_FORMAT + " must be avro or json, got '" + fmt + "'");
        }
        String store = s.get(Settings.STORE_TYPE).trim();
        if (!store.equals("rocksdb") && !store.equals("memory")) {
            throw new dev.copydesk.config.ConfigException(Settings.STORE_TYPE + " must be rocksdb or memory, got '" + store + "'");
        }
        return new TopologySettings(
                s.get(Settings.INPUT_TOPIC), s.get(Settings.DLQ_TOPIC), s.get(Settings.STORIES_TOPIC),
                s.get(Settings.ANNOTATED_TOPIC), s.get(Settings.UNIQUE_TOPIC), s.get(Settings.EVIDENCE_TOPIC),
                fmt.equals("json"), s.getPositiveDuration(Settings.RETENTION), positive(s, Settings.INDEX_SHARDS),
                positive(s, Settings.MAX_BODY_BYTES), store.equals("memory"), positive(s, Settings.BUCKET_LIMIT),
                share(s, Settings.PASSAGE_THRESHOLD),
                Map.copyOf(s.kafkaProperties()), share(s, Settings.LINK_MIN_SHARE),
                s.getOrNull(Settings.LINK_MIN_CHAIN) == null ? 0 : positive(s, Settings.LINK_MIN_CHAIN),
                share(s, Settings.LINK_MIN_NAME_SHARE), rate(s, Settings.LINK_CHANCE_RATE), share(s, Settings.LINK_MAX_CHANCE),
                s.getNonNegativeDuration(Settings.UNIQUE_HOLD), true,
                s.getOrNull(Settings.INDEX_CACHE) == null ? INDEX_CACHE_DEFAULT : s.getBytes(Settings.INDEX_CACHE),
                positive(s, Settings.CLUSTER_MAX_MEMBERS));
    }

    /** A probability strictly between 0 and 1, or NaN when not set. */
    private static double rate(Settings s, String key) {
        double v = share(s, key);
        if (v == 0 || v == 1) {
            throw new dev.copydesk.config.ConfigException("setting " + key + " must be strictly between 0 and 1, got " + v);
        }
        return v;
    }

    /** A share in [0, 1], or NaN when not set. */
    private static double share(Settings s, String key) {
        if (s.getOrNull(key) == null) {
            return Double.NaN;
        }
        double v = s.getDouble(key);
        if (!(v >= 0 && v <= 1)) {
            throw new dev.copydesk.config.ConfigException("setting " + key + " must be between 0 and 1, got " + v);
        }
        return v;
    }

    private static int positive(Settings s, String key) {
        return s.getInt(key, Integer.MAX_VALUE);
    }
}
