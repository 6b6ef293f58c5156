package dev.copydesk.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.copydesk.embedded.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs a real single-node Kafka broker (KRaft) in this process, for development without Docker. Stops on Ctrl-C or SIGTERM (exit 0).")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Broker port, on --host (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port (default: a free port).")
    int controllerPort;

    @Option(names = "--data-dir", defaultValue = "data/broker", description = "Log directory; reused on restart (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() {
        for (int[] p : new int[][] {{port, 0}, {controllerPort, 1}}) {
            if (p[0] < 0 || p[0] > 65535) {
                throw new dev.copydesk.config.ConfigException((p[1] == 0 ? "--port" : "--controller-port")
                        + " must be between 0 and 65535, got " + p[0]);
            }
        }
        EmbeddedKafka.Options opts = new EmbeddedKafka.Options(host, port, controllerPort, dataDir, false, java.util.Map.of());
        EmbeddedKafka kafka = EmbeddedKafka.start(opts);
        // Ctrl-C or SIGTERM closes the broker; exit 0 once it has stopped
        try (SignalStop signal = SignalStop.install("broker-shutdown", kafka::close)) {
            System.out.println("Kafka broker (KRaft) listening on " + kafka.bootstrapServers() + ", data in " + dataDir.toAbsolutePath());
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            kafka.awaitShutdown();
            return signal.exit(Main.OK);
        }
    }
}
