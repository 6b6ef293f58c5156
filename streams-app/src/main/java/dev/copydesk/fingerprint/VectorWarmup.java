package dev.copydesk.fingerprint;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the Vector API's kernels back until the JIT has compiled them. Until C2 compiles a method that uses the API,
 * every vector operation runs as plain Java with an object per vector, ten to a hundred times slower than the scalar
 * loop (C1 does not compile the API's intrinsics). In a cold {@code backtest} of 2,000 articles C2 compiled
 * {@link VectorMinHash#signature} after 8 s, and the run was 1.2–1.4 times slower than without the module
 * (2026-11-24, {@code -XX:+PrintCompilation}).
 *
 * <p>So a JVM with the API starts on the scalar kernels, which give the same results bit for bit, while a daemon thread
 * runs both kinds on synthetic passages. The vector kernels take over when each runs there at most twice as long as its
 * scalar counterpart, three rounds in a row: compiled, they are about as fast or faster, and before that at least ten
 * times slower. If they never get there within a minute ({@code -Dcopydesk.vector.warmup.seconds}), the scalar kernels
 * stay (the log says so). {@code -Dcopydesk.vector.warmup=false} uses the vector kernels from the first call.
 *
 * <p>Loaded only when {@link MinHasher#vectorApi()} is true: its methods use the API's types.
 */
final class VectorWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(VectorWarmup.class);
    private static final int SETS = 256;

    private VectorWarmup() {
    }

    /** Starts the warm-up thread, once per JVM; or, with {@code copydesk.vector.warmup=false}, lets the vector kernels run now. */
    static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (!Boolean.parseBoolean(System.getProperty("copydesk.vector.warmup", "true"))) {
            MinHasher.vectorReady = true;
            return;
        }
        Thread t = new Thread(VectorWarmup::run, "copydesk-vector-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static boolean started;

    private static void run() {
        long giveUpNanos = Long.getLong("copydesk.vector.warmup.seconds", 60) * 1_000_000_000L;
        long begin = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(0x7761726DL);
        long[][] sets = new long[SETS][];
        for (int i = 0; i < SETS; i++) { // passages' sizes: 2 to 40 features
            long[] s = new long[64];
            int n = 2 + rnd.nextInt(39);
            for (int k = 0; k < n; k++) {
                s[k] = rnd.nextLong();
            }
            sets[i] = Arrays.copyOf(s, n);
        }
        MinHasher scalarHasher = new MinHasher(FingerprintConfig.defaults().minHashComponents());
        MinHasher.Kernel vectorHash = MinHasher.vectorKernel(scalarHasher.xors(), scalarHasher.multipliers());
        MinHasher.Kernel scalarHash = scalarHasher.scalar();
        int bands = FingerprintConfig.defaults().bands();
        VectorBandKeys vectorKeys = FingerprintConfig.defaults().rows() == 2 ? VectorBandKeys.create(bands) : null;
        boolean sort = VectorSort.usable();
        int[] signature = new int[scalarHasher.components()];
        long[] keys = new long[bands];
        long[] a = new long[64];
        long[] t = new long[64];
        long[] ranks = new long[64];
        boolean[] written = new boolean[64];
        long sink = 0;
        int inARow = 0;
        int rounds = 0;
        while (System.nanoTime() - begin < giveUpNanos) {
            rounds++;
            boolean fast = true;
            if (vectorHash != null) {
                long v = System.nanoTime();
                for (long[] s : sets) {
                    vectorHash.signature(s, s.length, signature);
                    sink += signature[0];
                }
                long sc = System.nanoTime();
                for (long[] s : sets) {
                    scalarHash.signature(s, s.length, signature);
                    sink += signature[0];
                }
                fast &= sc - v <= 2 * (System.nanoTime() - sc);
            }
            if (vectorKeys != null) {
                long v = System.nanoTime();
                for (long[] s : sets) {
                    signature[0] = (int) s[0] >>> 1; // a different signature each time, all components non-negative
                    sink += vectorKeys.keys(signature, keys) + keys[1];
                }
                long sc = System.nanoTime();
                for (long[] s : sets) {
                    signature[0] = (int) s[0] >>> 1;
                    Fingerprinter.bandKeys(signature, 2, keys, 0);
                    sink += keys[1];
                }
                fast &= sc - v <= 2 * (System.nanoTime() - sc);
            }
            if (sort) {
                long v = System.nanoTime();
                for (long[] s : sets) {
                    System.arraycopy(s, 0, a, 0, s.length);
                    VectorSort.sort(a, s.length, t, ranks, written);
                    sink += a[0];
                }
                long sc = System.nanoTime();
                for (long[] s : sets) {
                    System.arraycopy(s, 0, a, 0, s.length);
                    Arrays.sort(a, 0, s.length);
                    sink += a[0];
                }
                fast &= sc - v <= 2 * (System.nanoTime() - sc);
            }
            inARow = fast ? inARow + 1 : 0;
            if (inARow == 3) {
                MinHasher.vectorReady = true;
                LOG.info("Vector API kernels compiled after {} ms ({} rounds): in use from now (checksum {})",
                        (System.nanoTime() - begin) / 1_000_000, rounds, sink & 0xff);
                return;
            }
        }
        LOG.warn("Vector API kernels not within 2x of the scalar ones after {} s: the scalar kernels stay (checksum {})",
                giveUpNanos / 1_000_000_000L, sink & 0xff);
    }
}
