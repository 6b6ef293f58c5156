package dev.copydesk.registry;

import java.util.List;

/**
 * Durable log of registry changes behind {@link LocalRegistry}. The registry replays {@link #load()} once at
 * start and then {@link #append appends} every change before applying it, from one thread at a time.
 */
public interface SchemaStore extends AutoCloseable {

    /** A change to the registry. */
    sealed interface Entry permits SchemaEntry, PurgedEntry, ConfigEntry {
    }

    /** Version {@code version} of {@code subject} is schema {@code id} (text in canonical form); {@code deleted} marks a soft delete. */
    record SchemaEntry(String subject, int version, int id, String schema, boolean deleted) implements Entry {
    }

    /**
     * Version {@code version} of {@code subject} was deleted permanently (after a soft delete); it keeps the schema,
     * so that id {@code id} stays readable and is never given to another schema, also when the subject is registered
     * again (from version 1) later. Applied in its place among the entries, it removes that version as it was then.
     */
    record PurgedEntry(String subject, int version, int id, String schema) implements Entry {
    }

    /** The compatibility level of {@code subject} ({@code null}: the global default). */
    record ConfigEntry(String subject, String compatibility) implements Entry {
    }

    /** Every entry stored so far (for the same key, the latest wins). */
    List<Entry> load();

    /** Stores one entry durably before returning. */
    void append(Entry entry);

    @Override
    void close();
}
