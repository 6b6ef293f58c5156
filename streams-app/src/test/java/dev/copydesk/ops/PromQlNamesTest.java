package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading the dashboard check relies on: metric names out, functions, labels and strings not. */
class PromQlNamesTest {
    @Test
    void extractsMetricNamesOnly() {
        assertThat(OpsEndpointsTest.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(copydesk_e2e_latency_wall_seconds_bucket[5m])))"))
                .containsExactly("copydesk_e2e_latency_wall_seconds_bucket");
        assertThat(OpsEndpointsTest.metricNames("max by (topic, partition) (copydesk_consumer_group_lag{topic=~\"some_topic\"})"))
                .containsExactly("copydesk_consumer_group_lag");
        assertThat(OpsEndpointsTest.metricNames("sum(rate(a_total[1m])) / sum(rate(b_count[1m]))"))
                .containsExactlyInAnyOrder("a_total", "b_count");
        assertThat(OpsEndpointsTest.metricNames("sum by (stage) (rate(copydesk_dead_letters_total[5m]))"))
                .containsExactly("copydesk_dead_letters_total");
    }
}
