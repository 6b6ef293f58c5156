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
 * README, demo: "At the end a summary line counts the articles fed and annotated"; "--data-dir keeps broker and state
 * so a second run resumes". The display read the output topics from the start, so a second run on the same
 * --data-dir printed the first run's articles as its own and counted them in its summary ("fed 10 articles; 15
 * annotated", found in review). The second run here uses another application id and input topic, so that nothing of
 * the first run's input is processed again (and it need not wait out the first run's session in the group).
 */
class DemoSecondRunTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunOnTheSameDataDirShowsAndCountsOnlyItsOwnArticles() throws Exception {
        List<Article> articles = new WireStoryGenerator(11).generate(6, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(1)).articles();
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        for (int i = 0; i < articles.size(); i++) {
            Article a = articles.get(i);
            Path d = i < 3 ? first : second;
            Files.writeString(d.resolve((i < 3 ? "a" : "b") + i + ".txt"), a.getTitle() + "\n\n" + a.getBody());
        }
        String data = dir.resolve("data").toString();

        String out1 = demo("--input", first.toString(), "--data-dir", data);
        assertThat(ids(out1)).as(out1).containsExactlyInAnyOrder("a0", "a1", "a2");

        String out2 = demo("--input", second.toString(), "--data-dir", data,
                "--set", "application.id=copydesk-demo-second", "--set", "copydesk.topic.input=articles-second");
        assertThat(ids(out2)).as("articles the second run printed\n" + out2).containsExactlyInAnyOrder("b3", "b4", "b5");
        assertThat(out2).as("the second run's summary").contains("fed 3 articles; 3 annotated");
    }

    private static Set<String> ids(String out) {
        Set<String> ids = new TreeSet<>();
        out.lines().filter(l -> l.startsWith("{\"id\"")).forEach(l -> ids.add(l.replaceAll("^\\{\"id\":\"([^\"]*)\".*", "$1")));
        return ids;
    }

    /** stdout and stderr of one demo run (with --format json the summary goes to stderr). */
    private static String demo(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("demo", "--rate", "50", "--duration", "25s", "--format", "json"));
        all.addAll(List.of(args));
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all.toArray(String[]::new));
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        String out = captured.toString(StandardCharsets.UTF_8) + err;
        assertThat(code).as(out).isZero();
        return out;
    }
}
