package dev.copydesk.topology;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.DeadLetter;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleHeader;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.ClusterNode;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.detect.LinkConfig;
import dev.copydesk.detect.LinkRule;
import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.text.TextPipeline;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Builds copydesk's topology: a pure function of its settings, so TopologyTestDriver tests and the
 * running application execute the same graph. Every processor, store and repartition topic is named.
 *
 * <pre>
 * articles ─validate─┬─▶ articles.dlq (DeadLetter)
 *                    └─ fingerprint ─┬─ shard batches ─▶ [band-shards] ─▶ candidate-index ─┐
 *                                    └─ article header ─▶ [article-headers] ──────────────┤
 *                          [by-article] ◀──────────── shard results ◀──────────────────────┘
 *                               └▶ link-aggregator ─┬─▶ copy.evidence, articles.unique
 *                                                   └─ cluster events ─▶ [cluster-events, 1 partition]
 *                                                        └▶ cluster-maintenance ─▶ stories, articles.annotated
 * </pre>
 */
public final class CopydeskTopology {
    static {
        dev.copydesk.registry.AvroTrust.ourTypes(); // builders deep-copy records by class name, readers resolve them
    }

    public static final String SHARD_PASSAGE_STORE = "shard-passages";
    public static final String ARTICLE_STATE_STORE = "article-state";
    public static final String UNIQUE_HOLD_STORE = "unique-held";
    /**
     * The per-article aggregator's kept articles (their headers), apart from its state: read only to publish one. Named
     * apart from the repartition topic 'article-headers'. Its name also puts it after 'article-state' in the task's
     * stores (a HashSet of the processor's store names), so a commit flushes its cache after the state's.
     */
    public static final String ARTICLE_BODY_STORE = "article-bodies";
    public static final String CLUSTER_NODE_STORE = "cluster-nodes";
    public static final String CLUSTER_STORE = "clusters";
    /**
     * The record types of the internal topics and stores ({@link InternalSerde}): a release that changes one cannot
     * use the state of the one before ({@code StateLayout} refuses to start on it). {@code StateLayoutTest} checks
     * that every InternalSerde the topology makes is listed.
     */
    public static final java.util.List<Class<? extends org.apache.avro.specific.SpecificRecord>> INTERNAL_RECORDS =
            java.util.List.of(ArticleEvent.class, ArticleHeader.class, ArticleState.class, ClusterEvent.class,
                    ClusterNode.class, ShardBatch.class, ShardPassages.class, StoryCluster.class);

    private CopydeskTopology() {
    }

    public static Topology build(TopologySettings s) {
        return build(s, TopologyMetrics.NONE);
    }

    /** The same topology, with processors reporting to {@code metrics} (the running app's counters). */
    public static Topology build(TopologySettings s, TopologyMetrics metrics) {
        return build(s, metrics, null);
    }

    /**
     * The same topology; with a {@code tap}, every record the link aggregator takes is also handed to it, serialized, in
     * the order the aggregator takes them (offline runs record them to decide again under other link settings without
     * the index: {@link #buildDecisions}). Without one, the graph is the running app's.
     */
    public static Topology build(TopologySettings s, TopologyMetrics metrics, EventTap tap) {
        FingerprintConfig fpConfig = FingerprintConfig.defaults();
        LinkConfig linkConfig = s.linkConfig();
        double threshold = linkConfig.passageThreshold();
        Map<String, Object> serdeConfig = s.serdeConfig();
        Serde<Article> articleSerde = AvroSerdes.specific(Article.class, serdeConfig, false);
        Serde<String> keys = Serdes.String();

        StreamsBuilder builder = new StreamsBuilder();
        Fingerprinting fingerprinting = new Fingerprinting(TextPipeline.defaults(), new Fingerprinter(fpConfig), s.shards());

        // 1. validate: bad input to the dead-letter topic, with the reason
        KStream<String, Validated> validated = builder
                .stream(s.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-articles"))
                .process(() -> new ValidateProcessor(articleSerde.deserializer(), s.jsonInput(), s.maxBodyBytes(), metrics),
                        Named.as("validate"));
        Map<String, KStream<String, Validated>> v = validated.split(Named.as("validated-"))
                .branch((k, x) -> x.deadLetter() != null, Branched.as("dead"))
                .defaultBranch(Branched.as("ok"));
        v.get("validated-dead") // keyed by the original key's bytes, which need not be UTF-8
                .map((k, x) -> KeyValue.pair(bytes(x.deadLetter().getKey()), x.deadLetter()), Named.as("dead-letter"))
                .to(s.dlqTopic(), Produced.with(Serdes.ByteArray(), AvroSerdes.specific(DeadLetter.class, serdeConfig, false))
                        .withName("write-dlq"));

        // 2. fingerprint: one batch per index shard the article touches, and the article's header
        KStream<String, Fingerprinting.Output> fingerprinted = v.get("validated-ok")
                .mapValues(x -> fingerprinting.apply(x.article()), Named.as("fingerprint"));
        KStream<String, ShardBatch> batches = fingerprinted
                .flatMap((k, out) -> out.batches(), Named.as("shard-batches"))
                .repartition(Repartitioned.<String, ShardBatch>as("band-shards")
                        .withKeySerde(keys).withValueSerde(InternalSerde.of(ShardBatch.class))
                        .withStreamPartitioner(new ShardPartitioner()));
        KStream<String, ArticleEvent> headers = fingerprinted
                .map((k, out) -> out.header(), Named.as("article-header"))
                .repartition(Repartitioned.<String, ArticleEvent>as("article-headers")
                        .withKeySerde(keys).withValueSerde(InternalSerde.of(ArticleEvent.class)));

        // 3. candidate index: per shard, passage features within the retention window (changelogged), and
        //    band postings in memory, derived from them (IndexProcessor)
        builder.addStateStore(windowStore(SHARD_PASSAGE_STORE, s, keys, InternalSerde.of(ShardPassages.class), false));
        KStream<String, ArticleEvent> results = batches
                .process(() -> new IndexProcessor(SHARD_PASSAGE_STORE, s.retention(), s.bucketLimit(), threshold,
                        linkConfig.minNameShare(), s.indexCacheBytes(), metrics),
                        Named.as("candidate-index"), SHARD_PASSAGE_STORE)
                .repartition(Repartitioned.<String, ArticleEvent>as("by-article")
                        .withKeySerde(keys).withValueSerde(InternalSerde.of(ArticleEvent.class)));

        KStream<String, ArticleEvent> events = headers.merge(results, Named.as("article-events"));
        if (tap != null) {
            Serde<ArticleEvent> eventSerde = InternalSerde.of(ArticleEvent.class);
            events = events.processValues(() -> new TapProcessor(tap, eventSerde), Named.as("article-events-tap"));
        }
        decideAndCluster(builder, s, metrics, events, articleSerde);
        return builder.build();
    }

    /**
     * Steps 4 and 5 alone (link decision and clusters, the same processors and stores), fed from {@code eventsTopic}
     * with what an {@link EventTap} recorded, and from {@code timeTopic}, whose records only move the task's stream time
     * as the input articles moved it (their values are ignored). Offline sweeps of settings that only these steps read
     * decide every point after the first from the first point's index answers. Answers recorded under a lower passage
     * threshold or min name share ({@link #FILTER_SETTINGS}) are filtered to what the index under {@code s} sends.
     */
    public static Topology buildDecisions(TopologySettings s, String eventsTopic, String timeTopic) {
        Serde<Article> articleSerde = AvroSerdes.specific(Article.class, s.serdeConfig(), false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(timeTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-stream-time"))
                .foreach((k, x) -> { }, Named.as("stream-time"));
        // a recording under a lower passage threshold or min name share holds answers that the index under these settings
        // leaves out: not only pairs, whole records (late pairs), and a record's arrival alone can act in the aggregator
        // (a state past its expiry goes, and its held article out, as the record comes): what these settings' index would
        // not have sent is not sent
        LinkConfig link = s.linkConfig();
        KStream<String, ArticleEvent> events = builder.stream(eventsTopic,
                Consumed.with(Serdes.String(), InternalSerde.of(ArticleEvent.class)).withName("read-article-events"))
                .flatMapValues(e -> IndexProcessor.answered(e, link.passageThreshold(), link.minNameShare()),
                        Named.as("index-filters"));
        decideAndCluster(builder, s, TopologyMetrics.NONE, events, articleSerde);
        return builder.build();
    }

    /** Settings that only the link decision and cluster steps read: {@link #buildDecisions} can vary them. */
    public static final Set<String> DECISION_SETTINGS = Set.of(dev.copydesk.config.Settings.LINK_MIN_SHARE,
            dev.copydesk.config.Settings.LINK_MIN_CHAIN, dev.copydesk.config.Settings.LINK_CHANCE_RATE,
            dev.copydesk.config.Settings.LINK_MAX_CHANCE, dev.copydesk.config.Settings.UNIQUE_HOLD);

    /**
     * Thresholds of the link rule that the index also applies, as filters before verification (pairs below the passage
     * threshold, candidates below the name share): the index answers of a run at a value hold those of every stricter
     * value, and the link rule applies it again, so {@link #buildDecisions} can raise them, not lower them.
     */
    public static final Set<String> FILTER_SETTINGS = Set.of(dev.copydesk.config.Settings.PASSAGE_THRESHOLD,
            dev.copydesk.config.Settings.LINK_MIN_NAME_SHARE);

    /** The value the index and the link rule apply for one of the {@link #FILTER_SETTINGS} under {@code s} (its default if unset). */
    public static double filterValue(String key, TopologySettings s) {
        LinkConfig c = s.linkConfig();
        return switch (key) {
            case dev.copydesk.config.Settings.PASSAGE_THRESHOLD -> c.passageThreshold();
            case dev.copydesk.config.Settings.LINK_MIN_NAME_SHARE -> c.minNameShare();
            default -> throw new IllegalArgumentException(key + " is not a filter setting");
        };
    }

    /** Receives each record the link aggregator takes: key and value serialized as on the internal topics. */
    public interface EventTap {
        void event(byte[] key, byte[] value, long timestamp, org.apache.kafka.common.header.Headers headers);
    }

    private static final class TapProcessor implements FixedKeyProcessor<String, ArticleEvent, ArticleEvent> {
        private final EventTap tap;
        private final Serde<ArticleEvent> serde;
        private FixedKeyProcessorContext<String, ArticleEvent> context;

        TapProcessor(EventTap tap, Serde<ArticleEvent> serde) {
            this.tap = tap;
            this.serde = serde;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, ArticleEvent> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, ArticleEvent> record) {
            tap.event(record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    serde.serializer().serialize(null, record.value()), record.timestamp(), record.headers());
            context.forward(record);
        }
    }

    /** 4. per-article aggregation and link decision; 5. cluster maintenance; and their outputs. */
    private static void decideAndCluster(StreamsBuilder builder, TopologySettings s, TopologyMetrics metrics,
                                         KStream<String, ArticleEvent> events, Serde<Article> articleSerde) {
        Map<String, Object> serdeConfig = s.serdeConfig();
        Serde<String> keys = Serdes.String();
        LinkConfig linkConfig = s.linkConfig();
        builder.addStateStore(kvStore(ARTICLE_STATE_STORE, s, keys, InternalSerde.of(ArticleState.class)));
        // the articles the aggregator keeps (their headers) until it publishes or drops them, apart from the state
        builder.addStateStore(kvStore(ARTICLE_BODY_STORE, s, keys, InternalSerde.of(ArticleHeader.class)));
        // articles that opened a cluster, waiting (copydesk.unique.hold) for a late link before they go to articles.unique:
        // article id -> wall-clock ms of the decision
        builder.addStateStore(kvStore(UNIQUE_HOLD_STORE, s, keys, Serdes.Long()));
        LinkRule rule = new LinkRule(linkConfig);
        KStream<String, SpecificRecord> decided = events
                .process(() -> new LinkAggregator(ARTICLE_STATE_STORE, UNIQUE_HOLD_STORE, ARTICLE_BODY_STORE, rule,
                                s.retention(), s.uniqueHold(), metrics),
                        Named.as("link-aggregator"), ARTICLE_STATE_STORE, UNIQUE_HOLD_STORE, ARTICLE_BODY_STORE);
        Map<String, KStream<String, SpecificRecord>> d = decided.split(Named.as("decided-"))
                .branch((k, x) -> x instanceof CopyEvidence, Branched.as("evidence"))
                .branch((k, x) -> x instanceof Article, Branched.as("unique"))
                .defaultBranch(Branched.as("cluster"));
        d.get("decided-evidence").mapValues(x -> (CopyEvidence) x, Named.as("as-evidence"))
                .to(s.evidenceTopic(), Produced.with(keys, AvroSerdes.specific(CopyEvidence.class, serdeConfig, false)).withName("write-evidence"));
        d.get("decided-unique").mapValues(x -> (Article) x, Named.as("as-unique"))
                .to(s.uniqueTopic(), Produced.with(keys, articleSerde).withName("write-unique"));

        // 5. cluster maintenance: one task owns the union-find
        builder.addStateStore(kvStore(CLUSTER_NODE_STORE, s, keys, InternalSerde.of(ClusterNode.class)));
        builder.addStateStore(kvStore(CLUSTER_STORE, s, keys, InternalSerde.of(StoryCluster.class)));
        KStream<String, SpecificRecord> clustered = d.get("decided-cluster")
                .map((k, x) -> org.apache.kafka.streams.KeyValue.pair("clusters", (ClusterEvent) x), Named.as("to-cluster-key"))
                .repartition(Repartitioned.<String, ClusterEvent>as("cluster-events")
                        .withKeySerde(keys).withValueSerde(InternalSerde.of(ClusterEvent.class)).withNumberOfPartitions(1))
                .process(() -> new ClusterMaintenance(CLUSTER_NODE_STORE, CLUSTER_STORE, s.retention(), s.clusterMaxMembers(), metrics),
                        Named.as("cluster-maintenance"), CLUSTER_NODE_STORE, CLUSTER_STORE);
        Map<String, KStream<String, SpecificRecord>> c = clustered.split(Named.as("clustered-"))
                .branch((k, x) -> x instanceof StoryCluster, Branched.as("stories"))
                .defaultBranch(Branched.as("annotated"));
        c.get("clustered-stories").mapValues(x -> (StoryCluster) x, Named.as("as-story"))
                .to(s.storiesTopic(), Produced.with(keys, AvroSerdes.specific(StoryCluster.class, serdeConfig, false)).withName("write-stories"));
        c.get("clustered-annotated").mapValues(x -> (AnnotatedArticle) x, Named.as("as-annotated"))
                .to(s.annotatedTopic(), Produced.with(keys, AvroSerdes.specific(AnnotatedArticle.class, serdeConfig, false)).withName("write-annotated"));
    }

    /**
     * The internal topics Kafka Streams creates for this topology under {@code applicationId}: its repartition topics
     * and its stores' changelogs. {@code copydesk reset} deletes these and no others (Kafka's StreamsResetter on its
     * own takes every {@code <application.id>-*-changelog} and {@code -repartition} topic, also those of another
     * application whose id starts with this one and a dash, such as {@code copydesk-demo} for {@code copydesk}).
     */
    public static java.util.SortedSet<String> internalTopics(TopologySettings s, String applicationId) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (TopologyDescription.Subtopology sub : build(s).describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        if (!topic.equals(s.inputTopic()) && topic.endsWith("-repartition")) {
                            names.add(applicationId + "-" + topic);
                        }
                    }
                } else if (node instanceof TopologyDescription.Processor processor && s.changelogs()) {
                    for (String store : processor.stores()) {
                        names.add(applicationId + "-" + store + "-changelog");
                    }
                }
            }
        }
        return names;
    }

    private static <K, V> StoreBuilder<?> windowStore(String name, TopologySettings s, Serde<K> k, Serde<V> v, boolean dups) {
        Duration retention = s.retention().plus(s.retention()); // postings are looked up +/- one window around an article
        Duration size = Duration.ofMillis(1);
        WindowBytesStoreSupplier supplier = s.inMemoryStores()
                ? Stores.inMemoryWindowStore(name, retention, size, dups)
                : Stores.persistentWindowStore(name, retention, size, dups);
        StoreBuilder<?> b = Stores.windowStoreBuilder(supplier, k, v);
        // The changelog of a window store is compact,delete with a retention of the window plus a day, and the
        // broker deletes by record timestamp against its own clock. With event times as timestamps, a replay
        // of older articles would see its changelog records deleted within minutes of being written, and a
        // restart or a task moving to another instance would restore none of them. Stamped with the time of
        // writing, they stay as long as the store can need them (a restore reads the window from the key).
        return s.changelogs() ? b.withLoggingEnabled(CHANGELOG_TIMESTAMPS) : b.withLoggingDisabled();
    }

    /** The window store changelog's topic configs ({@link dev.copydesk.app.CopydeskApp} sets it on a changelog created before). */
    public static final Map<String, String> CHANGELOG_TIMESTAMPS =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    private static <V> StoreBuilder<?> kvStore(String name, TopologySettings s, Serde<String> k, Serde<V> v) {
        KeyValueBytesStoreSupplier supplier = s.inMemoryStores()
                ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
        StoreBuilder<?> b = Stores.keyValueStoreBuilder(supplier, k, v);
        if (!s.changelogs() && s.inMemoryStores()) {
            // offline: a cache in front of a map in the heap, with nothing to fold, only adds work (a second sorted map,
            // and a flush at every commit); no processor here forwards on a cache flush, so the outputs are the same
            return b.withLoggingDisabled();
        }
        // cached: an article's state is written once per shard response; the cache folds those writes into
        // one changelog record per commit interval instead of one per write (and, on RocksDB, saves its reads)
        b.withCachingEnabled();
        return s.changelogs() ? b : b.withLoggingDisabled();
    }

    /** Shard n goes to partition n mod partitions, so every shard lives in exactly one task. */
    static final class ShardPartitioner implements StreamPartitioner<String, ShardBatch> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, ShardBatch value, int numPartitions) {
            return Optional.of(Set.of(Integer.parseInt(key) % numPartitions));
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
