package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.Article;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import org.junit.jupiter.api.Test;

/**
 * /articles/{id}/cluster and /clusters/{id} take the id as a path segment, where '+' is a literal character (RFC 3986;
 * curl and browsers send it as is). The path used to be decoded as form data, '+' becoming a space, so an id such as
 * "afp+0001" answered 404 unless written %2B (found in review).
 */
class OpsIdDecodingTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anArticleIdWithAPlusCanBeLookedUpWithThePlusInThePath() throws Exception {
        try (AppHarness harness = new AppHarness("review-plus", 1, Map.of())) {
            CopydeskApp app = harness.startInstance();
            harness.awaitAllRunning();
            List<Article> generated = new WireStoryGenerator(11).generate(3, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(1)).articles();
            List<Article> articles = new ArrayList<>();
            for (int i = 0; i < generated.size(); i++) {
                Article a = Article.newBuilder(generated.get(i)).setId("afp+000" + i).build();
                articles.add(a);
            }
            harness.send(articles);
            harness.awaitOutputs(articles.size(), Duration.ofSeconds(120), Duration.ofSeconds(2));

            HttpResponse<String> encoded = get(app.httpPort(), "/articles/afp%2B0000/cluster");
            assertThat(encoded.statusCode()).as("control, %%2B-encoded: %s", encoded.body()).isEqualTo(200);
            assertThat(encoded.body()).contains("\"article_id\":\"afp+0000\"");

            HttpResponse<String> literal = get(app.httpPort(), "/articles/afp+0000/cluster");
            assertThat(literal.statusCode()).as("literal '+' in the path: %s", literal.body()).isEqualTo(200);
            assertThat(literal.body()).contains("\"article_id\":\"afp+0000\"");
            assertThat(OpsServer.decode("afp%2")).as("a broken escape (answered 400)").isNull();
            assertThat(OpsServer.decode("a%20b+c")).isEqualTo("a b+c");
        }
    }
}
