package dev.copydesk.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.copydesk.config.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that talks to Kafka shares: config file, overrides, verbosity. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (lowest precedence; then COPYDESK_*/KAFKA_* environment variables; then flags).")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (bootstrap.servers).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (schema.registry.url), http(s)://... or mock://scope.")
    String registry;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set copydesk.retention=2d --set processing.guarantee=at_least_once.")
    Map<String, String> set = new LinkedHashMap<>();

    @Mixin
    VerboseOption verbose;

    Settings load() {
        return load(Map.of());
    }

    /** The settings, with a command's own defaults below the file, the environment and the flags. */
    Settings load(Map<String, String> commandDefaults) {
        Map<String, String> flags = new LinkedHashMap<>(set);
        if (bootstrap != null) {
            flags.put("bootstrap.servers", bootstrap);
        }
        if (registry != null) {
            flags.put(Settings.REGISTRY_URL, registry);
        }
        return Settings.load(commandDefaults, config, System.getenv(), flags);
    }
}
