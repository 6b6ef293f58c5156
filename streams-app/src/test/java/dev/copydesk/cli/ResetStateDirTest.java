package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.config.Settings;
import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * README, The CLI, reset: "the local state directory (state.dir/app id) is deleted". Without an explicit state.dir the
 * app keeps its state under java.io.tmpdir/copydesk-state ({@code CopydeskApp.streamsProperties}); reset used to delete
 * java.io.tmpdir/kafka-streams/&lt;app id&gt;, Kafka's default, and left the app's real state in place (found in review).
 */
class ResetStateDirTest {

    @Test
    void resetWithDefaultStateDirDeletesTheStateDirectoryRunActuallyUses() throws Exception {
        String app = SharedBroker.unique("review-reset");
        String input = SharedBroker.topic(app + ".articles", 1);

        // where `copydesk run` (CopydeskApp.start) keeps the state of this app id when state.dir is not set
        Settings settings = Settings.defaults().with(Map.of("application.id", app));
        Path runStateRoot = Path.of(CopydeskApp.streamsProperties(settings).getProperty(StreamsConfig.STATE_DIR_CONFIG));
        Path appState = runStateRoot.resolve(app);
        Files.createDirectories(appState.resolve("0_0"));
        Files.writeString(appState.resolve("0_0/.checkpoint"), "x");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "reset", "--yes",
                "--bootstrap", SharedBroker.bootstrapServers(), "--set", "application.id=" + app,
                "--set", "copydesk.topic.input=" + input);
        try {
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString()).as("the plan printed by reset").contains("local state " + appState + " -> deleted");
            assertThat(appState).as("the app's local state after reset").doesNotExist();
        } finally {
            if (Files.exists(appState)) {
                Files.delete(appState.resolve("0_0/.checkpoint"));
                Files.delete(appState.resolve("0_0"));
                Files.delete(appState);
            }
        }
    }
}
