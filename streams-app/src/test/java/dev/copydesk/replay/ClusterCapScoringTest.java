package dev.copydesk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.copydesk.config.Settings;
import dev.copydesk.sample.GeneratedCorpus;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;

/**
 * A story cluster lists at most {@code copydesk.cluster.max.members} members (a record over the broker's limit stopped
 * cluster maintenance, found in review): the final clusters a backtest scores must not depend on it. Articles beyond a
 * cluster's list are placed by their annotated cluster id, followed through the merges on {@code stories}.
 */
class ClusterCapScoringTest {
    @Test
    void theFinalClustersAreTheSameWhenClustersListOnlyTwoMembers() {
        GeneratedCorpus corpus = new WireStoryGenerator(20260322L).generate(600, Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(1));
        OfflineRunner.Result whole = OfflineRunner.run(corpus.articles(), Settings.defaults(), null);
        Settings capped = Settings.defaults().with(Settings.CLUSTER_MAX_MEMBERS, "2");
        OfflineRunner.Result listed = OfflineRunner.run(corpus.articles(), capped, null);
        Backtest.Tally tally = new Backtest.Tally();
        OfflineRunner.run(corpus.articles(), capped, null, tally);

        long cut = listed.stories().values().stream().filter(c -> c.getAbsorbedInto() == null && c.getSize() > 2).count();
        assertThat(cut).as("clusters whose list the cap cut").isGreaterThan(20);
        assertThat(listed.stories().values()).allSatisfy(c -> assertThat(c.getMembers().size()).isLessThanOrEqualTo(2));
        Map<String, String> expected = whole.finalClusters();
        assertThat(expected.values().stream().distinct().count()).isLessThan(expected.size() - 100); // copies were linked
        assertThat(listed.finalClusters()).isEqualTo(expected);
        assertThat(tally.finalClusters()).isEqualTo(expected);
        // each live cluster counts every member, listed or not
        Map<String, Long> sizes = expected.values().stream()
                .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()));
        listed.stories().values().stream().filter(c -> c.getAbsorbedInto() == null)
                .forEach(c -> assertThat((long) c.getSize()).as(c.getClusterId()).isEqualTo(sizes.get(c.getClusterId())));
    }
}
