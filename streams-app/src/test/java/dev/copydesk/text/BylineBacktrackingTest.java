package dev.copydesk.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The byline pattern must not backtrack over a hyphenated run after "By" (a name word could end at any '-', which
 * is also a tail separator): 50 KB of such lines took 3.6 s before name words became possessive.
 */
class BylineBacktrackingTest {
    @Test
    void adversarialBylineLinesAreFast() {
        String line = "By A, B, C, " + "A-".repeat(112) + " 1";
        String body = (line + "\n").repeat(50_000 / (line.length() + 1));
        TextPipeline pipeline = TextPipeline.defaults();
        pipeline.process(null, line); // warm up
        long t0 = System.nanoTime();
        pipeline.process(null, body);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("ms for %d chars", body.length()).isLessThan(500);
    }
}
