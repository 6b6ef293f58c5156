package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copydesk.testing.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API's kernels take over only once the JIT has compiled them ({@link VectorWarmup}), in fresh JVMs with the
 * module: the first passages go through the scalar kernels, the vector ones run within seconds, and the fingerprints are
 * the same before and after. Where the vector kernels never get compiled, the scalar ones stay.
 */
class VectorWarmupTest {

    private static String run(String... flags) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        jvm.addAll(List.of(flags));
        return ChildJvm.run(jvm, Probe.class);
    }

    private static void assumeVectorKernels() {
        assumeTrue(MinHasher.vectorApi() && new MinHasher(64).kernelName().startsWith("vector"),
                "this JVM has no Vector API kernels (started without --add-modules jdk.incubator.vector, or no C2)");
    }

    @Test
    void theVectorKernelsTakeOverOnceCompiledWithTheSameFingerprints() throws Exception {
        assumeVectorKernels();
        String out = run();
        assertThat(out).as(out).contains("ready at start: false", "ready after warm-up: true")
                .contains("Vector API kernels compiled after");
        String expected = MinHasherKernelTest.KernelProbe.digest();
        assertThat(out).as(out).contains("digest before: " + expected, "digest after: " + expected);
    }

    @Test
    void turnedOffTheVectorKernelsRunFromTheFirstPassage() throws Exception {
        assumeVectorKernels();
        String out = run("-Dcopydesk.vector.warmup=false");
        assertThat(out).as(out).contains("ready at start: true").doesNotContain("Vector API kernels compiled after");
    }

    @Test
    void vectorKernelsThatNeverGetCompiledLeaveTheScalarOnesInPlace() throws Exception {
        assumeVectorKernels();
        // C2 never compiles the MinHash kernel: it stays far slower than the scalar loop
        String out = run("-XX:CompileCommand=quiet", "-XX:CompileCommand=exclude,dev.copydesk.fingerprint.VectorMinHash::signature",
                "-Dcopydesk.vector.warmup.seconds=3", "-Dprobe.wait.seconds=6");
        assertThat(out).as(out).contains("ready at start: false", "ready after warm-up: false")
                .contains("Vector API kernels not within 2x of the scalar ones after 3 s: the scalar kernels stay");
    }

    /**
     * Until the switch, no call site runs a vector kernel. With all three kept from C2 (so every call is slow and shows in
     * a profile) the switch never comes; JFR then samples the main thread while it fingerprints 300 articles, and no
     * sample may be inside a vector kernel (with the gate of any one call site removed, hundreds are).
     */
    @Test
    void beforeTheSwitchNoCallSiteRunsAVectorKernel() throws Exception {
        assumeVectorKernels();
        String out = run("-XX:CompileCommand=quiet", "-XX:CompileCommand=exclude,dev.copydesk.fingerprint.VectorMinHash::signature",
                "-XX:CompileCommand=exclude,dev.copydesk.fingerprint.VectorSort::sort",
                "-XX:CompileCommand=exclude,dev.copydesk.fingerprint.VectorBandKeys::keys", "-Dcopydesk.vector.warmup.seconds=1",
                "-Dprobe.profile=true", "-Dprobe.wait.seconds=1");
        // the profile's own check that it sees the fingerprinting at all
        assertThat(out).as(out).contains("main thread samples in vector kernels: 0 of ").doesNotContain(" of 0 ");
    }

    /** Prints whether the vector kernels run at start and after waiting for the warm-up, with a digest of the fingerprints each time. */
    static final class Probe {
        public static void main(String[] args) throws Exception {
            Fingerprinter f = new Fingerprinter(FingerprintConfig.defaults()); // (its band-key check calls the vector kernel once)
            if (Boolean.getBoolean("probe.profile")) {
                profile(f);
            }
            System.out.println("ready at start: " + MinHasher.vectorKernelsReady());
            System.out.println("digest before: " + MinHasherKernelTest.KernelProbe.digest());
            long deadline = System.nanoTime() + Long.getLong("probe.wait.seconds", 30) * 1_000_000_000L;
            while (!MinHasher.vectorKernelsReady() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.println("ready after warm-up: " + MinHasher.vectorKernelsReady() + " (" + f.minHashKernel() + ")");
            System.out.println("digest after: " + MinHasherKernelTest.KernelProbe.digest());
        }

        /** Samples the main thread while {@code f} fingerprints 300 generated articles; prints how many samples were in a vector kernel. */
        private static void profile(Fingerprinter f) throws Exception {
            var pipeline = dev.copydesk.text.TextPipeline.defaults();
            var articles = new dev.copydesk.sample.WireStoryGenerator(3).generate(300, java.time.Instant.parse("2026-01-05T00:00:00Z"),
                    java.time.Duration.ofHours(2)).articles();
            java.nio.file.Path file = java.nio.file.Files.createTempFile("warmup", ".jfr");
            try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
                r.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
                r.start();
                long sink = 0;
                for (var a : articles) {
                    sink += f.fingerprint(pipeline.process(a.getTitle(), a.getBody())).size();
                }
                r.stop();
                r.dump(file);
                System.out.println("passages " + sink);
            }
            int all = 0;
            int inVector = 0;
            for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
                jdk.jfr.consumer.RecordedThread t = e.getThread("sampledThread");
                if (t == null || !"main".equals(t.getJavaName()) || e.getStackTrace() == null) {
                    continue;
                }
                all++;
                if (e.getStackTrace().getFrames().stream().map(fr -> fr.getMethod().getType().getName())
                        .anyMatch(c -> c.equals(VectorMinHash.class.getName()) || c.equals(VectorSort.class.getName())
                                || c.equals(VectorBandKeys.class.getName()))) {
                    inVector++;
                }
            }
            java.nio.file.Files.delete(file);
            System.out.println("main thread samples in vector kernels: " + inVector + " of " + all + " ");
        }
    }
}
