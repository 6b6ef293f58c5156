package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.copydesk.testing.SharedBroker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: help, one-line errors and exit codes, and a broker kcat can list. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : List.of("demo", "run", "broker", "generate", "similarity")) {
            Run r = cli(verb, "--help");
            assertThat(r.code()).as(verb).isZero();
            assertThat(r.out()).as(verb).contains("Usage: copydesk " + verb);
        }
        assertThat(cli("--help").out()).contains("demo", "run", "broker", "generate");
    }

    /** README, The CLI: "--verbose adds the stack trace", for every verb (broker, generate and similarity had none). */
    @Test
    void everyVerbTakesVerbose() {
        Main.commandLine().getSubcommands().forEach((verb, sub) -> {
            if (!verb.equals("help")) {
                assertThat(sub.getCommandSpec().findOption("--verbose")).as(verb).isNotNull();
                assertThat(sub.getCommandSpec().findOption("-v")).as(verb).isNotNull();
            }
        });
        Run r = cli("generate", "--count", "0", "--output", "unused.jsonl", "--verbose");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("copydesk: --count must be > 0").contains("\tat ");
    }

    @Test
    void anUnknownFlagIsAOneLineUsageError() {
        Run r = cli("run", "--no-such-flag");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("copydesk: Unknown option: '--no-such-flag'").doesNotContain("\tat ");
    }

    @Test
    void anUnreachableBrokerIsAOneLineErrorWithoutStackTrace() {
        Run r = cli("run", "--bootstrap", "127.0.0.1:1", "--registry", "mock://cli-test");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("cannot reach Kafka at 127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void aBadRegistryUrlIsAOneLineError() {
        Run r = cli("run", "--bootstrap", SharedBroker.bootstrapServers(), "--registry", "http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("schema registry http://127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void aBadSettingIsNamedInTheError() {
        Run r = cli("run", "--bootstrap", SharedBroker.bootstrapServers(), "--registry", "mock://cli-test",
                "--set", "copydesk.input.format=xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("copydesk.input.format must be avro or json");
    }

    @Test
    void generateWritesALabelledArchive(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("a.jsonl.gz");
        Path labels = dir.resolve("labels.jsonl");
        Run r = cli("generate", "--count", "25", "--output", archive.toString(), "--labels", labels.toString(), "--seed", "3",
                "--verbose");
        assertThat(r.code()).isZero();
        assertThat(Files.size(archive)).isGreaterThan(1000);
        assertThat(Files.readAllLines(labels)).hasSize(25);

        Path longer = dir.resolve("longer.jsonl");
        assertThat(cli("generate", "--count", "25", "--output", longer.toString(), "--seed", "3", "--length", "2").code()).isZero();
        Path plain = dir.resolve("plain.jsonl");
        assertThat(cli("generate", "--count", "25", "--output", plain.toString(), "--seed", "3").code()).isZero();
        assertThat(Files.size(longer)).isGreaterThan(Files.size(plain) * 5 / 4);
        Run bad = cli("generate", "--count", "25", "--output", plain.toString(), "--length", "0.1");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err().strip()).isEqualTo("copydesk: --length must be between 0.25 and 4.0, got 0.1");
    }

    /**
     * A bad setting given to {@code run} is one line on stderr and exit 2, not the whole settings dump with the error
     * after it (found in review). In a JVM of its own, since the dump goes to the log (stderr), not to the CLI's writers.
     */
    @Test
    void aBadSettingForRunIsOneLineWithoutTheSettingsDump() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "dev.copydesk.cli.Main", "run", "--bootstrap", "127.0.0.1:9", "--registry", "mock://bad",
                "--set", "copydesk.passage.threshold=7").redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isEqualTo(Main.USAGE);
        assertThat(output).contains("copydesk.passage.threshold").doesNotContain("starting copydesk with");
        assertThat(output.strip().lines()).as(output).hasSize(1);
    }

    @Test
    void theBrokerVerbRunsABrokerThatKcatListsAndARegistryThatKeepsItsSchemas(@TempDir Path dir) throws Exception {
        int port = freePort();
        int registryPort = freePort();
        String subjects = "http://127.0.0.1:" + registryPort + "/subjects";
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"long\\\"}]}";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Process broker = startBroker(port, registryPort, dir);
        try {
            if (Files.isExecutable(Path.of("/usr/bin/kcat"))) {
                Process kcat = new ProcessBuilder("/usr/bin/kcat", "-L", "-b", "127.0.0.1:" + port, "-m", "10").redirectErrorStream(true).start();
                String listing = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(kcat.exitValue()).as(listing).isZero();
                assertThat(listing).contains("1 brokers:").contains("broker 1 at 127.0.0.1:" + port);
            } else {
                System.out.println("kcat is not installed (apt-get install kcat): the broker's listing by kcat is not checked");
            }
            // the registry speaks the Confluent REST API: a schema registered under a subject gets an id
            var post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(subjects + "/probe-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            assertThat(post.body()).matches("\\{\"id\":\\d+}");
        } finally {
            stop(broker);
        }
        // the schemas live in the broker's _schemas topic: the same data directory, started again, still has them
        Process again = startBroker(port, registryPort, dir);
        try {
            var get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(subjects)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("[\"probe-value\"]");
        } finally {
            stop(again);
        }
    }

    /** Starts {@code copydesk broker} in a JVM of its own and waits until it says that the broker and the registry listen. */
    private static Process startBroker(int port, int registryPort, Path dir) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "dev.copydesk.cli.Main", "broker", "--port", Integer.toString(port),
                "--registry-port", Integer.toString(registryPort), "--data-dir", dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        boolean brokerUp = false;
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            brokerUp |= line.contains("listening on 127.0.0.1:" + port);
            if (line.contains("Schema registry listening on http://127.0.0.1:" + registryPort)) {
                break;
            }
        }
        assertThat(brokerUp).as("broker announced itself:\n" + seen).isTrue();
        assertThat(line).as("registry announced itself:\n" + seen).isNotNull();
        Thread drain = new Thread(() -> { // the rest of its output, so that it never blocks on a full pipe
            try {
                lines.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return broker;
    }

    private static void stop(Process broker) throws InterruptedException {
        broker.destroy(); // SIGTERM: the shutdown hook stops the registry and the broker cleanly
        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("broker stops on SIGTERM").isTrue();
        // README: exit codes 0, 1, 2; it ended with the signal's status, 143 (found in review)
        assertThat(broker.exitValue()).as("exit code after SIGTERM and a clean stop").isZero();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
