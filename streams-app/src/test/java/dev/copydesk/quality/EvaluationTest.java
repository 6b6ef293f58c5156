package dev.copydesk.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void perfectClusteringScoresOne() {
        Map<String, String> truth = Map.of("a", "1", "b", "1", "c", "2", "d", "3");
        Evaluation.Metrics m = Evaluation.evaluate(Map.of("a", "x", "b", "x", "c", "y", "d", "z"), truth, Map.of());
        assertThat(m.f1()).isEqualTo(1.0);
        assertThat(m.bcubedF1()).isEqualTo(1.0);
        assertThat(m.adjustedRand()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void oneWrongMergeCostsPrecisionAndIsCountedAsCrossStory() {
        Map<String, String> truth = Map.of("a", "1", "b", "1", "c", "2", "d", "3");
        Map<String, String> story = Map.of("a", "s1", "b", "s1", "c", "s2", "d", "s3");
        // predicted: {a,b,c} {d}: pairs predicted ab ac bc (3), correct ab (1); true pairs ab (1)
        Evaluation.Metrics m = Evaluation.evaluate(Map.of("a", "x", "b", "x", "c", "x", "d", "z"), truth, story);
        assertThat(m.precision()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.f1()).isCloseTo(0.5, within(1e-9));
        assertThat(m.crossStoryClusters()).isEqualTo(1);
        // B-cubed precision: a,b: 2/3 each; c: 1/3; d: 1 -> (2/3+2/3+1/3+1)/4
        assertThat(m.bcubedPrecision()).isCloseTo((2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1) / 4, within(1e-9));
        assertThat(m.adjustedRand()).isLessThan(1.0);
    }

    @Test
    void missedCopyCostsRecall() {
        Map<String, String> truth = Map.of("a", "1", "b", "1", "c", "1");
        Evaluation.Metrics m = Evaluation.evaluate(Map.of("a", "x", "b", "x", "c", "y"), truth, Map.of());
        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.recall()).isCloseTo(1.0 / 3, within(1e-9));
    }
}
