package dev.copydesk.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.copydesk.embedded.EmbeddedKafka;
import dev.copydesk.registry.EmbeddedRegistryServer;
import dev.copydesk.registry.KafkaSchemaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a real single-node Kafka broker (KRaft) and a schema registry (the Confluent REST API, schemas kept in "
                + "the broker's _schemas topic) in this process, for development without Docker: `copydesk run`, `replay` and "
                + "`archive` then work with their defaults (127.0.0.1:9092, http://127.0.0.1:8081).",
                "Stops on Ctrl-C or SIGTERM (exit 0)."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Broker port, on --host (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port (default: a free port).")
    int controllerPort;

    @Option(names = "--data-dir", defaultValue = "data/broker", description = "Log directory; reused on restart (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the broker binds (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--registry-port", defaultValue = "8081",
            description = "Schema registry port, on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort;

    @Option(names = "--no-registry", description = "Start the broker only (e.g. when another registry runs on this machine).")
    boolean noRegistry;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() {
        String[] names = {"--port", "--controller-port", "--registry-port"};
        int[] ports = {port, controllerPort, registryPort};
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] < 0 || ports[i] > 65535) {
                throw new dev.copydesk.config.ConfigException(names[i] + " must be between 0 and 65535, got " + ports[i]);
            }
        }
        if (!noRegistry && registryPort != 0 && !EmbeddedKafka.isFree("127.0.0.1", registryPort)) { // before the broker starts
            throw new dev.copydesk.config.ConfigException("--registry-port " + registryPort
                    + " is in use on 127.0.0.1 (another registry? then give --no-registry; or another port)");
        }
        EmbeddedKafka.Options opts = new EmbeddedKafka.Options(host, port, controllerPort, dataDir, false, java.util.Map.of());
        EmbeddedKafka kafka = EmbeddedKafka.start(opts);
        EmbeddedRegistryServer registry;
        try {
            registry = noRegistry ? null : EmbeddedRegistryServer.start(registryPort, new KafkaSchemaStore(kafka.bootstrapServers()));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        // Ctrl-C or SIGTERM closes the registry (its store reads and writes the broker), then the broker; exit 0 once stopped
        Runnable stop = () -> {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
        };
        try (SignalStop signal = SignalStop.install("broker-shutdown", stop)) {
            System.out.println("Kafka broker (KRaft) listening on " + kafka.bootstrapServers() + ", data in " + dataDir.toAbsolutePath());
            if (registry != null) {
                System.out.println("Schema registry listening on " + registry.url() + " (schemas in the broker's _schemas topic)");
            }
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            kafka.awaitShutdown();
            return signal.exit(Main.OK);
        }
    }
}
