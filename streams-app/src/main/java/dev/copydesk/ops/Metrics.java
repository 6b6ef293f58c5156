package dev.copydesk.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import dev.copydesk.topology.TopologyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * copydesk's meters in one Prometheus registry: the counters and timings the processors report (through
 * {@link TopologyMetrics}), the Kafka Streams / consumer / producer metrics ({@link KafkaStreamsMetrics}),
 * the consumer group's committed lag per partition (refreshed by {@link Operations}), state store
 * sizes, the client state and rebalances. One object per app instance: nothing static.
 *
 * <p>Prometheus names: {@code copydesk_articles_in_total}, {@code copydesk_articles_linked_total},
 * {@code copydesk_articles_unique_total}, {@code copydesk_dead_letters_total{stage}},
 * {@code copydesk_links_late_total}, {@code copydesk_unique_withheld_total}, {@code copydesk_clusters_merged_total},
 * {@code copydesk_versions_kept_aside_total},
 * {@code copydesk_candidate_pairs_per_article}, {@code copydesk_index_cache_bytes} and
 * {@code copydesk_index_cache_evictions_total} (the index tasks' caches of decoded articles: estimated bytes, entries
 * evicted to stay within {@code copydesk.index.cache}), {@code copydesk_shard_lookup_seconds} (candidate
 * look-up and verification per shard batch), {@code copydesk_e2e_latency_event_seconds} (wall clock at
 * annotation minus publication time), {@code copydesk_e2e_latency_wall_seconds} (annotation minus intake,
 * wall clock), {@code copydesk_clusters_open}, {@code copydesk_state_store_entries{store}},
 * {@code copydesk_consumer_group_lag{topic,partition}}, {@code copydesk_streams_running},
 * {@code copydesk_rebalances_total}, the {@code kafka_*} client metrics (e.g.
 * {@code kafka_consumer_fetch_manager_records_lag}), and the JVM's: heap and other memory pools
 * ({@code jvm_memory_used_bytes}, {@code jvm_memory_max_bytes}), the long-lived pool after the last collection
 * ({@code jvm_memory_usage_after_gc}), the share of CPU time in GC ({@code jvm_gc_overhead}), GC pauses
 * ({@code jvm_gc_pause_seconds}, from the first collection), threads and CPU ({@code process_cpu_usage}): the
 * index lives in the heap (a few KB per indexed article), so heap after GC is what to watch.
 */
public final class Metrics implements TopologyMetrics, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter in;
    private final Counter linked;
    private final Counter unique;
    private final Counter late;
    private final Counter withheld;
    private final Counter merged;
    private final Counter keptAside;
    private final Counter rebalances;
    private final DistributionSummary candidatePairs;
    private final Timer shardLookup;
    private final Timer eventLatency;
    private final Timer wallLatency;
    private final MultiGauge groupLag;
    private final AtomicLong indexArticles = new AtomicLong();
    private final AtomicLong indexPostings = new AtomicLong();
    private final AtomicLong indexCacheBytes = new AtomicLong();
    private final Counter indexCacheEvictions;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();

    public Metrics(String applicationId) {
        registry.config().commonTags("application", applicationId);
        in = Counter.builder("copydesk.articles.in").description("input records read (valid or not)").register(registry);
        linked = Counter.builder("copydesk.articles.linked").description("articles that copy earlier ones").register(registry);
        unique = Counter.builder("copydesk.articles.unique").description("articles that open a new copy cluster").register(registry);
        late = Counter.builder("copydesk.links.late").description("links found after the article was decided").register(registry);
        withheld = Counter.builder("copydesk.unique.withheld")
                .description("articles decided unique, linked late while held (copydesk.unique.hold): kept off articles.unique")
                .register(registry);
        merged = Counter.builder("copydesk.clusters.merged").description("cluster merges").register(registry);
        keptAside = Counter.builder("copydesk.versions.kept.aside")
                .description("article ids sent again with other text while the first version is followed: its decision stands")
                .register(registry);
        rebalances = Counter.builder("copydesk.rebalances").description("transitions into REBALANCING").register(registry);
        candidatePairs = DistributionSummary.builder("copydesk.candidate.pairs.per.article")
                .description("earlier articles with verified passage pairs, per decided article").register(registry);
        Gauge.builder("copydesk.index.articles", indexArticles, AtomicLong::get)
                .description("(shard, article) entries in this instance's in-memory band indexes").register(registry);
        Gauge.builder("copydesk.index.postings", indexPostings, AtomicLong::get)
                .description("band postings in this instance's in-memory band indexes").register(registry);
        Gauge.builder("copydesk.index.cache.bytes", indexCacheBytes, AtomicLong::get).baseUnit("bytes")
                .description("estimated size of the decoded articles this instance's index tasks cache (copydesk.index.cache each)")
                .register(registry);
        indexCacheEvictions = Counter.builder("copydesk.index.cache.evictions")
                .description("decoded articles the index tasks' caches evicted to stay within copydesk.index.cache").register(registry);
        shardLookup = Timer.builder("copydesk.shard.lookup")
                .description("candidate look-up and verification of one shard batch")
                .serviceLevelObjectives(ms(0.1), ms(0.25), ms(0.5), ms(1), ms(2.5), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(1000))
                .register(registry);
        eventLatency = Timer.builder("copydesk.e2e.latency.event")
                .description("wall clock at annotation minus the article's publication time")
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
                        Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3),
                        Duration.ofDays(7), Duration.ofDays(30))
                .register(registry);
        wallLatency = Timer.builder("copydesk.e2e.latency.wall")
                .description("wall clock from intake (validate) to annotation (cluster maintenance)")
                .serviceLevelObjectives(ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10_000),
                        ms(30_000), ms(60_000), ms(300_000))
                .register(registry);
        Gauge.builder("copydesk.streams.running", this, m -> m.state == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 when the Kafka Streams client is RUNNING").register(registry);
        groupLag = MultiGauge.builder("copydesk.consumer.group.lag")
                .description("end offset minus the group's committed offset, per partition").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        heapPressure.bindTo(registry);
    }

    private static Duration ms(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Binds the Kafka Streams, consumer, producer and admin metrics of the client; new ones every 5 s. */
    void bind(KafkaStreams streams, ScheduledExecutorService scheduler) {
        streamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, Duration.ofSeconds(5));
        streamsMetrics.bindTo(registry);
    }

    /** A gauge read at scrape time (state store sizes, open clusters). */
    <T> void gauge(String name, Tags tags, String description, T source, ToDoubleFunction<T> f) {
        Gauge.builder(name, source, f).tags(tags).description(description).register(registry);
    }

    void stateChange(KafkaStreams.State before, KafkaStreams.State now) {
        state = now;
        if (now == KafkaStreams.State.REBALANCING && before != KafkaStreams.State.REBALANCING) {
            rebalances.increment();
        }
    }

    void groupLag(List<GroupLag.PartitionLag> rows) {
        List<MultiGauge.Row<?>> gauges = new ArrayList<>();
        for (GroupLag.PartitionLag r : rows) {
            gauges.add(MultiGauge.Row.of(Tags.of("topic", r.topic(), "partition", Integer.toString(r.partition())), r.lag()));
        }
        groupLag.register(gauges, true);
    }

    @Override
    public void articleIn() {
        in.increment();
    }

    @Override
    public void deadLetter(String stage) {
        Counter.builder("copydesk.dead.letters").description("input records sent to the dead-letter topic")
                .tag("stage", stage).register(registry).increment();
    }

    @Override
    public void shardLookup(int candidateArticles, int verifiedArticles, long nanos) {
        shardLookup.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void indexChanged(long articles, long postings) {
        indexArticles.addAndGet(articles);
        indexPostings.addAndGet(postings);
    }

    @Override
    public void indexCacheChanged(long bytes, long evictions) {
        indexCacheBytes.addAndGet(bytes);
        if (evictions > 0) {
            indexCacheEvictions.increment(evictions);
        }
    }

    @Override
    public void decided(int links, int candidates) {
        (links == 0 ? unique : linked).increment();
        candidatePairs.record(candidates);
    }

    @Override
    public void lateLink() {
        late.increment();
    }

    @Override
    public void uniqueWithheld() {
        withheld.increment();
    }

    @Override
    public void clusterMerged() {
        merged.increment();
    }

    @Override
    public void versionKeptAside() {
        keptAside.increment();
    }

    @Override
    public void annotated(long publishedAtMs, long ingestedAtMs) {
        long now = System.currentTimeMillis();
        eventLatency.record(Math.max(0, now - publishedAtMs), TimeUnit.MILLISECONDS);
        if (ingestedAtMs > 0) {
            wallLatency.record(Math.max(0, now - ingestedAtMs), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        gcMetrics.close(); // GC notification listeners
        heapPressure.close();
        registry.close();
    }
}
