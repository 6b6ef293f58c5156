package dev.copydesk.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.text.TextPipeline;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MinHash loop on the Vector API ({@link VectorMinHash}) gives the scalar loop's signatures bit for bit, and a
 * JVM without the module falls back to the scalar loop with the same fingerprints. The tests run with
 * {@code --add-modules jdk.incubator.vector} (surefire's argLine), as the README's commands do.
 */
class MinHasherKernelTest {
    private static boolean vectorModule() {
        return ModuleLayer.boot().findModule(MinHasher.VECTOR_MODULE).isPresent();
    }

    @Test
    void withTheModuleTheVectorLoopRuns() {
        assumeTrue(vectorModule(), "this JVM was started without --add-modules jdk.incubator.vector");
        assertThat(new MinHasher(64).kernelName()).startsWith("vector (");
        assertThat(new Fingerprinter(FingerprintConfig.defaults()).minHashKernel()).startsWith("vector (");
    }

    @Test
    void thePropertyTurnsItOff() {
        String before = System.getProperty("copydesk.minhash.vector");
        System.setProperty("copydesk.minhash.vector", "false");
        try {
            assertThat(new MinHasher(64).kernelName()).isEqualTo("scalar");
        } finally {
            if (before == null) {
                System.clearProperty("copydesk.minhash.vector");
            } else {
                System.setProperty("copydesk.minhash.vector", before);
            }
        }
    }

    /** Every component count around the vector widths (full groups of four vectors, single vectors, a masked tail). */
    @Test
    void vectorAndScalarSignaturesAreEqual() {
        assumeTrue(vectorModule(), "this JVM was started without --add-modules jdk.incubator.vector");
        assumeTrue(new MinHasher(64).kernelName().startsWith("vector"), "no vector loop here (shape too narrow, or no C2)");
        Random rnd = new Random(7);
        for (int components : new int[] {1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 35, 60, 63, 64, 65, 80, 127, 128, 129, 200}) {
            MinHasher mh = new MinHasher(components);
            MinHasher.Kernel vector = MinHasher.vectorKernel(mh.xors(), mh.multipliers());
            assertThat(vector).as("vector kernel for %d components", components).isNotNull();
            MinHasher.Kernel scalar = mh.scalar();
            for (int trial = 0; trial < 300; trial++) {
                int n = 1 + rnd.nextInt(trial < 100 ? 8 : 300);
                long[] set = new long[n + 3];
                for (int i = 0; i < set.length; i++) {
                    // mostly random; some extremes, whose folds give 0, -1 and the sign bit
                    set[i] = switch (rnd.nextInt(12)) {
                        case 0 -> 0L;
                        case 1 -> -1L;
                        case 2 -> Long.MIN_VALUE;
                        case 3 -> 0x8000_0000L;
                        default -> rnd.nextLong();
                    };
                }
                int[] expected = new int[components + 5];
                int[] actual = new int[components + 5];
                java.util.Arrays.fill(expected, -7);
                java.util.Arrays.fill(actual, -7); // beyond the components nothing is written
                scalar.signature(set, n, expected);
                vector.signature(set, n, actual);
                assertThat(actual).as("%d components, %d elements", components, n).isEqualTo(expected);
            }
        }
    }

    /** Two-row bands' keys on the Vector API equal the scalar keys, for band counts around the vector widths. */
    @Test
    void vectorAndScalarBandKeysAreEqual() {
        assumeTrue(vectorModule(), "this JVM was started without --add-modules jdk.incubator.vector");
        assumeTrue(MinHasher.vectorApi() && VectorBandKeys.create(64) != null, "no vector loop here (shape too narrow, or no C2)");
        Random rnd = new Random(11);
        for (int bands = 1; bands <= 70; bands++) {
            VectorBandKeys vector = VectorBandKeys.create(bands);
            int lanes = jdk.incubator.vector.LongVector.SPECIES_PREFERRED.length();
            if (bands < lanes) {
                assertThat(vector).as("%d bands: fewer than a vector", bands).isNull();
                continue;
            }
            assertThat(vector).as("%d bands", bands).isNotNull();
            for (int trial = 0; trial < 200; trial++) {
                int[] signature = new int[2 * bands];
                for (int k = 0; k < signature.length; k++) {
                    signature[k] = trial == 0 ? Integer.MAX_VALUE : trial == 1 ? 0 : rnd.nextInt() >>> 1;
                }
                long[] expected = new long[bands];
                long[] actual = new long[bands];
                Fingerprinter.bandKeys(signature, 2, expected, 0);
                int done = vector.keys(signature, actual);
                assertThat(done).isEqualTo(bands / lanes * lanes);
                Fingerprinter.bandKeys(signature, 2, actual, done);
                assertThat(actual).as("%d bands", bands).isEqualTo(expected);
            }
        }
    }

    /**
     * Child JVMs fingerprint 300 generated articles exactly as this JVM does: without the module (as
     * {@code java -jar copydesk.jar} runs unless told) and with C1 only (the Vector API would run as plain Java,
     * ~10 times slower) the scalar loops run; with narrower vectors (256 and 128 bits, as on AVX2 and NEON machines)
     * the vector loops run at that width.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "--add-modules jdk.incubator.vector -XX:TieredStopAtLevel=1",
            "--add-modules jdk.incubator.vector -XX:CompilationMode=quick-only",
            "--add-modules jdk.incubator.vector -XX:MaxVectorSize=32", "--add-modules jdk.incubator.vector -XX:MaxVectorSize=16"})
    void otherJvmsGiveTheSameFingerprints(String flags) throws Exception {
        assumeTrue(vectorModule(), "this JVM runs the scalar loop too: nothing to compare it with");
        List<String> jvm = new ArrayList<>();
        if (!flags.isEmpty()) {
            jvm.addAll(List.of(flags.split(" ")));
        }
        if (flags.contains("MaxVectorSize")) {
            jvm.add("-Dcopydesk.vector.warmup=false"); // the vector loops from the first passage on, not once the JIT has compiled them
        }
        String out = dev.copydesk.testing.ChildJvm.run(jvm, KernelProbe.class);
        // without the module or C2 no warm-up may start (its thread would fail on the Vector API's classes, exit code 0 or not)
        assertThat(out).as(out).doesNotContain("Exception", "Error");
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        String kernel = last.substring(0, last.lastIndexOf(' '));
        String sort = out.lines().filter(l -> l.startsWith("sort ")).findFirst().orElse("").substring(5);
        if (flags.contains("MaxVectorSize")) {
            int maxBits = 8 * Integer.parseInt(flags.replaceAll(".*MaxVectorSize=(\\d+).*", "$1"));
            assertThat(kernel).matches("vector \\(\\d+-bit\\)");
            assertThat(Integer.parseInt(kernel.replaceAll("\\D", ""))).isLessThanOrEqualTo(maxBits);
            // two long lanes run the Vector API as plain Java on JDK 17: the sort must be the scalar one there
            int bits = Integer.parseInt(kernel.replaceAll("\\D", ""));
            assertThat(sort).as(out).isEqualTo(bits >= 256 ? "vector (" + bits / 64 + " lanes)" : "scalar");
        } else {
            assertThat(kernel).isEqualTo("scalar");
            assertThat(sort).as(out).isEqualTo("scalar");
        }
        assertThat(last.substring(last.lastIndexOf(' ') + 1)).as(kernel).isEqualTo(KernelProbe.digest());
    }

    /** Prints the MinHash loop in use and a digest of the fingerprints (band keys, features, exact hashes) of 300 generated articles. */
    static final class KernelProbe {
        public static void main(String[] args) throws IOException {
            System.out.println("sort " + FeatureExtractor.sortKernel());
            String kernel = new Fingerprinter(FingerprintConfig.defaults()).minHashKernel();
            if (!kernel.equals("scalar") && !MinHasher.vectorReady && !Boolean.parseBoolean(System.getProperty("copydesk.vector.warmup", "true"))) {
                throw new IllegalStateException("the vector loops do not run from the start with -Dcopydesk.vector.warmup=false");
            }
            System.out.println(kernel + " " + digest());
        }

        static String digest() {
            Fingerprinter f = new Fingerprinter(FingerprintConfig.defaults());
            TextPipeline pipeline = TextPipeline.defaults();
            List<Long> all = new ArrayList<>();
            for (var a : new WireStoryGenerator(3).generate(300, Instant.parse("2026-01-05T00:00:00Z"),
                    Duration.ofHours(2)).articles()) {
                for (PassageFingerprint p : f.fingerprint(pipeline.process(a.getTitle(), a.getBody()))) {
                    for (long k : p.bandKeys()) {
                        all.add(k);
                    }
                    for (long k : p.features()) { // sorted on the Vector API too (VectorSort)
                        all.add(k);
                    }
                    all.add(p.exactHash());
                }
            }
            long h = 1125899906842597L;
            for (long k : all) {
                h = 31 * h + k;
            }
            return all.size() + ":" + Long.toHexString(h);
        }
    }
}
