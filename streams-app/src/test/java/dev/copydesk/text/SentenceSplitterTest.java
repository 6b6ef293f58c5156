package dev.copydesk.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
    private static List<String> sentences(String text) {
        int[] spans = SentenceSplitter.split(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < spans.length; i += 2) {
            out.add(text.substring(spans[i], spans[i + 1]));
        }
        return out;
    }

    @Test
    void splitsOnTerminalPunctuation() {
        assertThat(sentences("Putin arrived. Kim met him! Was it planned? Nobody knows."))
                .containsExactly("Putin arrived.", "Kim met him!", "Was it planned?", "Nobody knows.");
    }

    @Test
    void keepsAbbreviationsInitialsAndDecimalsInsideTheSentence() {
        assertThat(sentences("Mr. Smith met Gen. Lee on Jan. 5 in the U.S. capital. Growth was 2.5 percent."))
                .containsExactly("Mr. Smith met Gen. Lee on Jan. 5 in the U.S. capital.", "Growth was 2.5 percent.");
        assertThat(sentences("J. K. Rowling wrote it. Dr. No did not."))
                .containsExactly("J. K. Rowling wrote it.", "Dr. No did not.");
        assertThat(sentences("He lives in the U.S. The trip was short."))
                .containsExactly("He lives in the U.S.", "The trip was short.");
    }

    @Test
    void closingQuotesStayWithTheirSentence() {
        assertThat(sentences("\"We will win.\" He left. (It rained.) Then \"What?\" she asked."))
                .containsExactly("\"We will win.\"", "He left.", "(It rained.)", "Then \"What?\" she asked.");
    }

    @Test
    void paragraphBreakEndsASentenceUnlessTheSentenceContinues() {
        assertThat(sentences("A sub-line without a stop\nThe next sentence."))
                .containsExactly("A sub-line without a stop", "The next sentence.");
        assertThat(sentences("A sentence broken,\nacross two lines.\nNext one."))
                .containsExactly("A sentence broken,\nacross two lines.", "Next one.");
    }

    @Test
    void lowerCaseAfterAPeriodIsNotANewSentence() {
        assertThat(sentences("It was 10 a.m. when officials arrived.")).containsExactly("It was 10 a.m. when officials arrived.");
    }
}
