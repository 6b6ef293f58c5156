package dev.copydesk.index;

import java.util.Arrays;

/**
 * What a look-up decided about each article it met (ordinal → a non-zero state), for one batch: a small
 * open-addressing table that {@link #clear} empties in O(1) by starting a new generation. A batch meets
 * a few thousand articles, so the table stays in the CPU cache, where the articles' metadata does not
 * once the index holds hundreds of thousands.
 *
 * <p>Not thread-safe.
 */
public final class Visits {
    private int[] keys = new int[1 << 12];
    private int[] states = new int[1 << 12];
    private int[] generations = new int[1 << 12];
    private int generation = 1;
    private int size;

    /** Forgets every article. */
    public void clear() {
        size = 0;
        if (++generation == 0) { // wrapped after 2^32 batches: old generations could look current again
            Arrays.fill(generations, 0);
            generation = 1;
        }
    }

    /** The state recorded for {@code ordinal} since the last {@link #clear}, or 0. */
    public int get(int ordinal) {
        int mask = keys.length - 1;
        for (int i = mix(ordinal) & mask; generations[i] == generation; i = (i + 1) & mask) {
            if (keys[i] == ordinal) {
                return states[i];
            }
        }
        return 0;
    }

    /** Records a non-zero {@code state} for an article not recorded yet since the last {@link #clear}. */
    public void put(int ordinal, int state) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(ordinal) & mask;
        while (generations[i] == generation) {
            i = (i + 1) & mask;
        }
        keys[i] = ordinal;
        states[i] = state;
        generations[i] = generation;
        size++;
    }

    public int size() {
        return size;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldStates = states;
        int[] oldGenerations = generations;
        int current = generation;
        keys = new int[oldKeys.length * 2];
        states = new int[oldKeys.length * 2];
        generations = new int[oldKeys.length * 2];
        generation = 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldGenerations[i] == current) {
                put(oldKeys[i], oldStates[i]);
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
