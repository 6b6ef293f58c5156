package dev.copydesk.app;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of the RocksDB stores ({@code copydesk.rocksdb.memory}), as Kafka Streams'
 * memory-management guide describes: the stores share one LRU block cache, which also holds their index and filter
 * blocks, and a write buffer manager charges the memtables to that cache (up to half of it). Without this, each store
 * instance (each partition's store, each segment of a window store) has a 50 MB block cache and up to three 16 MB
 * memtables of its own, so the off-heap memory grows with the partitions and segments an instance holds. The cache's
 * strict limit is off, as in that guide: blocks pinned by iterators can take it over the bound for a while.
 *
 * <p>Kafka Streams makes one setter per store, through the {@code rocksdb.config.setter} class name, so the cache is
 * shared through a table keyed by its size: one per JVM, for every copydesk app in it (a deployment runs one). It is
 * closed when the last store that uses it closes; the open stores hold their own references to the native cache
 * meanwhile. A store whose open fails after {@link #setConfig} is never closed by Kafka Streams, so its reference stays:
 * the cache of that size then lives as long as the JVM, one at most per size. A size of 0 leaves RocksDB as Kafka
 * Streams configures it.
 */
public final class RocksDbMemory implements RocksDBConfigSetter {
    /** The bound in bytes (the parsed {@code copydesk.rocksdb.memory}), in the Streams configs. */
    static final String BYTES = "copydesk.rocksdb.memory.bytes";
    /** Share of the cache kept for index and filter blocks (high priority). */
    private static final double HIGH_PRIORITY_RATIO = 0.1;
    private static final Map<Long, Shared> SHARED = new HashMap<>();

    private Shared shared;

    private static final class Shared {
        final long bytes;
        final Cache cache;
        final WriteBufferManager writeBuffers;
        int users;

        Shared(long bytes) {
            this.bytes = bytes;
            cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_RATIO);
            writeBuffers = new WriteBufferManager(bytes / 2, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object bytesValue = configs.get(BYTES);
        long bytes = bytesValue == null ? 0 : Long.parseLong(bytesValue.toString());
        if (bytes <= 0) {
            return;
        }
        synchronized (SHARED) { // a close of the last user cannot come between taking the cache and using it
            shared = SHARED.computeIfAbsent(bytes, Shared::new);
            shared.users++;
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            table.setBlockCache(shared.cache);
            table.setCacheIndexAndFilterBlocks(true);
            table.setCacheIndexAndFilterBlocksWithHighPriority(true);
            table.setPinTopLevelIndexAndFilter(true);
            options.setWriteBufferManager(shared.writeBuffers);
            options.setTableFormatConfig(table);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        if (shared == null) {
            return;
        }
        synchronized (SHARED) {
            if (--shared.users == 0 && SHARED.get(shared.bytes) == shared) {
                SHARED.remove(shared.bytes);
                shared.writeBuffers.close();
                shared.cache.close();
            }
        }
        shared = null;
    }

    /** Shared caches open in this JVM: one per size in use by an open RocksDB store. */
    public static int cachesInUse() {
        synchronized (SHARED) {
            return SHARED.size();
        }
    }
}
