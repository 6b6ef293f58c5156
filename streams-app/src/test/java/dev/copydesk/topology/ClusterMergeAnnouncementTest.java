package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.ClusterNode;
import dev.copydesk.avro.internal.LinkRef;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster maintenance fed decisions directly (its real stores and serdes in a MockProcessorContext), for link
 * patterns that are hard to write as text: one decision that merges three clusters, where the cluster absorbed
 * first is then absorbed with its winner by a later link of the same decision.
 */
class ClusterMergeAnnouncementTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    private MockProcessorContext<String, SpecificRecord> context;
    private ClusterMaintenance processor;
    /** The last record of each key on 'stories', as a compacted topic keeps it. */
    private final Map<String, StoryCluster> compacted = new LinkedHashMap<>();
    private final List<StoryCluster> published = new ArrayList<>();

    @BeforeEach
    void setUp() {
        setUp(TopologySettings.CLUSTER_MAX_MEMBERS_DEFAULT);
    }

    private void setUp(int maxMembers) {
        context = new MockProcessorContext<>();
        compacted.clear();
        published.clear();
        KeyValueStore<String, ClusterNode> nodes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("nodes"),
                Serdes.String(), InternalSerde.of(ClusterNode.class)).withLoggingDisabled().build();
        KeyValueStore<String, StoryCluster> clusters = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("clusters"),
                Serdes.String(), InternalSerde.of(StoryCluster.class)).withLoggingDisabled().build();
        nodes.init(context.getStateStoreContext(), nodes);
        clusters.init(context.getStateStoreContext(), clusters);
        context.addStateStore(nodes);
        context.addStateStore(clusters);
        processor = new ClusterMaintenance("nodes", "clusters", Duration.ofDays(2), maxMembers, TopologyMetrics.NONE);
        processor.init(context);
    }

    private void decide(String id, int minute, boolean late, String... links) {
        decideTitled(id, "title " + id, minute, late, links);
    }

    private void decideTitled(String id, String title, int minute, boolean late, String... links) {
        List<LinkRef> refs = Arrays.stream(links).map(l -> new LinkRef(l, minuteOf(l))).toList();
        long at = T0.plusSeconds(60L * minute).toEpochMilli();
        ClusterEvent e = new ClusterEvent(id, "src-" + id, title, null, at, 10, links.length == 0 ? 0 : 8,
                links.length == 0 ? 0.0 : 0.8, refs, late);
        context.resetForwards();
        streamTime = Math.max(streamTime, at);
        context.setCurrentStreamTimeMs(streamTime);
        processor.process(new Record<>("clusters", e, at));
        for (MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> f : context.forwarded()) {
            if (f.record().value() instanceof StoryCluster s) {
                published.add(s);
                compacted.put(s.getClusterId(), s);
            }
        }
    }

    private long streamTime = Long.MIN_VALUE;
    private final Map<String, Integer> minutes = new LinkedHashMap<>();

    private long minuteOf(String id) {
        return T0.plusSeconds(60L * minutes.get(id)).toEpochMilli();
    }

    private void article(String id, int minute, String... links) {
        minutes.put(id, minute);
        decide(id, minute, false, links);
    }

    @Test
    void everyClusterAbsorbedInOneDecisionNamesTheClusterThatIsLive() {
        // three stories: C (root c0, minute 0), B (root b0, minute 10), A (a1, minute 20); B and C got later copies
        article("c0", 0);
        article("b0", 10);
        article("a1", 20);
        article("b1", 30, "b0");
        article("c1", 40, "c0");
        // a roundup linked (earliest first) to a1, b1 and c1 but not to the roots: A joins B, then B joins C
        article("x", 50, "a1", "b1", "c1");

        assertThat(compacted.get("c0").getAbsorbedInto()).isNull();
        assertThat(compacted.get("c0").getMembers()).extracting(ClusterMember::getArticleId)
                .containsExactly("c0", "b0", "a1", "b1", "c1", "x");
        assertThat(compacted.get("c0").getAbsorbed()).containsExactlyInAnyOrder("a1", "b0");
        // a reader of the compacted topic finds the live cluster from either absorbed id in one step
        assertThat(compacted.get("a1").getAbsorbedInto()).isEqualTo("c0");
        assertThat(compacted.get("b0").getAbsorbedInto()).isEqualTo("c0");
    }

    @Test
    void aLateLinkBetweenArticlesOfOneClusterPublishesNothing() {
        article("w", 0);
        article("o1", 20, "w");
        article("o2", 10, "w");
        int before = published.size();
        decide("o1", 20, true, "o2");
        assertThat(published).hasSize(before);
        assertThat(compacted.get("w").getMembers()).extracting(ClusterMember::getArticleId).containsExactly("w", "o2", "o1");
    }

    @Test
    void aLateLinkJoiningTwoClustersPublishesTheMergeOnce() {
        article("w", 0);
        article("o1", 20, "w");
        article("v", 5);
        int before = published.size();
        decide("o1", 20, true, "v");
        List<StoryCluster> out = published.subList(before, published.size());
        assertThat(out).extracting(StoryCluster::getClusterId).containsExactlyInAnyOrder("v", "w");
        assertThat(compacted.get("v").getAbsorbedInto()).isEqualTo("w");
        assertThat(compacted.get("w").getAbsorbed()).containsExactly("v");
        assertThat(compacted.get("w").getMembers()).extracting(ClusterMember::getArticleId).containsExactly("w", "v", "o1");
    }

    /**
     * A story record listed every member with its title: a wire story copied a few thousand times made a record over the
     * broker's limit, and under exactly-once that stopped cluster maintenance, one task for every article (found in
     * review). A cluster lists its earliest {@code copydesk.cluster.max.members}; its size, outlets and last_seen count
     * every member, also across a merge; at the cap and below, the record is what it was.
     */
    @Test
    void aClusterListsItsEarliestMembersUpToTheCapAndCountsThemAll() {
        setUp(4);
        article("r", 0);
        for (int i = 1; i <= 3; i++) {
            article("c" + i, i, "r");
        }
        StoryCluster atCap = compacted.get("r");
        assertThat(atCap.getMembers()).extracting(ClusterMember::getArticleId).containsExactly("r", "c1", "c2", "c3");
        assertThat(atCap.getSize()).isEqualTo(4);
        assertThat(atCap.getSourcesCount()).isEqualTo(4);
        for (int i = 4; i <= 6; i++) {
            article("c" + i, i, "r");
        }
        // a second story of two, merged in by a late link: its members are later, so none is listed
        article("s", 7);
        article("s1", 8, "s");
        decide("s1", 8, true, "c6");
        StoryCluster r = compacted.get("r");
        assertThat(r.getAbsorbedInto()).isNull();
        assertThat(r.getMembers()).extracting(ClusterMember::getArticleId).containsExactly("r", "c1", "c2", "c3");
        assertThat(r.getSize()).isEqualTo(9);
        assertThat(r.getSourcesCount()).isEqualTo(9);
        assertThat(r.getSources()).containsExactly("src-r", "src-c1", "src-c2", "src-c3", "src-c4", "src-c5", "src-c6", "src-s", "src-s1");
        assertThat(r.getLastSeen()).isEqualTo(T0.plusSeconds(60L * 8));
        assertThat(r.getFirstSeen()).isEqualTo(T0);
        assertThat(r.getCanonicalId()).isEqualTo("r");
        assertThat(compacted.get("s").getAbsorbedInto()).isEqualTo("r");
        // an article as early as the root, linked in late, takes the first place (and the cluster id: the earliest
        // article's, then the smaller id); the latest listed member leaves the list
        article("e", 0);
        decide("c1", 1, true, "e");
        StoryCluster e = compacted.get("e");
        assertThat(e.getAbsorbedInto()).isNull();
        assertThat(e.getMembers()).extracting(ClusterMember::getArticleId).containsExactly("e", "r", "c1", "c2");
        assertThat(e.getSize()).isEqualTo(10);
        assertThat(e.getSourcesCount()).isEqualTo(10);
        assertThat(compacted.get("r").getAbsorbedInto()).isEqualTo("e");
    }

    /** A member the list left out, decided again (an id sent again after its state expired), is counted once (found in review). */
    @Test
    void aMemberDecidedAgainIsCountedOnceListedOrNot() {
        setUp(2);
        article("r", 0);
        article("c1", 1, "r");
        article("c2", 2, "r");
        assertThat(compacted.get("r").getSize()).isEqualTo(3);
        decide("c2", 2, false, "r"); // c2 is not listed (the cap is 2)
        decide("c1", 1, false, "r"); // c1 is
        assertThat(compacted.get("r").getSize()).isEqualTo(3);
        assertThat(compacted.get("r").getSourcesCount()).isEqualTo(3);
    }

    /**
     * With the fields' limits a member can take about 14 KB, so 1,000 members could make a record of megabytes: the list
     * also stops at 512 KiB (found in review). 300 members with 2,000-char titles: the record stays well under 1 MiB.
     */
    @Test
    void longTitlesStopTheListBeforeTheRecordOutgrowsTheLimit() {
        article("r", 0);
        for (int i = 1; i <= 300; i++) {
            minutes.put("m" + i, i);
            decideTitled("m" + i, "t".repeat(2_000), i, false, "r");
        }
        StoryCluster r = compacted.get("r");
        assertThat(r.getSize()).isEqualTo(301);
        assertThat(r.getMembers().size()).isBetween(50, 300);
        assertThat(r.getMembers().get(0).getArticleId()).isEqualTo("r");
        byte[] record = InternalSerde.of(StoryCluster.class).serialize("stories", r);
        assertThat(record.length).isLessThan(600 * 1024);
        assertThat(r.getLastSeen()).isEqualTo(T0.plusSeconds(60L * 300));
    }
}
