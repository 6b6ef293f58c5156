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
 * times slower (the sort is held against {@code Arrays.sort}). After 5 s the thread sleeps as long as each round took, so
 * it takes half a core at most from then on. If the kernels never get there within 20 s ({@code -Dcopydesk.vector.warmup.seconds}), the scalar
 * kernels stay (the log says so). {@code -Dcopydesk.vector.warmup=false} uses the vector kernels from the first call.
 *
 * <p>Loaded only when {@link MinHasher#vectorApi()} is true: its methods use the API's types.
 */
final class VectorWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(VectorWarmup.class);
    private static final int SETS = 256;
    /** After this long, the thread sleeps as long as each round took: half a core at most while the JIT does not come. */
    private static final long PACED_AFTER_NANOS = 5_000_000_000L;

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
    private static volatile long warmupThreadId = -1;
    /** The warm-up thread's CPU time once it has ended, else -1. */
    private static volatile long finishedCpuNanos = -1;
    private static volatile long readyAfterMillis = -1;

    /**
     * CPU time the warm-up thread has used so far, in nanoseconds (0 when none ran): work done for the run that thread-CPU
     * figures of the thread that fingerprints would miss (backtest's articles per CPU second add it).
     */
    static long cpuNanos() {
        long done = finishedCpuNanos;
        if (done >= 0) {
            return done;
        }
        long id = warmupThreadId;
        long cpu = id < 0 ? 0 : java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
        return Math.max(0, cpu);
    }

    /** Milliseconds from the warm-up's start to the switch to the vector kernels, or -1 (not yet, never, or no warm-up ran). */
    static long readyAfterMillis() {
        return readyAfterMillis;
    }

    private static void finish() {
        finishedCpuNanos = Math.max(0, java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run() {
        long giveUpNanos = Long.getLong("copydesk.vector.warmup.seconds", 20) * 1_000_000_000L;
        warmupThreadId = Thread.currentThread().getId();
        long begin = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(0x7761726DL);
        long[][] sets = new long[SETS][];
        for (int i = 0; i < SETS; i++) { // passages' sizes: 2 to 40 features
            long[] s = new long[64];
            int n = 2 + rnd.nextInt(39);
            for (int k = 0; k < n; k++) {
                s[k] = rnd.nextLong();
            }
            if (i % 2 == 1) { // a repeated feature, as real passages have: every branch of the sort gets compiled (found in a review:
                // warmed on distinct values only, C2 left the other branch as a trap, and the first real passage with a repeat
                // sent the sort back to slow code for over a second)
                s[rnd.nextInt(n)] = s[rnd.nextInt(n)];
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
            long roundStart = System.nanoTime();
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
                readyAfterMillis = (System.nanoTime() - begin) / 1_000_000;
                finish();
                MinHasher.vectorReady = true;
                LOG.info("Vector API kernels compiled after {} ms ({} rounds): in use from now (checksum {})",
                        readyAfterMillis, rounds, sink & 0xff);
                return;
            }
            if (System.nanoTime() - begin > PACED_AFTER_NANOS) { // not in the first seconds: paced, the kernels got compiled
                pause(System.nanoTime() - roundStart);      // 3-5 times later in a cold backtest (the JIT's queue fills meanwhile)
            }
        }
        finish();
        LOG.warn("Vector API kernels not within 2x of the scalar ones after {} s: the scalar kernels stay (checksum {})",
                giveUpNanos / 1_000_000_000L, sink & 0xff);
    }
}
