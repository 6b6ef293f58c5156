package dev.copydesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copydesk.app.CopydeskApp;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import dev.copydesk.sample.WireStoryGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end flow on the images docker-compose uses: apache/kafka (KRaft) and Confluent Schema
 * Registry in containers, copydesk (with its HTTP server) against them, generated articles in, clusters
 * answered by the interactive queries. Skipped, with a message, where Docker is not available.
 */
class DockerEndToEndTest {
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.1.0";

    private static boolean docker;

    @BeforeAll
    static void probeDocker() {
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
    }

    @BeforeEach
    void requireDocker() {
        Assumptions.assumeTrue(docker, "Docker is not available here: skipping the Testcontainers end-to-end test ("
                + KAFKA_IMAGE + " + " + REGISTRY_IMAGE + ")");
    }

    @Test
    void articlesFlowThroughKafkaAndRegistryContainers() throws Exception {
        try (Network net = Network.newNetwork();
             KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(net).withListener("kafka:19092");
             GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE).withNetwork(net)
                     .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                     .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                     .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                     .withExposedPorts(8081).waitingFor(Wait.forHttp("/subjects").forStatusCode(200))) {
            kafka.start();
            registry.start();
            String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
            Path state = Files.createTempDirectory("copydesk-docker-e2e-");
            Settings settings = Settings.defaults()
                    .with("bootstrap.servers", kafka.getBootstrapServers())
                    .with(Settings.REGISTRY_URL, registryUrl)
                    .with("state.dir", state.toString())
                    .with(Settings.HTTP_PORT, "0")
                    .with(Settings.STORE_TYPE, "memory");
            List<Article> articles = new WireStoryGenerator(11).generate(40, Instant.parse("2026-03-02T06:00:00Z"), Duration.ofHours(3)).articles();
            try (CopydeskApp app = CopydeskApp.start(settings)) {
                app.awaitRunning(Duration.ofSeconds(120));
                assertThat(OpsTesting.get(app.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
                try (KafkaProducer<String, Article> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()),
                        new StringSerializer(), AvroSerdes.specific(Article.class, Map.of(Settings.REGISTRY_URL, registryUrl), false).serializer())) {
                    for (Article a : articles) {
                        p.send(new ProducerRecord<>(settings.get(Settings.INPUT_TOPIC), null, a.getPublishedAt().toEpochMilli(), a.getId(), a));
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                JsonNode recent = null;
                while (System.nanoTime() < deadline) {
                    HttpResponse<String> r = OpsTesting.get(app.httpPort(), "/clusters?recent=1000");
                    if (r.statusCode() == 200) {
                        recent = new ObjectMapper().readTree(r.body());
                        int members = 0;
                        for (JsonNode c : recent) {
                            members += c.get("size").asInt();
                        }
                        if (members == articles.size()) {
                            break;
                        }
                    }
                    Thread.sleep(1000);
                }
                assertThat(recent).isNotNull();
                int members = 0;
                for (JsonNode c : recent) {
                    members += c.get("size").asInt();
                }
                assertThat(members).isEqualTo(articles.size());
                String metrics = OpsTesting.get(app.httpPort(), "/metrics").body();
                assertThat(OpsTesting.sum(OpsTesting.parse(metrics), "copydesk_articles_in_total")).isEqualTo(articles.size());
            }
        }
    }
}
