package dev.copydesk.testing;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;

/** Final copy clusters from the latest record per cluster id on the stories topic. */
public final class Clusters {
    private Clusters() {
    }

    /** The member sets of the live clusters (absorbed ones dropped), as sorted id sets. */
    public static Set<Set<String>> partition(Collection<StoryCluster> latestPerKey) {
        Set<Set<String>> out = new HashSet<>();
        for (StoryCluster c : latestPerKey) {
            if (c.getAbsorbedInto() == null && !c.getMembers().isEmpty()) {
                out.add(c.getMembers().stream().map(ClusterMember::getArticleId).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        return out;
    }

    public static Set<Set<String>> partition(Map<String, StoryCluster> latestPerKey) {
        return partition(latestPerKey.values());
    }

    /** Only the clusters with two or more members (what copy detection found). */
    public static Set<Set<String>> multi(Set<Set<String>> partition) {
        return partition.stream().filter(s -> s.size() > 1).collect(Collectors.toSet());
    }
}
