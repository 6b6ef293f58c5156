package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.copydesk.avro.DeadLetter;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.RegistryClients;
import dev.copydesk.avro.Article;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * U+FFFD is a character like any other when the producer wrote it (valid UTF-8, or a JSON escape): scraped news text
 * carries it, and the text pipeline repairs it next to mojibake. Only bytes that are not UTF-8 make an article invalid.
 * Before the fix every article holding U+FFFD went to the dead-letter topic as "invalid UTF-8" (found in review).
 */
class ReplacementCharacterTest {
    static final String BODY = "The minister said on Monday \u201cthe rail line will open next year\u00e2\u20ac\uFFFD after a decade of delays.";

    @Test
    void avroArticleWhoseTextHoldsAReplacementCharacterIsProcessed() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(TopologyFixture.article("fffd-1", "s", DeadLetterCasesTest.T, "Rail line \uFFFD to open", BODY));
            f.drain();
            assertThat(f.deadLetters).extracting(DeadLetter::getReason).isEmpty();
            assertThat(f.annotations).containsKey("fffd-1");
        }
    }

    @Test
    void jsonArticleWithAnEscapedReplacementCharacterIsProcessed() {
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.INPUT_FORMAT, "json"))) {
            String json = DeadLetterEdgesTest.json("fffd-2", "Rail line \\ufffd to open next year after a decade of delays.");
            DeadLetterCasesTest.sendRaw(f, "fffd-2", json.getBytes(StandardCharsets.US_ASCII));
            f.drain();
            assertThat(f.deadLetters).extracting(DeadLetter::getReason).isEmpty();
            assertThat(f.annotations).containsKey("fffd-2");
        }
    }

    /**
     * A genuine U+FFFD in the body does not hide bytes that are not UTF-8 in the title. The reason names the title in Avro;
     * in JSON, which is checked whole, every field holding a U+FFFD.
     */
    @Test
    void invalidBytesBesideAGenuineReplacementCharacterAreStillRejected() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            int id = RegistryClients.create(Map.of(Settings.REGISTRY_URL, f.settings.get(Settings.REGISTRY_URL)))
                    .register("articles-value", Article.getClassSchema());
            byte[] good = DeadLetterEdgesTest.avroArticle(id, "fffd-3".getBytes(StandardCharsets.UTF_8), BODY);
            // the title "Title" becomes "Ti" + 0xFF + "le": the same length, no longer UTF-8
            byte[] bad = good.clone();
            int at = indexOf(bad, "Title".getBytes(StandardCharsets.US_ASCII));
            bad[at + 2] = (byte) 0xFF;
            f.rawInput.pipeInput(new TestRecord<>("fffd-3", bad, DeadLetterCasesTest.T));
            f.drain();
            assertThat(f.deadLetters).extracting(DeadLetter::getReason).containsExactly("invalid UTF-8 in title");
            assertThat(f.annotations).isEmpty();
        }
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.INPUT_FORMAT, "json"))) {
            byte[] json = DeadLetterEdgesTest.json("fffd-4", "Rail line \\ufffd to open next year.").getBytes(StandardCharsets.US_ASCII);
            json[indexOf(json, "Title".getBytes(StandardCharsets.US_ASCII)) + 2] = (byte) 0xFF;
            DeadLetterCasesTest.sendRaw(f, "fffd-4", json);
            f.drain();
            // JSON is checked whole, so the reason names every field holding a U+FFFD: here the broken title, and the body
            // with the one its producer wrote
            assertThat(f.deadLetters).extracting(DeadLetter::getReason).containsExactly("invalid UTF-8 in one of title, body");
        }
        // JSON is checked whole: with a U+FFFD written in the title and bytes that are not UTF-8 in the body, the reason
        // names both fields, not the title alone (found in review)
        try (TopologyFixture f = new TopologyFixture(Map.of(Settings.INPUT_FORMAT, "json"))) {
            byte[] json = DeadLetterEdgesTest.json("fffd-5", "Rail line to open next year.").replace("\"Title ", "\"Ti\\ufffdle ")
                    .getBytes(StandardCharsets.US_ASCII);
            json[indexOf(json, "Rail".getBytes(StandardCharsets.US_ASCII)) + 1] = (byte) 0xFF;
            DeadLetterCasesTest.sendRaw(f, "fffd-5", json);
            f.drain();
            assertThat(f.deadLetters).extracting(DeadLetter::getReason).containsExactly("invalid UTF-8 in one of title, body");
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
