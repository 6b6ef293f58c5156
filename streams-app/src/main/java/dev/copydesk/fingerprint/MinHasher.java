package dev.copydesk.fingerprint;

import java.util.Arrays;

/**
 * MinHash signatures of small sets of 64-bit element hashes, with 31-bit components: component k is
 * {@code min over x of ((fold(x) ^ C[k]) * M[k]) >>> 1} in 32-bit arithmetic, with fixed random
 * constants C[k] and odd M[k] ({@code (y ^ C) * M} is a bijection of 32-bit values, so for well-mixed
 * inputs P(component equal) = Jaccard, up to 2^-31 for the dropped bit). The constants come from a fixed SplitMix64 seed: signatures are stable
 * across processes and releases, which band keys stored in the candidate index require.
 *
 * <p>Why not hash4j's MinHash/SuperMinHash: they draw every component from a pseudo-random generator
 * seeded per element; on passages of ~14 features with 64 components that measured about 2 µs per passage
 * here. This loop over 32-bit lanes is vectorized by the JIT (about 0.25 µs), and
 * fingerprinting runs on every passage of every article. {@code LshTest} checks the collision
 * probabilities empirically against {@code J} and {@code 1 - (1 - J^r)^b}.
 *
 * <p>When the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, incubating in JDK 17 to 25)
 * the same loop runs on it ({@link VectorMinHash}, about 10 times faster); the signatures are the same bit for
 * bit ({@code MinHasherKernelTest}), once the JIT has compiled it ({@link VectorWarmup}). {@code -Dcopydesk.minhash.vector=false}
 * turns it off.
 */
public final class MinHasher {
    private static final long SEED = 0x636F70796465736BL; // "copydesk"
    /** The module of the Vector API, which the JVM resolves only when asked ({@code --add-modules}). */
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private final int[] xors;
    private final int[] multipliers;
    /** The Vector API's loop, or null: then the scalar loop runs, called directly (an interface call costs ~5%). */
    private final Kernel vector;
    /**
     * Whether the Vector API's kernels run (MinHash, band keys, the feature sort): once the JIT has compiled them
     * ({@link VectorWarmup}); until then the scalar ones, which give the same results.
     */
    static volatile boolean vectorReady;

    /** Whether the Vector API's kernels run now (see {@link #vectorReady}); false where the JVM has none. */
    public static boolean vectorKernelsReady() {
        return vectorReady;
    }

    /** CPU time of the thread that warms the Vector API's kernels up ({@link VectorWarmup}), in nanoseconds; 0 where none ran. */
    public static long vectorWarmupCpuNanos() {
        return vectorApi() ? VectorWarmup.cpuNanos() : 0;
    }

    /** A signature loop; {@link #scalar()} or the Vector API's. */
    interface Kernel {
        void signature(long[] elements, int n, int[] out);

        String name();
    }

    public MinHasher(int components) {
        xors = new int[components];
        multipliers = new int[components];
        long state = SEED;
        for (int k = 0; k < components; k++) {
            long z = splitMix(state += 0x9E3779B97F4A7C15L);
            xors[k] = (int) z;
            multipliers[k] = (int) (z >>> 32) | 1;
        }
        vector = vectorApi() ? vectorKernel(xors, multipliers) : null;
        if (vector != null) {
            VectorWarmup.start();
        }
    }

    /**
     * True when this JVM has the Vector API's module and {@code copydesk.minhash.vector} is not {@code false}. The
     * classes that use the API ({@link VectorMinHash}, {@link VectorBandKeys}, {@link VectorSort}) must be loaded only then:
     * their types are in that module.
     */
    static boolean vectorApi() {
        return Boolean.parseBoolean(System.getProperty("copydesk.minhash.vector", "true"))
                && ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() && Jit.OPTIMIZING;
    }

    /** Read once, when first asked. */
    private static final class Jit {
        static final boolean OPTIMIZING = optimizingCompiler();
    }

    /**
     * False when this JVM has no C2 compiler ({@code -Xint}, {@code -XX:TieredStopAtLevel} below 4): the Vector API
     * then runs as plain Java, about 10 times slower than the scalar loop (found in a review).
     */
    private static boolean optimizingCompiler() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode") || info.contains("emulated-client")) { // -Xint; C1 only (quick-only)
            return false;
        }
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return true;
            }
            int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            return Boolean.parseBoolean(vm.getVMOption("UseCompiler").getValue()) && stopAt != 0
                    && (!Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue()) || stopAt >= 4);
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot, or no jdk.management: assume a compiler
        }
    }

    /** The Vector API's loop, or null where its preferred shape is too narrow; only when the module is there. */
    static Kernel vectorKernel(int[] xors, int[] multipliers) {
        return VectorMinHash.create(xors, multipliers);
    }

    /** The plain Java loop (C2 vectorizes it) as a Kernel, for tests; {@link #signature} calls it directly. */
    Kernel scalar() {
        return new Kernel() {
            @Override
            public void signature(long[] elements, int n, int[] out) {
                scalarSignature(elements, n, out);
            }

            @Override
            public String name() {
                return "scalar";
            }
        };
    }

    /**
     * The loop a MinHasher made now would run, with a hint when it is the scalar one because the module is missing, and
     * whether the vector one runs yet ({@link VectorWarmup}): for start-up logs and reports.
     */
    public static String kernelInUse() {
        String name = new MinHasher(2).kernelName();
        if (name.equals("scalar") && ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return name + " (start java with --add-modules " + VECTOR_MODULE + " for the Vector API loop)";
        }
        if (!name.equals("scalar")) {
            long after = VectorWarmup.readyAfterMillis();
            return vectorReady ? after < 0 ? name : name + " (from " + after + " ms, after the JIT warm-up)"
                    : name + " once the JIT has compiled it (scalar so far)";
        }
        return name;
    }

    /** Which loop computes the signatures: {@code "vector (512-bit)"} (the lane width varies) or {@code "scalar"}. */
    public String kernelName() {
        return vector != null ? vector.name() : "scalar";
    }

    int[] xors() {
        return xors.clone();
    }

    int[] multipliers() {
        return multipliers.clone();
    }

    /** An element's 32-bit input to every component. */
    static int fold(long h) {
        return (int) (h ^ (h >>> 32));
    }

    private static long splitMix(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int components() {
        return multipliers.length;
    }

    /** Writes the signature of {@code elements[0, n)} into {@code out[0, components())}; n must be positive. */
    public void signature(long[] elements, int n, int[] out) {
        if (vector != null && vectorReady) {
            vector.signature(elements, n, out);
        } else {
            scalarSignature(elements, n, out);
        }
    }

    private void scalarSignature(long[] elements, int n, int[] out) {
        int[] c = xors;
        int[] m = multipliers;
        int len = m.length;
        Arrays.fill(out, 0, len, Integer.MAX_VALUE);
        for (int e = 0; e < n; e++) {
            int x = fold(elements[e]);
            for (int k = 0; k < len; k++) {
                // branch-free min of non-negative 31-bit values: the JIT vectorizes this loop (Math.min it does not)
                int v = ((x ^ c[k]) * m[k]) >>> 1;
                int o = out[k];
                int d = v - o;
                out[k] = o + (d & (d >> 31));
            }
        }
    }
}
