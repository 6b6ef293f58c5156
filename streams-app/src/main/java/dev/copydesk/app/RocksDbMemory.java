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
 * Bounds the off-heap memory of an instance's RocksDB stores ({@code copydesk.rocksdb.memory}), as Kafka Streams'
 * memory-management guide describes: every store of the instance shares one LRU block cache, which also holds the
 * index and filter blocks, and a write buffer manager charges the memtables to that cache (up to half of it). Without
 * this, each store instance (each partition's store, each segment of a window store) has a 50 MB block cache and up to
 * three 16 MB memtables of its own, so the off-heap memory grows with the partitions and segments an instance holds:
 * in a soak, an instance with a 700 MB heap had a resident size of 1.4 GB.
 *
 * <p>Kafka Streams makes one setter per store, through the {@code rocksdb.config.setter} class name, so the cache is
 * shared through a table keyed by the instance ({@value #INSTANCE}, set per start by {@link CopydeskApp}) and closed
 * when the last store that uses it closes (the stores hold their own references to the native cache meanwhile). A size
 * of 0 leaves RocksDB as Kafka Streams configures it.
 */
public final class RocksDbMemory implements RocksDBConfigSetter {
    /** The bound in bytes (the parsed {@code copydesk.rocksdb.memory}), in the Streams configs. */
    static final String BYTES = "copydesk.rocksdb.memory.bytes";
    /** Which app instance a store belongs to, in the Streams configs: one cache per instance. */
    static final String INSTANCE = "copydesk.rocksdb.instance";
    /** Share of the cache kept for index and filter blocks (high priority). */
    private static final double HIGH_PRIORITY_RATIO = 0.1;
    private static final Map<String, Shared> SHARED = new HashMap<>();

    private Shared shared;
    private String key;

    private static final class Shared {
        final Cache cache;
        final WriteBufferManager writeBuffers;
        int users;

        Shared(long bytes) {
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
        key = configs.get(INSTANCE) + "/" + bytes;
        synchronized (SHARED) {
            shared = SHARED.computeIfAbsent(key, k -> new Shared(bytes));
            shared.users++;
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        if (shared == null) {
            return;
        }
        synchronized (SHARED) {
            if (--shared.users == 0) {
                SHARED.remove(key);
                shared.writeBuffers.close();
                shared.cache.close();
            }
        }
        shared = null;
    }

    /** Shared caches in use in this JVM: one per app instance with a RocksDB store open. */
    public static int cachesInUse() {
        synchronized (SHARED) {
            return SHARED.size();
        }
    }
}
