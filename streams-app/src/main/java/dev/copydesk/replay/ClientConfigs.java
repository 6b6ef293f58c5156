package dev.copydesk.replay;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.copydesk.config.Settings;

/** Kafka client settings taken from copydesk's settings: only the keys the client knows, plus security ones. */
public final class ClientConfigs {
    private ClientConfigs() {
    }

    public static Map<String, Object> forClient(Settings settings, Set<String> known) {
        Map<String, Object> cfg = new HashMap<>(settings.kafkaProperties());
        cfg.keySet().removeIf(k -> !known.contains(k) && !k.startsWith("sasl.") && !k.startsWith("ssl."));
        return cfg;
    }
}
