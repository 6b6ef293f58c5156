package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Health of a client that is created and never started (alive, not ready), then closed (dead). */
class HealthTest {
    @Test
    void liveUntilTheClientIsDeadReadyOnlyWhenRunning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("health-in", Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> { });
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.toString());
        try (OpsServer server = OpsServer.start("127.0.0.1", 0);
             Metrics metrics = new Metrics("health-test")) {
            KafkaStreams streams = new KafkaStreams(b.build(), p);
            server.attach(streams, "topology", metrics, new HostInfo("127.0.0.1", server.port()));
            assertThat(OpsTesting.get(server.port(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(OpsTesting.get(server.port(), "/health/ready").body()).contains("CREATED");
            assertThat(OpsTesting.get(server.port(), "/health/ready").statusCode()).isEqualTo(503);
            streams.close(Duration.ofSeconds(10));
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(OpsTesting.get(server.port(), "/health/live").statusCode()).isEqualTo(503);
            assertThat(OpsTesting.get(server.port(), "/health/ready").statusCode()).isEqualTo(503);
            assertThat(OpsTesting.get(server.port(), "/metrics").body()).contains("copydesk_streams_running");
        }
    }

    @Test
    void aBusyPortIsAOneLineConfigError() {
        try (OpsServer first = OpsServer.start("127.0.0.1", 0)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.start("127.0.0.1", first.port()))
                    .isInstanceOf(dev.copydesk.config.ConfigException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }
}
