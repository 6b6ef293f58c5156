package dev.copydesk.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class VisitsTest {

    @Test
    void remembersStatesUntilClearedAcrossGrowth() {
        Visits v = new Visits();
        SplittableRandom r = new SplittableRandom(3);
        for (int batch = 0; batch < 5; batch++) {
            v.clear();
            Map<Integer, Integer> expected = new HashMap<>();
            int n = batch == 2 ? 20_000 : 300; // one batch far beyond the initial capacity
            while (expected.size() < n) {
                int ordinal = r.nextInt(1_000_000);
                if (!expected.containsKey(ordinal)) {
                    assertThat(v.get(ordinal)).isZero(); // nothing from an earlier batch leaks
                    int state = 1 + r.nextInt(2);
                    v.put(ordinal, state);
                    expected.put(ordinal, state);
                }
            }
            assertThat(v.size()).isEqualTo(n);
            expected.forEach((o, s) -> assertThat(v.get(o)).as("ordinal %d", o).isEqualTo(s));
        }
    }
}
