package dev.copydesk.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.ClusterNode;
import dev.copydesk.avro.internal.LinkRef;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Story (copy) clusters as a union-find over copy links, in one task (the cluster-events topic has one
 * partition: link volume is small and union-find is cheap, and one owner makes cluster ids and merges
 * the same whatever the number of instances). The cluster id is the earliest article of the cluster
 * (by publication time, then id), so it is stable: merging two clusters keeps the earlier id and
 * announces the absorbed one with {@code absorbed_into}. Emits the cluster state on every change and
 * each decided article, annotated with its cluster. State older than two retention windows (stream
 * time, as the index's postings) is evicted.
 */
final class ClusterMaintenance implements Processor<String, ClusterEvent, String, SpecificRecord> {
    static {
        dev.copydesk.registry.AvroTrust.ourTypes(); // builders deep-copy records by class name, readers resolve them
    }

    private static final Comparator<ClusterMember> BY_TIME =
            Comparator.comparing(ClusterMember::getPublishedAt).thenComparing(ClusterMember::getArticleId);

    private final String nodeStoreName;
    private final String clusterStoreName;
    private final long retentionMs;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ClusterNode> nodes;
    private KeyValueStore<String, StoryCluster> clusters;

    /**
     * The most members a cluster lists (the earliest): a story record listed every member with its title, and a wire
     * story copied a few thousand times made a record over the broker's limit, which under exactly-once stops this task,
     * the only one, for every article (found in review). Its size, outlets and last_seen still count every member.
     */
    private final int maxMembers;

    ClusterMaintenance(String nodeStoreName, String clusterStoreName, Duration retention, int maxMembers, TopologyMetrics metrics) {
        this.metrics = metrics;
        this.maxMembers = maxMembers;
        this.nodeStoreName = nodeStoreName;
        this.clusterStoreName = clusterStoreName;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.nodes = context.getStateStore(nodeStoreName);
        this.clusters = context.getStateStore(clusterStoreName);
        context.schedule(Duration.ofMillis(Math.max(60_000L, retentionMs / 8)), PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, ClusterEvent> record) {
        ClusterEvent e = record.value();
        long ts = record.timestamp();
        String id = e.getArticleId();
        ensureNode(id, e.getPublishedAt());
        List<StoryCluster> losers = new ArrayList<>();
        for (LinkRef link : e.getLinks()) {
            ensureNode(link.getId(), link.getPublishedAt());
            StoryCluster loser = union(id, link.getId());
            if (loser != null) {
                losers.add(loser);
            }
        }
        // announced after every union of this event, so that each absorbed cluster names the cluster that is live
        // now, not one that a later link of the same event absorbed in turn
        String into = find(id);
        List<String> absorbed = new ArrayList<>();
        for (StoryCluster l : losers) {
            StoryCluster gone = StoryCluster.newBuilder(l).setMembers(List.of()).setSize(0).setAbsorbed(List.of())
                    .setAbsorbedInto(into).setVersion(l.getVersion() + 1).build();
            context.forward(new Record<>(l.getClusterId(), gone, context.currentStreamTimeMs()));
            metrics.clusterMerged();
            absorbed.add(l.getClusterId());
        }
        if (!e.getLate()) {
            String r = find(id);
            StoryCluster c = clusterOf(r);
            List<ClusterMember> members = new ArrayList<>(c.getMembers());
            members.removeIf(m -> m.getArticleId().equals(id));
            Instant at = Instant.ofEpochMilli(e.getPublishedAt());
            members.add(new ClusterMember(id, e.getSource(), e.getTitle(), at, e.getCopyShare()));
            c.setMembers(capped(members));
            // counted once, listed or not: the node says so (a decision again, of a member the list had left out, counted
            // it twice when the list was what said it; found in review)
            ClusterNode self = nodes.get(id);
            if (!self.getMember()) {
                nodes.put(id, ClusterNode.newBuilder(self).setMember(true).build());
                c.setSize(c.getSize() + 1);
                addSources(c, List.of(e.getSource()));
            }
            if (at.isAfter(c.getLastSeen())) {
                c.setLastSeen(at);
            }
            clusters.put(r, c);
        }
        String root = find(id);
        StoryCluster updated = clusterOf(root);
        List<String> announced = new ArrayList<>(updated.getAbsorbed()); // held back by an earlier event (below)
        announced.addAll(absorbed);
        updated.setAbsorbed(announced);
        if (e.getLate() && announced.isEmpty()) {
            // a late link that merged no published cluster (e.g. inside one cluster): 'stories' shows nothing new
        } else if (updated.getMembers().stream().anyMatch(m -> m.getArticleId().equals(root))) {
            publish(updated, ts);
        } else {
            // a late link reached an earlier article whose own decision has not arrived yet: the cluster is its,
            // but publishing it now would show it without that article (and another canonical). Its decision
            // comes next and publishes the cluster, with the merges held here.
            clusters.put(root, updated);
        }
        if (!e.getLate()) {
            StoryCluster c = clusterOf(root);
            context.forward(new Record<>(id, AnnotatedArticle.newBuilder()
                    .setId(id).setSource(e.getSource()).setTitle(e.getTitle()).setUrl(e.getUrl())
                    .setPublishedAt(Instant.ofEpochMilli(e.getPublishedAt()))
                    .setClusterId(root).setCanonicalId(c.getCanonicalId())
                    .setUnique(e.getLinks().isEmpty())
                    .setCopyShare(e.getCopyShare()).setMatchedPassages(e.getMatchedPassages()).setPassages(e.getPassages())
                    .setLinkedTo(e.getLinks().stream().map(LinkRef::getId).toList())
                    .build(), ts));
            org.apache.kafka.common.header.Header in = record.headers().lastHeader(TopologyMetrics.INGEST_HEADER);
            metrics.annotated(e.getPublishedAt(), in == null || in.value().length != 8 ? -1
                    : java.nio.ByteBuffer.wrap(in.value()).getLong());
        }
    }

    private void publish(StoryCluster c, long ts) {
        List<ClusterMember> members = new ArrayList<>(c.getMembers());
        members.sort(BY_TIME);
        c.setMembers(members);
        Instant latest = members.stream().map(ClusterMember::getPublishedAt).max(Comparator.naturalOrder()).orElse(null);
        if (c.getSize() <= members.size()) { // every member listed: all from the list, as before there was a cap
            c.setSize(members.size());
            c.setSources(List.of());
            addSources(c, members.stream().map(ClusterMember::getSource).toList());
            if (latest != null) {
                c.setLastSeen(latest);
            }
        } else if (latest != null && latest.isAfter(c.getLastSeen())) {
            c.setLastSeen(latest);
        }
        c.setSourcesCount(c.getSources().size());
        if (!members.isEmpty()) {
            c.setCanonicalId(members.get(0).getArticleId());
            c.setCanonicalTitle(members.get(0).getTitle());
            c.setFirstSeen(members.get(0).getPublishedAt());
        }
        c.setVersion(c.getVersion() + 1);
        context.forward(new Record<>(c.getClusterId(), c, ts));
        clusters.put(c.getClusterId(), StoryCluster.newBuilder(c).setAbsorbed(List.of()).build()); // announced once
    }

    /**
     * The most bytes a cluster's listed members may take (ids, outlets and titles as UTF-8 at most, and the rest): with the
     * fields' limits a member can take about 14 KB, so a count alone does not keep the record under the broker's 1 MiB
     * (found in review).
     */
    static final int MAX_MEMBER_BYTES = 512 * 1024;
    /** The most bytes of outlet names a cluster lists in {@code sources}. */
    static final int MAX_SOURCES_BYTES = 256 * 1024;

    private static int bytesOf(ClusterMember m) {
        return 32 + 3 * (m.getArticleId().length() + m.getSource().length() + m.getTitle().length());
    }

    /** {@code members}, or its earliest ones when it has more than {@link #maxMembers} or they take over {@link #MAX_MEMBER_BYTES}. */
    private List<ClusterMember> capped(List<ClusterMember> members) {
        int bytes = 0;
        for (ClusterMember m : members) {
            bytes += bytesOf(m);
        }
        if (members.size() <= maxMembers && bytes <= MAX_MEMBER_BYTES) {
            return members;
        }
        List<ClusterMember> sorted = new ArrayList<>(members);
        sorted.sort(BY_TIME);
        List<ClusterMember> kept = new ArrayList<>();
        int taken = 0;
        for (ClusterMember m : sorted) {
            if (kept.size() == maxMembers || (!kept.isEmpty() && taken + bytesOf(m) > MAX_MEMBER_BYTES)) {
                break;
            }
            kept.add(m);
            taken += bytesOf(m);
        }
        return kept;
    }

    /**
     * Adds to {@code c}'s outlets those of {@code sources} it does not have yet, in order, while they take at most
     * {@link #MAX_SOURCES_BYTES} (beyond, sources_count stops growing: a lower bound).
     */
    private static void addSources(StoryCluster c, List<? extends CharSequence> sources) {
        List<String> all = new ArrayList<>();
        c.getSources().forEach(x -> all.add(x.toString()));
        Set<String> seen = new HashSet<>(all);
        int bytes = 0;
        for (String x : all) {
            bytes += 2 + 3 * x.length();
        }
        for (CharSequence x : sources) {
            String name = x.toString();
            if (!seen.contains(name) && bytes + 2 + 3 * name.length() <= MAX_SOURCES_BYTES) {
                seen.add(name);
                all.add(name);
                bytes += 2 + 3 * name.length();
            }
        }
        c.setSources(all);
    }

    private StoryCluster clusterOf(String root) {
        StoryCluster c = clusters.get(root);
        if (c == null) {
            ClusterNode n = nodes.get(root);
            Instant t = Instant.ofEpochMilli(n == null ? 0 : n.getPublishedAt());
            c = StoryCluster.newBuilder().setClusterId(root).setCanonicalId(root).setCanonicalTitle("")
                    .setMembers(new ArrayList<>()).setSize(0).setSourcesCount(0).setFirstSeen(t).setLastSeen(t)
                    .setVersion(0).setAbsorbed(List.of()).setAbsorbedInto(null).setSources(List.of()).build();
        }
        return c;
    }

    private void ensureNode(String id, long publishedAt) {
        if (nodes.get(id) == null) {
            nodes.put(id, new ClusterNode(id, publishedAt, false));
        }
    }

    private String find(String id) {
        String cur = id;
        List<String> path = new ArrayList<>();
        ClusterNode n = nodes.get(cur);
        while (n != null && !n.getParent().equals(cur)) {
            path.add(cur);
            cur = n.getParent();
            n = nodes.get(cur);
        }
        for (String p : path) { // path compression
            ClusterNode pn = nodes.get(p);
            if (!pn.getParent().equals(cur)) {
                nodes.put(p, ClusterNode.newBuilder(pn).setParent(cur).build());
            }
        }
        return cur;
    }

    /**
     * Unites the clusters of a and b; returns the absorbed cluster's last state, or null when they were already
     * one or the absorbed root had no cluster yet (nothing was announced for it).
     */
    private StoryCluster union(String a, String b) {
        String ra = find(a);
        String rb = find(b);
        if (ra.equals(rb)) {
            return null;
        }
        ClusterNode na = nodes.get(ra);
        ClusterNode nb = nodes.get(rb);
        boolean aWins = na.getPublishedAt() < nb.getPublishedAt()
                || (na.getPublishedAt() == nb.getPublishedAt() && ra.compareTo(rb) < 0);
        String winner = aWins ? ra : rb;
        String loser = aWins ? rb : ra;
        ClusterNode ln = aWins ? nb : na;
        nodes.put(loser, ClusterNode.newBuilder(ln).setParent(winner).build());
        StoryCluster w = clusterOf(winner);
        StoryCluster l = clusters.get(loser);
        if (l != null) {
            List<ClusterMember> members = new ArrayList<>(w.getMembers());
            members.addAll(l.getMembers());
            w.setMembers(capped(members));
            w.setSize(w.getSize() + l.getSize());
            addSources(w, l.getSources());
            if (l.getLastSeen().isAfter(w.getLastSeen())) {
                w.setLastSeen(l.getLastSeen());
            }
            List<String> held = new ArrayList<>(w.getAbsorbed()); // merges the loser held unpublished go with it
            held.addAll(l.getAbsorbed());
            w.setAbsorbed(held);
            clusters.put(winner, w);
            clusters.delete(loser);
        } else {
            clusters.put(winner, w);
        }
        return l;
    }

    /**
     * Evicts clusters whose last article is older than two retention windows, with their nodes: the index
     * keeps postings that long (a late article one window behind stream time still finds articles one window
     * before it), so a link can still reach any cluster kept here.
     */
    private void expire(long streamTime) {
        long cutoff = streamTime - 2 * retentionMs;
        Set<String> deadRoots = new HashSet<>();
        try (KeyValueIterator<String, StoryCluster> it = clusters.all()) {
            while (it.hasNext()) {
                KeyValue<String, StoryCluster> kv = it.next();
                if (kv.value.getLastSeen().toEpochMilli() < cutoff) {
                    deadRoots.add(kv.key);
                }
            }
        }
        List<String> deadNodes = new ArrayList<>();
        try (KeyValueIterator<String, ClusterNode> it = nodes.all()) {
            while (it.hasNext()) {
                KeyValue<String, ClusterNode> kv = it.next();
                if (kv.value.getPublishedAt() < cutoff) {
                    deadNodes.add(kv.key);
                }
            }
        }
        List<String> remove = new ArrayList<>();
        for (String n : deadNodes) {
            String r = find(n);
            if (deadRoots.contains(r) || clusters.get(r) == null) {
                remove.add(n);
            }
        }
        remove.forEach(nodes::delete);
        deadRoots.forEach(clusters::delete);
    }
}
