package dev.copydesk.index;

import java.util.Arrays;

/** A growable list of primitive longs, reused across calls (no boxing on the index's hot path). */
public final class LongList {
    private long[] values;
    private int size;

    public LongList(int capacity) {
        values = new long[Math.max(4, capacity)];
    }

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    /** Appends {@code src[from, from + n)}. */
    public void addAll(long[] src, int from, int n) {
        if (size + n > values.length) {
            values = Arrays.copyOf(values, Math.max(size + n, size * 2));
        }
        System.arraycopy(src, from, values, size, n);
        size += n;
    }

    public long get(int i) {
        return values[i];
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Drops the elements from {@code newSize} on. */
    public void truncate(int newSize) {
        size = Math.min(size, newSize);
    }

    /** The backing array: elements 0 until {@link #size()} are the list. */
    public long[] array() {
        return values;
    }
}
