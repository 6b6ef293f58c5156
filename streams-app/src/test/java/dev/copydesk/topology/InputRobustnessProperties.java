package dev.copydesk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.DeadLetter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Random bytes and random Unicode thrown at the real topology: it never crashes, and every input record
 * is accounted for — annotated once, or on the dead-letter topic with a reason.
 */
class InputRobustnessProperties {

    @Property(tries = 30)
    void randomBytesNeverCrashAndAllLandInTheDeadLetterTopic(@ForAll @Size(min = 1, max = 40) List<byte[]> payloads) {
        try (TopologyFixture f = new TopologyFixture()) {
            int i = 0;
            for (byte[] p : payloads) {
                f.rawInput.pipeInput(new TestRecord<>("k" + i++, p, Instant.parse("2026-01-01T00:00:00Z")));
            }
            f.drain();
            assertThat(f.annotations).isEmpty();
            // a random payload that happens to decode as an article is fine too; none may vanish
            assertThat(f.deadLetters.size() + f.annotations.size()).isEqualTo(payloads.size());
            assertThat(f.deadLetters).allSatisfy(d -> assertThat(d.getReason()).isNotBlank());
        }
    }

    @Property(tries = 25)
    void randomUnicodeArticlesAreAnnotatedOrDeadLettered(@ForAll @Size(min = 1, max = 12) List<@From("texts") String> bodies) {
        try (TopologyFixture f = new TopologyFixture()) {
            Set<String> ids = new HashSet<>();
            int i = 0;
            for (String body : bodies) {
                String id = "u" + i;
                ids.add(id);
                f.input.pipeInput(new TestRecord<>(id, TopologyFixture.article(id, "s" + (i % 3),
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * i), "t" + i, body), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * i)));
                i++;
            }
            f.drain();
            Set<String> seen = new HashSet<>(f.annotations.keySet());
            for (DeadLetter d : f.deadLetters) {
                seen.add(new String(d.getKey().array(), StandardCharsets.UTF_8));
            }
            assertThat(seen).isEqualTo(ids);
            assertThat(f.annotations.size() + f.deadLetters.size()).isEqualTo(bodies.size());
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(3000);
        Arbitrary<String> wordy = Arbitraries.strings().withChars("abcdefghij ÂâeÃ©€™.,;!?\"'\n—-0123456789ÄÖÜß漢字😀\u200b\u00a0")
                .ofMinLength(0).ofMaxLength(2000);
        return Arbitraries.oneOf(anyUnicode, wordy, Arbitraries.just(" \n\t "), Arbitraries.just(""));
    }

}
