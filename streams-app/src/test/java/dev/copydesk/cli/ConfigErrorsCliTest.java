package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.copydesk.testing.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README, The CLI: exit 2 for bad usage or configuration, with one line naming the setting. Found in review: these
 * values used to be accepted (a passage threshold of 7 turned linking off without a word) or to fail later inside
 * Kafka with exit 1 and Kafka's own message, after the topics were created.
 */
class ConfigErrorsCliTest {
    record Run(int code, String out, String err) {
    }

    @TempDir
    static Path dir;
    static Path archive;

    static Run cli(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Integer> f = ex.submit(() -> Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args));
            return new Run(f.get(120, TimeUnit.SECONDS), out.toString(), err.toString());
        } finally {
            ex.shutdownNow();
        }
    }

    @BeforeAll
    static void generate() throws Exception {
        archive = dir.resolve("set.jsonl");
        assertThat(cli("generate", "--count", "20", "--seed", "3", "--output", archive.toString()).code()).isZero();
    }

    private static void assertUsageError(Run r, String what, String named) {
        assertThat(r.code()).as("%s: %s%s", what, r.out(), r.err()).isEqualTo(2);
        assertThat(r.err()).as(what).contains(named);
    }

    @Test
    void anOutOfRangePassageThresholdIsAConfigurationError() throws Exception {
        for (String bad : new String[] {"7", "-1", "NaN"}) {
            Run r = cli("backtest", "--input", archive.toString(), "--report", dir.resolve("t" + bad).toString(),
                    "--set", "copydesk.passage.threshold=" + bad);
            assertUsageError(r, "copydesk.passage.threshold=" + bad, "copydesk.passage.threshold");
        }
    }

    @Test
    void aZeroOrNegativeRetentionIsAConfigurationError() throws Exception {
        for (String bad : new String[] {"0s", "-1d"}) {
            Run r = cli("backtest", "--input", archive.toString(), "--report", dir.resolve("r" + bad).toString(),
                    "--set", "copydesk.retention=" + bad);
            assertUsageError(r, "copydesk.retention=" + bad, "copydesk.retention");
        }
    }

    /** copydesk.index.cache is a size (KB, MB, GB) of zero or more, parsed as copydesk.rocksdb.memory is. */
    @Test
    void aBadIndexCacheIsAConfigurationError() throws Exception {
        for (String bad : new String[] {"lots", "-1MB", "1.5GB", "12XB", ""}) {
            Run r = cli("backtest", "--input", archive.toString(), "--report", dir.resolve("c" + bad).toString(),
                    "--set", "copydesk.index.cache=" + bad);
            assertUsageError(r, "copydesk.index.cache=" + bad, "setting copydesk.index.cache must be a size of zero or more");
            assertThat(r.err()).contains("got '" + bad + "'");
        }
        Run ok = cli("backtest", "--input", archive.toString(), "--report", dir.resolve("c0").toString(),
                "--set", "copydesk.index.cache=0");
        assertThat(ok.code()).as("0: no cache, %s", ok.err()).isZero();
    }

    /** The HTTP port was bound after the topics and the state layout were created (found in review). */
    @Test
    void badKafkaAndTopicSettingsAreRejectedBeforeAnythingIsCreated() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String[][] cases = {
                    {"processing.guarantee=exactly_twice", "processing.guarantee"},
                    {"copydesk.topic.partitions=0", "copydesk.topic.partitions"},
                    {"copydesk.topic.replication=x", "copydesk.topic.replication"},
                    {"copydesk.http.port=abc", "copydesk.http.port"},
                    {"copydesk.index.cache=100 megabytes", "copydesk.index.cache"},
                    // checked by Kafka Streams itself since 4.4 (KIP-1245), when the settings are read
                    {"application.server=copydesk-1", "application.server"},
                    {"copydesk.http.port=" + busy.getLocalPort(), "cannot listen on 127.0.0.1:" + busy.getLocalPort()},
            };
            rejectedBeforeAnythingIsCreated(cases);
        }
    }

    private static void rejectedBeforeAnythingIsCreated(String[][] cases) throws Exception {
        for (String[] c : cases) {
            String app = SharedBroker.unique("badcfg");
            List<String> args = new ArrayList<>(List.of("run", "--bootstrap", SharedBroker.bootstrapServers(),
                    "--registry", "mock://badcfg", "--set", "application.id=" + app, "--set", "copydesk.http.port=0"));
            for (String t : new String[] {"input", "dlq", "stories", "annotated", "unique", "evidence"}) {
                args.addAll(List.of("--set", "copydesk.topic." + t + "=" + app + "." + t));
            }
            args.addAll(List.of("--set", c[0]));
            Run r = cli(args.toArray(String[]::new));
            assertUsageError(r, c[0], c[1]);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).as(c[0] + ": no topic created").noneMatch(t -> t.startsWith(app));
            }
        }
    }

    /** A mistyped copydesk key was ignored without a word: the app ran with the setting it meant at its default. */
    @Test
    void anUnknownCopydeskKeyIsAConfigurationErrorNamingTheNearestSetting() throws Exception {
        rejectedBeforeAnythingIsCreated(new String[][] {
                {"copydesk.retentoin=2d", "copydesk: unknown setting copydesk.retentoin given with --set (did you mean copydesk.retention?)"}});
        Path file = dir.resolve("typo.properties");
        java.nio.file.Files.writeString(file, "copydesk.unique.holds=0s\n");
        assertUsageError(cli("lag", "--config", file.toString()), "copydesk.unique.holds in a file",
                "unknown setting copydesk.unique.holds in " + file + " (did you mean copydesk.unique.hold?)");
        assertUsageError(cli("demo", "--set", "copydesk.max.body=5000", "--data-dir", dir.resolve("demo-typo").toString()),
                "demo --set copydesk.max.body", "unknown setting copydesk.max.body given with --set (did you mean copydesk.max.body.bytes?)");
    }

    @Test
    void badVerbArgumentsAreUsageErrors() throws Exception {
        assertUsageError(cli("similarity", "--pairs", dir.resolve("nope.tsv").toString()), "missing pairs file", "does not exist");
        assertUsageError(cli("generate", "--count", "5", "--span", "-1d", "--output", dir.resolve("g.jsonl").toString()),
                "negative span", "--span");
        assertUsageError(cli("broker", "--port", "70000", "--data-dir", dir.resolve("b").toString()), "port 70000", "--port");
        // said only "copydesk: <path>" (exit 1), after reading the archive
        assertUsageError(cli("backtest", "--input", archive.toString(), "--report", archive.resolve("r").toString()),
                "a report directory inside a file", "--report: cannot write into directory " + archive.resolve("r"));
    }

    @Test
    void aMalformedLabelsFileIsAUsageErrorNamingItsLine() throws Exception {
        Path labels = dir.resolve("bad.labels.jsonl");
        java.nio.file.Files.writeString(labels, "{\"id\":\"a\",\"cluster\":\"x\"}\nbad\n");
        // said "copydesk: Unrecognized token 'bad': ..." with exit 1, naming neither the file nor the line
        assertUsageError(cli("backtest", "--input", archive.toString(), "--labels", labels.toString(), "--report",
                dir.resolve("r-labels").toString()), "a labels line that is not JSON", labels + " line 2: not a JSON label");
    }

    @Test
    void aFileErrorSaysWhatIsWrongWithWhichFile() throws Exception {
        // said only "copydesk: <the archive's path>"
        Run r = cli("generate", "--count", "3", "--output", archive.resolve("x.jsonl").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("copydesk: " + archive + ": already exists, not a directory");
    }
}
