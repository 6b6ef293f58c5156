package dev.copydesk.fingerprint;

import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.TextPipeline;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Single-thread throughput of the fingerprint kernel: {@code java ... FingerprintBenchmark [DIR] [SECONDS]}.
 * Reads the {@code .txt} articles of DIR (default {@code ../shared/seeds}) and reports articles/s for the
 * text pipeline plus fingerprinting, and for fingerprinting alone, per second of this thread's CPU time
 * (so that other processes sharing the cores do not distort it).
 */
public final class FingerprintBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private FingerprintBenchmark() {
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/seeds");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".txt")).sorted()::iterator) {
                bodies.add(Files.readString(f));
            }
        }
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("no .txt articles in " + dir);
        }
        TextPipeline pipeline = TextPipeline.defaults();
        Fingerprinter fingerprinter = new Fingerprinter(FingerprintConfig.defaults());
        List<NormalizedArticle> normalized = new ArrayList<>();
        long bytes = 0;
        for (String b : bodies) {
            normalized.add(pipeline.process(null, b));
            bytes += b.length();
        }
        System.out.printf(Locale.ROOT, "%d articles, mean %d chars, %s, MinHash %s, sort %s%n", bodies.size(),
                bytes / bodies.size(), fingerprinter.config(), fingerprinter.minHashKernel(), FeatureExtractor.sortKernel());
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up " : "measured";
            long sink = 0;
            long n = 0;
            long t0 = cpu();
            long deadline = t0 + (long) (seconds * 1e9);
            while (cpu() < deadline) {
                for (String b : bodies) {
                    sink += fingerprinter.fingerprint(pipeline.process(null, b)).size();
                    n++;
                }
            }
            double full = n / ((cpu() - t0) / 1e9);
            long m = 0;
            t0 = cpu();
            deadline = t0 + (long) (seconds * 1e9);
            while (cpu() < deadline) {
                for (NormalizedArticle a : normalized) {
                    sink += fingerprinter.fingerprint(a).size();
                    m++;
                }
            }
            double kernel = m / ((cpu() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "%s: pipeline+fingerprint %.0f articles/s, fingerprint only %.0f articles/s"
                    + " (%d; Vector API kernels compiled and in use at the end: %b)%n", label, full, kernel, sink % 10,
                    MinHasher.vectorKernelsReady());
        }
    }
}
