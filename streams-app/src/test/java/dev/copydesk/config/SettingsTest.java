package dev.copydesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.copydesk.topology.TopologySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    /** Kubernetes sets COPYDESK_SERVICE_HOST, COPYDESK_PORT … for a service named copydesk: the environment is not checked. */
    @Test
    void unknownCopydeskKeysAreRefusedFromFlagsButNotFromTheEnvironment() {
        assertThatThrownBy(() -> Settings.load(null, Map.of(), Map.of("copydesk.link.min.shares", "0.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean copydesk.link.min.share?");
        assertThatThrownBy(() -> Settings.load(null, Map.of(), Map.of("copydesk.colour", "blue")))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("did you mean");
        Settings s = Settings.load(null, Map.of("COPYDESK_PORT", "tcp://10.0.0.1:8080", "COPYDESK_SERVICE_HOST", "10.0.0.1"),
                Map.of("copydesk.passage.threshold", "0.5", "linger.ms", "5"));
        assertThat(s.get("copydesk.port")).isEqualTo("tcp://10.0.0.1:8080");
        for (String key : Settings.KNOWN) {
            assertThat(Settings.load(null, Map.of(), Map.of(key, "x")).get(key)).isEqualTo("x");
        }
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("copydesk.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=file:9092",
                "copydesk.retention=5d",
                "copydesk.topic.input=from-file",
                "linger.ms=7"));
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "COPYDESK_TOPIC_INPUT", "from-env",
                "KAFKA_SCHEMA_REGISTRY_URL", "http://env-registry:8081",
                "PATH", "/usr/bin");
        Map<String, String> flags = Map.of("copydesk.topic.input", "from-flag");

        Settings s = Settings.load(file, env, flags);

        assertThat(s.get("bootstrap.servers")).isEqualTo("env:9092");          // env beats file
        assertThat(s.get(Settings.INPUT_TOPIC)).isEqualTo("from-flag");        // flag beats env and file
        assertThat(s.getDuration(Settings.RETENTION)).isEqualTo(Duration.ofDays(5)); // file beats default
        assertThat(s.get("linger.ms")).isEqualTo("7");
        assertThat(s.get(Settings.REGISTRY_URL)).isEqualTo("http://env-registry:8081");
        assertThat(s.get(Settings.DLQ_TOPIC)).isEqualTo("articles.dlq");        // default
        assertThat(s.asMap()).doesNotContainKey("path");
        assertThat(s.kafkaProperties()).containsEntry("bootstrap.servers", "env:9092").doesNotContainKey(Settings.INPUT_TOPIC);
    }

    @Test
    void aCommandsDefaultsSitBetweenTheDefaultsAndTheFile(@TempDir Path dir) throws Exception {
        Map<String, String> command = Map.of(Settings.STORE_TYPE, "memory", Settings.RETENTION, "1d");
        assertThat(Settings.load(command, null, Map.of(), Map.of()).get(Settings.STORE_TYPE)).isEqualTo("memory");
        assertThat(Settings.load(Map.of(), null, Map.of(), Map.of()).get(Settings.STORE_TYPE)).isEqualTo("rocksdb");
        Path file = dir.resolve("copydesk.properties");
        Files.writeString(file, "copydesk.retention=5d\n");
        Settings fromFile = Settings.load(command, file, Map.of(), Map.of());
        assertThat(fromFile.get(Settings.RETENTION)).isEqualTo("5d");
        assertThat(fromFile.get(Settings.STORE_TYPE)).isEqualTo("memory");
        assertThat(Settings.load(command, null, Map.of("COPYDESK_STORE_TYPE", "rocksdb"), Map.of()).get(Settings.STORE_TYPE))
                .isEqualTo("rocksdb");
        assertThat(Settings.load(command, null, Map.of(), Map.of(Settings.STORE_TYPE, "rocksdb")).get(Settings.STORE_TYPE))
                .isEqualTo("rocksdb");
    }

    @Test
    void environmentNamesMapOntoKeys() {
        assertThat(Settings.envKey("KAFKA_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
        assertThat(Settings.envKey("COPYDESK_INDEX_SHARDS")).isEqualTo("copydesk.index.shards");
        assertThat(Settings.envKey("SCHEMA_REGISTRY_URL")).isEqualTo("schema.registry.url");
        assertThat(Settings.envKey("HOME")).isNull();
    }

    @Test
    void durationsAndNumbersAreCheckedWithClearMessages(@TempDir Path dir) {
        assertThat(Settings.parseDuration("x", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Settings.parseDuration("x", "PT6H")).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> Settings.defaults().with(Settings.RETENTION, "soon").getDuration(Settings.RETENTION))
                .isInstanceOf(ConfigException.class).hasMessageContaining("copydesk.retention").hasMessageContaining("soon");
        assertThatThrownBy(() -> Settings.defaults().with(Settings.INDEX_SHARDS, "many").getInt(Settings.INDEX_SHARDS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
        assertThat(Settings.defaults().getBytes(Settings.ROCKSDB_MEMORY)).isEqualTo(256L << 20);
        assertThat(Settings.defaults().with(Settings.ROCKSDB_MEMORY, "1 gb").getBytes(Settings.ROCKSDB_MEMORY)).isEqualTo(1L << 30);
        assertThat(Settings.defaults().with(Settings.ROCKSDB_MEMORY, "0").getBytes(Settings.ROCKSDB_MEMORY)).isZero();
        assertThat(Settings.defaults().with(Settings.ROCKSDB_MEMORY, "512KB").getBytes(Settings.ROCKSDB_MEMORY)).isEqualTo(512L << 10);
        for (String bad : new String[] {"-1MB", "12XB", "MB", "99999999999GB"}) {
            assertThatThrownBy(() -> Settings.defaults().with(Settings.ROCKSDB_MEMORY, bad).getBytes(Settings.ROCKSDB_MEMORY))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("copydesk.rocksdb.memory").hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> Settings.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config file not found");
    }

    /**
     * copydesk.index.cache: a size as copydesk.rocksdb.memory (the same parsing), 0 for no cache; unset, the app's default
     * (an offline run derives its own from the heap: OfflineRunnerMemoryTest).
     */
    @Test
    void theIndexCacheIsASizeWithTheAppsDefaultWhenNotSet() {
        assertThat(Settings.defaults().getOrNull(Settings.INDEX_CACHE)).isNull();
        assertThat(indexCache(Settings.defaults())).isEqualTo(50L << 20).isEqualTo(TopologySettings.INDEX_CACHE_DEFAULT);
        assertThat(indexCache(Settings.defaults().with(Settings.INDEX_CACHE, "64MB"))).isEqualTo(64L << 20);
        assertThat(indexCache(Settings.defaults().with(Settings.INDEX_CACHE, "1 gb"))).isEqualTo(1L << 30);
        assertThat(indexCache(Settings.defaults().with(Settings.INDEX_CACHE, "0"))).isZero();
        for (String bad : new String[] {"-1MB", "lots", "1.5GB", "100 megabytes", "99999999999GB"}) {
            assertThatThrownBy(() -> indexCache(Settings.defaults().with(Settings.INDEX_CACHE, bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("setting copydesk.index.cache must be a size of zero or more (e.g. 256MB, 1GB, 0), got '" + bad + "'");
        }
        assertThat(Settings.KNOWN).contains(Settings.INDEX_CACHE);
    }

    private static long indexCache(Settings s) {
        return TopologySettings.from(s).indexCacheBytes();
    }

    @Test
    void secretsAreMaskedWhenSettingsAreDescribed() {
        Settings s = Settings.defaults()
                .with("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";")
                .with("basic.auth.user.info", "user:hunter2")
                .with("ssl.truststore.password", "hunter2");
        assertThat(s.describe()).doesNotContain("hunter2").contains("sasl.jaas.config=[hidden]");
    }

    /** Kafka's own password-type settings are masked whatever their name (found in review: a passphrase was logged). */
    @Test
    void kafkaPasswordSettingsAreMaskedInTheLog() {
        Settings s = Settings.load(null, Map.of("KAFKA_SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_PASSPHRASE", "hunter2-passphrase",
                "KAFKA_SSL_KEYSTORE_KEY", "pem-key-text"), Map.of());
        assertThat(s.get("sasl.oauthbearer.assertion.private.key.passphrase")).isEqualTo("hunter2-passphrase");
        assertThat(s.describe()).doesNotContain("hunter2-passphrase").doesNotContain("pem-key-text")
                .contains("sasl.oauthbearer.assertion.private.key.passphrase=[hidden]");
    }

    /** Both registry variables set: KAFKA_SCHEMA_REGISTRY_URL wins, whatever the environment's order. */
    @Test
    void kafkaPrefixedRegistryUrlWinsOverTheShortName() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("KAFKA_SCHEMA_REGISTRY_URL", "http://long:8081");
        env.put("SCHEMA_REGISTRY_URL", "http://short:8081");
        assertThat(Settings.load(null, env, Map.of()).get(Settings.REGISTRY_URL)).isEqualTo("http://long:8081");
        java.util.Map<String, String> reversed = new java.util.LinkedHashMap<>();
        reversed.put("SCHEMA_REGISTRY_URL", "http://short:8081");
        reversed.put("KAFKA_SCHEMA_REGISTRY_URL", "http://long:8081");
        assertThat(Settings.load(null, reversed, Map.of()).get(Settings.REGISTRY_URL)).isEqualTo("http://long:8081");
    }
}
