package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.avro.AnnotatedArticle;
import org.junit.jupiter.api.Test;

/**
 * What the demo prints for each annotated article and in its summary. An article decided with no earlier article to
 * link to (unique) can already be in another article's cluster when its decision reaches the clusters: a later copy
 * linked it to an earlier article first. It was shown as NEW with that cluster's id and counted as having opened a
 * cluster (found by a fresh user).
 */
class DemoDisplayTest {
    private static AnnotatedArticle annotated(String id, String cluster, boolean unique, List<String> linkedTo) {
        return AnnotatedArticle.newBuilder().setId(id).setSource("afp").setTitle("title of " + id).setUrl(null)
                .setPublishedAt(Instant.parse("2026-11-25T10:00:00Z")).setClusterId(cluster).setCanonicalId(cluster)
                .setUnique(unique).setCopyShare(unique ? 0 : 0.8).setMatchedPassages(unique ? 0 : 8).setPassages(10)
                .setLinkedTo(linkedTo).build();
    }

    private static final List<AnnotatedArticle> THREE = List.of(
            annotated("a-opens", "a-opens", true, List.of()),
            annotated("b-copy", "a-opens", false, List.of("a-opens")),
            annotated("c-linked-in", "a-opens", true, List.of()));

    @Test
    void anArticleAlreadyLinkedIntoAClusterIsNotShownOrCountedAsOpeningOne() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand.Display d = new DemoCommand.Display("table", false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        THREE.forEach(d::annotated);
        d.summary(3);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("a-opens").contains(" NEW   cluster a-opens");
        assertThat(lines.get(1)).startsWith("b-copy").contains(" COPY  cluster a-opens");
        assertThat(lines.get(2)).startsWith("c-linked-in").contains(" IN    cluster a-opens");
        assertThat(lines.get(3)).startsWith("fed 3 articles; 3 annotated: 1 opened a cluster, 1 joined one as copy,"
                + " 1 were linked into one by other articles first;");
    }

    @Test
    void theJsonLinesSayWhetherTheArticleWasDecidedUnique() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand.Display d = new DemoCommand.Display("json", false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        THREE.forEach(d::annotated);
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String l : bytes.toString(StandardCharsets.UTF_8).lines().toList()) {
            lines.add(new ObjectMapper().readTree(l));
        }
        assertThat(lines).extracting(n -> n.path("unique").asBoolean()).containsExactly(true, false, true);
        assertThat(lines).extracting(n -> n.path("cluster").asText()).containsOnly("a-opens");
    }
}
