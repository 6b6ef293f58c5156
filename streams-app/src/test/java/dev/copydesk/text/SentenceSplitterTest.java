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

    /**
     * "No." is an abbreviation only before a number; "he said no." before a capitalized sentence ends it
     * (found in review: "no" was a title, so two sentences became one passage).
     */
    @Test
    void noEndsASentenceUnlessANumberFollows() {
        assertThat(sentences("Asked whether he would resign, the minister said no. The opposition called for a "
                + "vote of confidence on Monday.")).containsExactly(
                "Asked whether he would resign, the minister said no.",
                "The opposition called for a vote of confidence on Monday.");
        assertThat(sentences("The prime minister returned to No. 10 Downing Street late on Sunday evening."))
                .hasSize(1);
        assertThat(sentences("Seeds Nos. 3 and 4 lost. Nobody expected it.")).hasSize(2);
    }

    /**
     * "Jr.", "Sr.", "St." and "et al." end a sentence when a typical opener follows, and not before a
     * name or a verb (found in review: they never ended one).
     */
    @Test
    void suffixesEndASentenceBeforeATypicalOpener() {
        assertThat(sentences("The speech was given by Martin Luther King Jr. The crowd of 250,000 people "
                + "listened in silence.")).containsExactly(
                "The speech was given by Martin Luther King Jr.",
                "The crowd of 250,000 people listened in silence.");
        assertThat(sentences("Robert F. Kennedy Jr. said he would run. He flew to St. Louis on Monday."))
                .containsExactly("Robert F. Kennedy Jr. said he would run.", "He flew to St. Louis on Monday.");
        assertThat(sentences("The study was led by Smith et al. The results were published on Monday."))
                .containsExactly("The study was led by Smith et al.", "The results were published on Monday.");
    }
}
