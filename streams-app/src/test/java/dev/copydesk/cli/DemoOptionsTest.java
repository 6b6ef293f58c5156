package dev.copydesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/**
 * demo's --rate and --count are usage errors (exit 2) naming the flag, as in bench and replay. --rate 0 used to make
 * the feeder send one article and sleep for ever (a due time of start + (long) Infinity), and --count -3 failed with
 * an internal message (found in review).
 */
class DemoOptionsTest {
    private static int demo(StringWriter err, String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--broker-port", "0", "--registry-port", "0", "--set", "copydesk.http.port=0"}, 0,
                all, args.length + 1, 6);
        return Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all);
    }

    @Test
    void aZeroRateIsAUsageError() {
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = demo(err, "--rate", "0", "--count", "30", "--duration", "3s", "--format", "json");
        System.out.printf("--rate 0: exit %d after %.1f s; stderr: %s%n", code, (System.nanoTime() - t0) / 1e9, err);
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--rate");
    }

    @Test
    void aNegativeCountIsAUsageErrorNamingTheFlag() {
        StringWriter err = new StringWriter();
        int code = demo(err, "--count", "-3", "--duration", "2s");
        System.out.println("--count -3: exit " + code + "; stderr: " + err);
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--count");
    }
}
