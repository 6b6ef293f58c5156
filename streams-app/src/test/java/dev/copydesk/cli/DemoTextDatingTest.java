package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.copydesk.avro.Article;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --input DIR} dates a directory's text files a minute apart so that the last one is now (the broker
 * refuses timestamps more than an hour ahead). It counted the files case-sensitively while the reader takes ".TXT"
 * too, so 200 upper-case files were dated from an hour ago and the last 80 refused (found in a second review).
 */
class DemoTextDatingTest {
    @TempDir
    Path dir;

    @Test
    void upperCaseTxtFilesAreDatedSoThatTheLastIsNow() throws Exception {
        for (int i = 0; i < 200; i++) {
            Files.writeString(dir.resolve(String.format("a%03d.TXT", i)), "Title number " + i + "\n\nBody of article " + i + ". A second sentence.");
        }
        DemoCommand demo = new DemoCommand();
        demo.input = dir;
        List<Article> articles = demo.articles();
        assertThat(articles).hasSize(200);
        Instant last = articles.get(articles.size() - 1).getPublishedAt();
        assertThat(last).as("the last file's date").isBeforeOrEqualTo(Instant.now().plus(Duration.ofMinutes(1)))
                .isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }
}
