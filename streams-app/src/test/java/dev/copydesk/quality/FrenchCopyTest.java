package dev.copydesk.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.copydesk.archive.ArchiveReader;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.replay.OfflineRunner;
import org.junit.jupiter.api.Test;

/**
 * Wire copy in French, through the whole topology. The stop words and the stemmer are English, so in French the
 * function words ("de", "la", "les", "qui") count as content words and every passage shares some of them with every
 * other: this checks that a wire story still links to a light rewrite and to a condensed one, and that two independent
 * reports of the same floods, with the same names (the prefect, the minister, the towns), stay out. The six
 * articles (src/test/resources/nonenglish) were written for this project.
 */
class FrenchCopyTest {

    @Test
    void frenchWireCopyLinksAndSameEventReportsStayOut() throws Exception {
        List<Article> articles = ArchiveReader.readArticles(resource("fr-gard.jsonl"));
        OfflineRunner.Result r = OfflineRunner.run(articles, Settings.defaults(), null);
        Map<String, String> cluster = r.finalClusters();
        assertThat(cluster).hasSize(6);
        assertThat(cluster.get("fr-light")).as("light rewrite of the wire story").isEqualTo("fr-wire");
        assertThat(cluster.get("fr-medium")).as("condensed rewrite of the wire story").isEqualTo("fr-wire");
        assertThat(cluster.get("fr-neg1")).as("an independent report of the same floods").isEqualTo("fr-neg1");
        assertThat(cluster.get("fr-neg2")).as("an independent report of the same floods").isEqualTo("fr-neg2");
        assertThat(cluster.get("fr-other")).isEqualTo("fr-other");
        assertThat(r.unique()).containsExactlyInAnyOrder("fr-wire", "fr-neg1", "fr-neg2", "fr-other");
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FrenchCopyTest.class.getResource("/nonenglish/" + name).toURI());
    }
}
