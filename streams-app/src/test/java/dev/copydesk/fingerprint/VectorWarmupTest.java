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

    /** Prints whether the vector kernels run at start and after waiting for the warm-up, with a digest of the fingerprints each time. */
    static final class Probe {
        public static void main(String[] args) throws Exception {
            Fingerprinter f = new Fingerprinter(FingerprintConfig.defaults());
            System.out.println("ready at start: " + MinHasher.vectorKernelsReady());
            System.out.println("digest before: " + MinHasherKernelTest.KernelProbe.digest());
            long deadline = System.nanoTime() + Long.getLong("probe.wait.seconds", 30) * 1_000_000_000L;
            while (!MinHasher.vectorKernelsReady() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.println("ready after warm-up: " + MinHasher.vectorKernelsReady() + " (" + f.minHashKernel() + ")");
            System.out.println("digest after: " + MinHasherKernelTest.KernelProbe.digest());
        }
    }
}
