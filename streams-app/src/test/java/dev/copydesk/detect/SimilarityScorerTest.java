package dev.copydesk.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SimilarityScorerTest {
    private final SimilarityScorer scorer = SimilarityScorer.defaults();

    @Test
    void scoresMsrpLayoutWithBomCrlfAndLabels() {
        String tsv = "\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n"
                + "1\t11\t12\tKim said ties with Russia had become an unbreakable relationship of comrades.\t"
                + "Kim stated that ties with Russia had become an unbreakable relationship.\r\n"
                + "0\t21\t22\tThe central bank raised interest rates by half a point on Tuesday.\t"
                + "Heavy rain flooded the northern provinces over the weekend.\r\n"
                + "0\t31\t32\tPutin will visit North Korea on Tuesday, the Kremlin said.\t"
                + "Putin will visit North Korea on Tuesday, the Kremlin said on Monday.\r\n";
        StringWriter out = new StringWriter();
        SimilarityScorer.Summary s = scorer.scoreAll(new StringReader(tsv), out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches("11 12 [01]\\.\\d{4} 1");
        assertThat(lines[1]).matches("21 22 0\\.\\d{4} 0");
        assertThat(lines[2]).startsWith("31 32 ").endsWith(" 1");
        assertThat(s.pairs()).isEqualTo(3);
        assertThat(s.labelled()).isEqualTo(3);
        assertThat(s.truePositives()).isEqualTo(1);
        assertThat(s.falsePositives()).isEqualTo(1);
        assertThat(s.trueNegatives()).isEqualTo(1);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.f1()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void withoutLabelsWritesScoresAndASummaryLine() {
        StringWriter out = new StringWriter();
        scorer.score(new StringReader("a\tb\tThe cat sat on the mat today.\tThe cat sat on the mat today.\n"), out);
        assertThat(out.toString()).startsWith("a b 1.0000 1\n").contains("# pairs=1 (no labels)");
    }

    /** A header without the Quality column is skipped too (it was scored as a pair: "#1 ID #2 ID 0.3375 0"). */
    @Test
    void aHeaderWithoutTheQualityColumnIsNotAPair() {
        String tsv = "#1 ID\t#2 ID\t#1 String\t#2 String\n"
                + "a\tb\tThe cat sat on the mat today.\tThe cat sat on the mat today.\n";
        StringWriter out = new StringWriter();
        SimilarityScorer.Summary s = scorer.scoreAll(new StringReader(tsv), out);
        assertThat(out.toString()).isEqualTo("a b 1.0000 1\n");
        assertThat(s.pairs()).isEqualTo(1);
        assertThat(s.labelled()).isZero();
    }

    /** A line without the columns of a pair is counted and named in the summary (it was skipped without a word: "pairs=0"). */
    @Test
    void linesWithoutThePairsColumnsAreReported() {
        String tsv = "a\tb\tThe cat sat on the mat today.\tThe cat sat on the mat today.\n"
                + "a b The cat sat on the mat. The cat sat.\n"
                + "c\td\tonly one sentence\n";
        StringWriter out = new StringWriter();
        SimilarityScorer.Summary s = scorer.scoreAll(new StringReader(tsv), out);
        assertThat(s.pairs()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(2);
        assertThat(s.toString()).isEqualTo("pairs=1 (no labels); 2 line(s) skipped, without the columns of a pair (the first at line 2)");
    }

    /**
     * Without a true positive, precision, recall and F1 are 0, not NaN (found in review: 2PR/(P+R) was
     * 0/0), so the summary line of {@code copydesk similarity} never prints NaN.
     */
    @Test
    void scoresAreZeroNotNanWithoutATruePositive() {
        SimilarityScorer.Summary s = new SimilarityScorer.Summary(2, 2, 0, 1, 1, 0);
        assertThat(s.precision()).isEqualTo(0.0);
        assertThat(s.recall()).isEqualTo(0.0);
        assertThat(s.f1()).isEqualTo(0.0);

        String tsv = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
                + "1\ta1\ta2\tThe central bank raised rates in Turkey.\tFlooding closed roads across Kerala on Monday.\n";
        StringWriter out = new StringWriter();
        scorer.score(new StringReader(tsv), out);
        assertThat(out.toString()).contains("# pairs=1").doesNotContain("NaN");
    }
}
