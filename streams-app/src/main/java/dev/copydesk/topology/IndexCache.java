package dev.copydesk.topology;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An index task's decoded articles ({@link IndexProcessor.Indexed}) by passage key, least recently used first out, bounded
 * by bytes: the entries' estimated sizes ({@link #cost}) never add up to more than the budget. Putting an entry evicts the
 * least recently used ones until it fits; an entry larger than the whole budget is not kept (so a budget of 0 keeps
 * nothing). What the cache holds changes no answer of the index: its entries never change (see
 * {@code IndexProcessor.recent}). Not thread-safe: one task's thread uses it.
 */
final class IndexCache {
    /**
     * A map entry beside its key and value: LinkedHashMap's entry (header, hash, and the key, value, next, before and
     * after references) and about a slot and a half of its table (at most 0.75 full).
     */
    static final long ENTRY = Sizes.align(Sizes.HEADER + 4 + 5 * Sizes.REFERENCE) + 8;

    private final long budget;
    private final LinkedHashMap<String, IndexProcessor.Indexed> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long evictions;

    /** @param budget bytes, 0 or more */
    IndexCache(long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("a cache budget of " + budget + " bytes");
        }
        this.budget = budget;
    }

    /** The entry of {@code key}, now the most recently used, or null. */
    IndexProcessor.Indexed get(String key) {
        return entries.get(key);
    }

    /** Keeps {@code value} under {@code key} (replacing what was there), evicting the least recently used to fit. */
    void put(String key, IndexProcessor.Indexed value) {
        IndexProcessor.Indexed old = entries.remove(key);
        if (old != null) {
            bytes -= cost(key, old);
        }
        long cost = cost(key, value);
        if (cost > budget) {
            return;
        }
        Iterator<Map.Entry<String, IndexProcessor.Indexed>> eldest = entries.entrySet().iterator();
        while (bytes + cost > budget) {
            Map.Entry<String, IndexProcessor.Indexed> e = eldest.next();
            bytes -= cost(e.getKey(), e.getValue());
            eldest.remove();
            evictions++;
        }
        entries.put(key, value);
        bytes += cost;
    }

    /** An entry's estimated size: the decoded article, its key (counted though the index may hold the same string) and the map's entry. */
    static long cost(String key, IndexProcessor.Indexed value) {
        return value.bytes() + Sizes.string(key) + ENTRY;
    }

    void clear() {
        entries.clear();
        bytes = 0;
    }

    /** The estimated size of the entries held: at most {@link #budget()}. */
    long bytes() {
        return bytes;
    }

    long budget() {
        return budget;
    }

    int size() {
        return entries.size();
    }

    /** The entries' sizes added up again: what {@link #bytes()} should be (tests). */
    long recount() {
        long sum = 0;
        for (Map.Entry<String, IndexProcessor.Indexed> e : entries.entrySet()) {
            sum += cost(e.getKey(), e.getValue());
        }
        return sum;
    }

    /** Entries evicted to make room, since the cache was made. */
    long evictions() {
        return evictions;
    }
}
