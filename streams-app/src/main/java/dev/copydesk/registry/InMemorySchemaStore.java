package dev.copydesk.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SchemaStore} that lives and dies with its object: for tests and throw-away registries. */
public final class InMemorySchemaStore implements SchemaStore {
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public List<Entry> load() {
        return List.copyOf(entries);
    }

    @Override
    public void append(Entry entry) {
        entries.add(entry);
    }

    @Override
    public void close() {
    }
}
