package dev.copydesk.cli;

import java.util.concurrent.Callable;

import dev.copydesk.app.CopydeskApp;
import dev.copydesk.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the copydesk Streams application against the configured Kafka cluster and schema registry until stopped (SIGTERM/Ctrl-C).",
                "Creates its topics when absent. Settings: --config FILE < COPYDESK_*/KAFKA_* env < flags.",
                "On SIGTERM it closes Kafka Streams (committing its work, within 30 s) and exits 0; 1 if the close timed out or the app had failed.",
                "A stream thread out of heap stops the app (exit 1) rather than being replaced. The candidate index lives in the heap: size -Xmx by the README's 'Memory of an instance', and start java with -XX:+ExitOnOutOfMemoryError (the Docker image does)."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        CopydeskApp.validate(settings); // a bad value is refused in one line, before the settings are logged
        LOG.info("starting copydesk with\n{}", settings.describe());
        CopydeskApp app = CopydeskApp.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stop requested: closing Kafka Streams");
            boolean failed = app.failed();
            boolean clean = app.closeCleanly();
            LOG.info("copydesk stopped ({})", clean ? "clean" : "close timed out");
            // the JVM would otherwise end with the signal's status (143); report how the close went
            Runtime.getRuntime().halt(clean && !failed ? Main.OK : Main.FAILED);
        }, "copydesk-shutdown"));
        app.awaitStop();
        return app.failed() ? Main.FAILED : Main.OK;
    }
}
