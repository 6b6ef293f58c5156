package dev.copydesk.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.avro.internal.ClusterNode;
import dev.copydesk.topology.CopydeskTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's cluster stores: {@code clusters} (cluster id → {@link StoryCluster}) and
 * {@code cluster-nodes} (union-find parent pointers; following parents to the root gives the cluster
 * id). Both live in the one task that owns the cluster-events partition; {@link OpsServer} routes a
 * query to the instance that holds it. Results are plain maps, ready for JSON.
 */
final class ClusterQueries {
    private final KafkaStreams streams;

    ClusterQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    Optional<Map<String, Object>> cluster(String id) {
        StoryCluster c = this.<StoryCluster>store(CopydeskTopology.CLUSTER_STORE).get(id);
        return Optional.ofNullable(c).map(ClusterQueries::json);
    }

    /** The article's cluster: follows the union-find parents to the root. */
    Optional<Map<String, Object>> clusterOfArticle(String articleId) {
        ReadOnlyKeyValueStore<String, ClusterNode> nodes = store(CopydeskTopology.CLUSTER_NODE_STORE);
        String cur = articleId;
        ClusterNode n = nodes.get(cur);
        if (n == null) {
            return Optional.empty();
        }
        for (int hops = 0; n != null && !n.getParent().equals(cur) && hops < 10_000; hops++) {
            cur = n.getParent();
            n = nodes.get(cur);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("article_id", articleId);
        out.put("cluster_id", cur);
        out.put("cluster", cluster(cur).orElse(null));
        return Optional.of(out);
    }

    /** The {@code n} clusters seen last (by the publication time of their newest article). */
    List<Map<String, Object>> recent(int n) {
        List<StoryCluster> all = new ArrayList<>();
        try (KeyValueIterator<String, StoryCluster> it = this.<StoryCluster>store(CopydeskTopology.CLUSTER_STORE).all()) {
            while (it.hasNext()) {
                KeyValue<String, StoryCluster> kv = it.next();
                all.add(kv.value);
            }
        }
        all.sort(Comparator.comparing(StoryCluster::getLastSeen).reversed().thenComparing(StoryCluster::getClusterId));
        return all.stream().limit(n).map(ClusterQueries::json).toList();
    }

    static Map<String, Object> json(StoryCluster c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster_id", c.getClusterId());
        m.put("canonical_id", c.getCanonicalId());
        m.put("canonical_title", c.getCanonicalTitle());
        m.put("size", c.getSize());
        m.put("sources_count", c.getSourcesCount());
        m.put("first_seen", String.valueOf(c.getFirstSeen()));
        m.put("last_seen", String.valueOf(c.getLastSeen()));
        m.put("version", c.getVersion());
        List<Map<String, Object>> members = new ArrayList<>();
        for (ClusterMember x : c.getMembers()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("article_id", x.getArticleId());
            mm.put("source", x.getSource());
            mm.put("title", x.getTitle());
            mm.put("published_at", String.valueOf(x.getPublishedAt()));
            mm.put("copy_share", x.getCopyShare());
            members.add(mm);
        }
        m.put("members", members);
        return m;
    }
}
