package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.copydesk.config.Settings;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml parses, every environment variable of the copydesk containers maps onto a
 * setting copydesk or its Kafka clients really read (Settings.envKey), Prometheus scrapes exactly the
 * replicas on their HTTP port, and Grafana's provisioning points at the dashboard.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode compose() throws Exception {
        return YAML.readTree(Files.readString(OpsTesting.dockerDir().resolve("docker-compose.yml")));
    }

    /** Keys copydesk understands: its own settings, Streams and client configs, the registry URL. */
    private static Set<String> knownKeys() {
        Set<String> keys = new HashSet<>(Settings.DEFAULTS.keySet());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.add(Settings.REGISTRY_URL);
        return keys;
    }

    private static boolean runsCopydesk(JsonNode service) {
        return service.path("image").asText().startsWith("copydesk") || service.has("build");
    }

    @Test
    void copydeskEnvironmentMapsOntoRealSettings() throws Exception {
        JsonNode services = compose().get("services");
        Set<String> known = knownKeys();
        List<String> copydesk = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (!runsCopydesk(e.getValue())) {
                return;
            }
            copydesk.add(e.getKey());
            JsonNode env = e.getValue().get("environment");
            assertThat(env).as(e.getKey() + " has an environment map").isNotNull();
            assertThat(env.isObject()).as(e.getKey() + ": environment as a map").isTrue();
            env.fields().forEachRemaining(v -> {
                String key = Settings.envKey(v.getKey());
                assertThat(key).as(e.getKey() + ": " + v.getKey() + " is not a copydesk variable").isNotNull();
                assertThat(known).as(e.getKey() + ": " + v.getKey() + " -> " + key + " is not a setting").contains(key);
            });
            Map<String, String> settings = Settings.fromEnv(YAML.convertValue(env, Map.class));
            Settings s = Settings.load(null, Map.of(), settings);
            assertThat(s.get("bootstrap.servers")).isEqualTo("kafka:9092");
            assertThat(s.get(Settings.REGISTRY_URL)).isEqualTo("http://schema-registry:8081");
        });
        assertThat(copydesk).contains("copydesk-1", "copydesk-2", "demo-data");
    }

    @Test
    void replicasAdvertiseThemselvesAndPrometheusScrapesThem() throws Exception {
        JsonNode services = compose().get("services");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText()).contains("controller");
        assertThat(services.get("schema-registry").get("image").asText()).startsWith("confluentinc/cp-schema-registry:");
        Set<String> targets = new HashSet<>();
        for (String name : List.of("copydesk-1", "copydesk-2")) {
            JsonNode svc = services.get(name);
            assertThat(svc.get("build").get("dockerfile").asText()).isEqualTo("docker/Dockerfile");
            Settings s = Settings.load(null, Map.of(), Settings.fromEnv(YAML.convertValue(svc.get("environment"), Map.class)));
            String port = s.get(Settings.HTTP_PORT);
            assertThat(s.get(Settings.HTTP_HOST)).isEqualTo("0.0.0.0");
            // interactive queries are forwarded to application.server: it must be this container's name and port
            assertThat(s.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo(svc.get("hostname").asText() + ":" + port);
            // static membership, one id per replica (two members with one id fence each other out)
            assertThat(s.get("group.instance.id")).isEqualTo(svc.get("hostname").asText());
            assertThat(s.get("application.id")).isEqualTo("copydesk");
            targets.add(name + ":" + port);
        }
        JsonNode prom = YAML.readTree(Files.readString(OpsTesting.dockerDir().resolve("prometheus.yml")));
        Set<String> scraped = new HashSet<>();
        for (JsonNode job : prom.get("scrape_configs")) {
            assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
            job.get("static_configs").forEach(c -> c.get("targets").forEach(t -> scraped.add(t.asText())));
        }
        assertThat(scraped).isEqualTo(targets);
    }

    @Test
    void grafanaIsProvisionedWithTheDashboard() throws Exception {
        Path docker = OpsTesting.dockerDir();
        JsonNode grafana = compose().get("services").get("grafana");
        List<String> volumes = new ArrayList<>();
        grafana.get("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/dashboards:/var/lib/grafana/dashboards:ro");
        JsonNode providers = YAML.readTree(Files.readString(docker.resolve("grafana/provisioning/dashboards/copydesk.yml")));
        assertThat(providers.get("providers").get(0).get("options").get("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        JsonNode ds = YAML.readTree(Files.readString(docker.resolve("grafana/provisioning/datasources/prometheus.yml")));
        String uid = ds.get("datasources").get(0).get("uid").asText();
        JsonNode dash = new ObjectMapper().readTree(Files.readString(docker.resolve("grafana/dashboards/copydesk.json")));
        dash.get("panels").forEach(p -> assertThat(p.get("datasource").get("uid").asText()).isEqualTo(uid));
    }
}
