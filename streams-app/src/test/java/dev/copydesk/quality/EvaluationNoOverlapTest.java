package dev.copydesk.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A backtest whose labels share no id with the archive (a labels file of another set, or ids spelled differently)
 * or an empty archive evaluates 0 articles. Evaluation then reports pairwise P = R = F1 = 1 and ARI = 1 (perfect),
 * while B-cubed P = R = F1 = 0: report.json, report.html and the CLI line show a perfect score for nothing scored,
 * and the figures contradict each other.
 */
class EvaluationNoOverlapTest {
    @Test
    void zeroEvaluatedArticlesIsNotAPerfectScore() {
        Map<String, String> predicted = Map.of("a", "a", "b", "a", "c", "c");
        Map<String, String> truth = Map.of("x", "1", "y", "1", "z", "2"); // no id in common
        Evaluation.Metrics m = Evaluation.evaluate(predicted, truth, Map.of());
        assertThat(m.articles()).isZero();
        assertThat(m.f1()).as("pairwise F1 against B-cubed F1 (%s)", m).isEqualTo(m.bcubedF1());
        assertThat(m.f1()).as("a perfect pairwise F1 with nothing evaluated").isNotEqualTo(1.0);
    }
}
