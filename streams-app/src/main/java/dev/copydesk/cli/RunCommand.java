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
                "Creates its topics when absent. Settings: --config FILE < COPYDESK_*/KAFKA_* env < flags."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        LOG.info("starting copydesk with\n{}", settings.describe());
        CopydeskApp app = CopydeskApp.start(settings);
        Thread hook = new Thread(app::close, "copydesk-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.awaitStop();
        return app.failed() ? Main.FAILED : Main.OK;
    }
}
