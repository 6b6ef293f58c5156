package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.copydesk.avro.Article;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --input DIR} feeds every text file. Files used to be dated from an hour ago, a minute apart, so from the
 * 121st on they were more than an hour ahead of the broker's clock, which refuses such timestamps by default
 * (message.timestamp.after.max.ms), and the demo lost them without a word (found in review).
 */
class DemoTextDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void everyTextFileOfALargerDirectoryIsAnnotated() throws Exception {
        int n = 140;
        List<Article> articles = new WireStoryGenerator(5).generate(n, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(6)).articles();
        Path txt = Files.createDirectories(dir.resolve("txt"));
        for (int i = 0; i < n; i++) {
            Article a = articles.get(i);
            Files.writeString(txt.resolve(String.format("a%03d.txt", i)), a.getTitle() + "\n\n" + a.getBody());
        }
        PrintStream realOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    "demo", "--input", txt.toString(), "--rate", "200", "--duration", "25s", "--format", "json",
                    "--data-dir", dir.resolve("data").toString());
        } finally {
            System.setOut(realOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Set<String> annotated = new TreeSet<>();
        out.lines().filter(l -> l.startsWith("{\"id\"")).forEach(l -> annotated.add(l.replaceAll("^\\{\"id\":\"([^\"]*)\".*", "$1")));
        System.out.println("exit " + code + "; annotated " + annotated.size() + " of " + n + "; stderr: " + err);
        assertThat(code).isZero();
        Set<String> missing = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("a%03d", i);
            if (!annotated.contains(id)) {
                missing.add(id);
            }
        }
        assertThat(missing).as("files fed but never annotated (and no error printed)").isEmpty();
    }
}
