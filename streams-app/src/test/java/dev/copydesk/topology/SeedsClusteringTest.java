package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.copydesk.archive.ArchiveReader;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.replay.OfflineRunner;
import dev.copydesk.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The five real seed articles (../shared/seeds) through the whole topology: the AFP group and nothing else. */
class SeedsClusteringTest {

    @Test
    void theAfpCopyGroupEndsInOneClusterAndTheOtherWiresStayOut() throws Exception {
        Path seeds = SharedData.require("seeds");
        List<Article> articles = ArchiveReader.readArticles(seeds);
        assertThat(articles).hasSize(5);
        OfflineRunner.Result r = OfflineRunner.run(articles, Settings.defaults(), null);
        Map<String, String> cluster = r.finalClusters();
        String afp = cluster.get("000_d7952e7ffe9ffabc");
        assertThat(cluster.get("001_f5355585b5611a4b")).isEqualTo(afp);
        assertThat(cluster.get("002_605a4f63f9a37858")).isEqualTo(afp);
        assertThat(cluster.get("003_fdf5bc142029436b")).isNotEqualTo(afp);
        assertThat(cluster.get("004_ca967a8cb344c277")).isNotEqualTo(afp).isNotEqualTo(cluster.get("003_fdf5bc142029436b"));
        r.evidence().forEach(e -> System.out.printf("seed link %s -> %s: score %.3f, %d passages, share %.2f / %.2f%n",
                e.getArticleId(), e.getLinkedArticleId(), e.getScore(), e.getMatchedPassages(), e.getShare(), e.getLinkedShare()));
    }

    @Test
    void inReverseOrderTheClustersAreTheSame() throws Exception {
        Path seeds = SharedData.require("seeds");
        List<Article> articles = new java.util.ArrayList<>(ArchiveReader.readArticles(seeds));
        java.util.Collections.reverse(articles); // out-of-order arrival: late pairs must still link
        Map<String, String> cluster = OfflineRunner.run(articles, Settings.defaults(), null).finalClusters();
        assertThat(cluster.get("001_f5355585b5611a4b")).isEqualTo(cluster.get("000_d7952e7ffe9ffabc"));
        assertThat(cluster.get("002_605a4f63f9a37858")).isEqualTo(cluster.get("000_d7952e7ffe9ffabc"));
        assertThat(cluster.get("003_fdf5bc142029436b")).isNotEqualTo(cluster.get("000_d7952e7ffe9ffabc"));
    }
}
