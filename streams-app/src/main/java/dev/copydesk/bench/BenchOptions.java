package dev.copydesk.bench;

import dev.copydesk.config.ConfigException;
import dev.copydesk.sample.WireStoryGenerator;

/**
 * What one {@code copydesk bench} run measures.
 *
 * @param count   articles fed to each measured phase; with an archive, 0 means all after the history and warm-up
 * @param rate    fixed input rate in articles/s (latency mode), or 0 to feed as fast as the producer goes
 * @param history older articles fed into the full topology's index before its measured phase (not timed)
 * @param seed    generator seed
 * @param warmup  older articles fed to every phase before timing (startup, first fetches, JIT), on top of the history
 * @param historyThroughTopology true: the history is fed through the topology like live input (as slow as the
 *                topology); false: written straight into the index's changelog and restored (the fast path)
 * @param fromArchive the articles come from an archive ({@code --input}), not the generator
 * @param length  the generator's length factor ({@link WireStoryGenerator#withLength}); not used with an archive
 */
public record BenchOptions(int count, double rate, int history, long seed, int warmup, boolean historyThroughTopology,
                           boolean fromArchive, double length) {
    /** History of the reference row printed beside a larger {@code --history} (the 10k baseline). */
    public static final int REFERENCE_HISTORY = 10_000;
    /**
     * The generator's length factor by default: about 4 KB of Avro per article (3.9 KB of body text on average,
     * against 2.6 KB at the generator's own default of 1), the size of a wire story.
     */
    public static final double DEFAULT_LENGTH = 2.0;

    /** Generated articles of the default length. */
    public BenchOptions(int count, double rate, int history, long seed, int warmup, boolean historyThroughTopology) {
        this(count, rate, history, seed, warmup, historyThroughTopology, false, DEFAULT_LENGTH);
    }

    public BenchOptions {
        if (count < 1 && !(fromArchive && count == 0)) {
            throw new ConfigException("--count must be at least 1, got " + count);
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new ConfigException("--rate must be positive (articles per second), got " + rate);
        }
        if (warmup < 0) {
            throw new ConfigException("--warmup must be 0 or more, got " + warmup);
        }
        if (history < 0) {
            throw new ConfigException("--history must be 0 or more, got " + history);
        }
        String lengthProblem = WireStoryGenerator.lengthProblem(length);
        if (lengthProblem != null) {
            throw new ConfigException("--length " + lengthProblem);
        }
    }

    public boolean latencyMode() {
        return rate > 0;
    }
}
