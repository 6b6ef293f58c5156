package dev.copydesk.registry;

import dev.copydesk.registry.SchemaStore.ConfigEntry;
import dev.copydesk.registry.SchemaStore.Entry;
import dev.copydesk.registry.SchemaStore.PurgedEntry;
import dev.copydesk.registry.SchemaStore.SchemaEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry itself, in process: subjects, versions, global ids and compatibility levels, persisted through a
 * {@link SchemaStore}. Serves {@link EmbeddedRegistryServer} and {@link MockRegistryClient}. Ids are global and
 * start at 1; the same schema (by canonical text) under two subjects shares one id, as in Confluent's registry.
 * Deleting a subject is a soft delete; a second, permanent delete removes its versions, as in Confluent's registry
 * (a new registration then starts at version 1). Ids stay readable either way, so records written with them stay
 * decodable.
 */
public class LocalRegistry implements RegistryClient, AutoCloseable {
    private final SchemaStore store;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, SchemaEntry>> subjects = new TreeMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private Compatibility globalLevel = Compatibility.BACKWARD;
    private int nextId = 1;

    /** Replays {@code store} and then writes every change to it. */
    public LocalRegistry(SchemaStore store) {
        this.store = store;
        store.load().forEach(this::apply);
    }

    private void apply(Entry entry) {
        if (entry instanceof SchemaEntry e) {
            schemasById.computeIfAbsent(e.id(), id -> parse(e.schema()));
            idsByCanonical.putIfAbsent(e.schema(), e.id());
            subjects.computeIfAbsent(e.subject(), s -> new TreeMap<>()).put(e.version(), e);
            nextId = Math.max(nextId, e.id() + 1);
        } else if (entry instanceof PurgedEntry e) {
            schemasById.computeIfAbsent(e.id(), id -> parse(e.schema()));
            idsByCanonical.putIfAbsent(e.schema(), e.id());
            nextId = Math.max(nextId, e.id() + 1);
            TreeMap<Integer, SchemaEntry> versions = subjects.get(e.subject());
            if (versions != null) {
                versions.remove(e.version());
                if (versions.isEmpty()) {
                    subjects.remove(e.subject());
                }
            }
        } else if (entry instanceof ConfigEntry c) {
            Compatibility level = Compatibility.parse(c.compatibility());
            if (c.subject() == null) {
                globalLevel = level;
            } else {
                subjectLevels.put(c.subject(), level);
            }
        }
    }

    private void write(Entry entry) {
        store.append(entry);
        apply(entry);
    }

    /** Parses schema text; {@link RegistryException} 42201 when it is not a valid Avro schema. */
    public static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String canonical = schema.toString();
        List<SchemaEntry> live = live(subject);
        for (SchemaEntry e : live) {
            if (e.schema().equals(canonical)) {
                return e.id();
            }
        }
        List<Schema> existing = live.stream().map(e -> schemasById.get(e.id())).toList();
        List<String> problems = levelOf(subject).problems(schema, existing);
        if (!problems.isEmpty()) {
            throw new RegistryException(409, RegistryException.INCOMPATIBLE, "schema being registered is incompatible with an earlier schema for subject '"
                    + subject + "' (" + levelOf(subject) + "): " + String.join("; ", problems));
        }
        int id = idsByCanonical.getOrDefault(canonical, nextId);
        TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
        int version = versions == null ? 1 : versions.lastKey() + 1;
        write(new SchemaEntry(subject, version, id, canonical, false));
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryException.schemaNotFound("schema " + id);
        }
        return schema;
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        List<SchemaEntry> live = liveOrThrow(subject);
        return live.stream().map(SchemaEntry::version).toList();
    }

    @Override
    public synchronized SchemaVersion latest(String subject) {
        List<SchemaEntry> live = liveOrThrow(subject);
        return toVersion(live.get(live.size() - 1));
    }

    @Override
    public synchronized SchemaVersion version(String subject, int version) {
        liveOrThrow(subject);
        SchemaEntry e = subjects.get(subject).get(version);
        if (e == null || e.deleted()) {
            throw RegistryException.versionNotFound(subject, version);
        }
        return toVersion(e);
    }

    /** A version by its REST name: a number, {@code latest} or {@code -1}; {@link RegistryException} 42202 otherwise. */
    public synchronized SchemaVersion version(String subject, String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return latest(subject);
        }
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v < 1) {
            throw new RegistryException(422, RegistryException.INVALID_VERSION, "'" + version
                    + "' is not a valid version: use a positive integer, 'latest' or -1");
        }
        return version(subject, v);
    }

    @Override
    public synchronized List<String> subjects() {
        return subjects.keySet().stream().filter(s -> !live(s).isEmpty()).toList();
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<SchemaEntry> live = live(subject);
        return live.isEmpty() || compatibilityProblems(subject, toVersion(live.get(live.size() - 1)), schema).isEmpty();
    }

    /** Why {@code schema} is incompatible with {@code against} under the subject's level (empty: compatible). */
    public synchronized List<String> compatibilityProblems(String subject, SchemaVersion against, Schema schema) {
        return levelOf(subject).problems(schema, List.of(against.schema()));
    }

    @Override
    public synchronized OptionalInt lookup(String subject, Schema schema) {
        if (live(subject).isEmpty()) {
            return OptionalInt.empty();
        }
        return find(subject, schema).map(v -> OptionalInt.of(v.id())).orElse(OptionalInt.empty());
    }

    /** The live version of {@code subject} holding {@code schema}, if any; {@link RegistryException} 40401 if no such subject. */
    public synchronized Optional<SchemaVersion> find(String subject, Schema schema) {
        String canonical = schema.toString();
        return liveOrThrow(subject).stream().filter(e -> e.schema().equals(canonical)).findFirst().map(this::toVersion);
    }

    /** The level set on {@code subject} ({@code null}: the global level), or null if none is set on that subject. */
    public synchronized Compatibility compatibility(String subject) {
        return subject == null ? globalLevel : subjectLevels.get(subject);
    }

    /** Sets the level of {@code subject} ({@code null}: the global level). */
    public synchronized void setCompatibility(String subject, Compatibility level) {
        write(new ConfigEntry(subject, level.name()));
    }

    /** Soft-deletes every live version of {@code subject} and returns their numbers; the ids stay readable. */
    public synchronized List<Integer> deleteSubject(String subject) {
        return deleteSubject(subject, false);
    }

    /**
     * Deletes {@code subject} as Confluent's {@code DELETE /subjects/{subject}[?permanent=true]} does: a soft delete of
     * its live versions (40404 when it was already soft-deleted), or a permanent delete of a soft-deleted subject
     * (40405 when it was not soft-deleted first). Returns the version numbers deleted; the ids stay readable.
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<SchemaEntry> live = live(subject);
        List<Integer> deleted = new ArrayList<>();
        if (permanent) {
            if (!live.isEmpty()) {
                throw new RegistryException(404, RegistryException.SUBJECT_NOT_SOFT_DELETED, "subject '" + subject
                        + "' was not deleted first before being permanently deleted");
            }
            for (SchemaEntry e : List.copyOf(versions.values())) {
                write(new PurgedEntry(e.subject(), e.version(), e.id(), e.schema()));
                deleted.add(e.version());
            }
            return deleted;
        }
        if (live.isEmpty()) {
            throw new RegistryException(404, RegistryException.SUBJECT_SOFT_DELETED, "subject '" + subject
                    + "' was soft deleted; set permanent=true to delete it permanently");
        }
        for (SchemaEntry e : live) {
            write(new SchemaEntry(e.subject(), e.version(), e.id(), e.schema(), true));
            deleted.add(e.version());
        }
        return deleted;
    }

    private Compatibility levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<SchemaEntry> live(String subject) {
        TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
        return versions == null ? List.of() : versions.values().stream().filter(e -> !e.deleted()).toList();
    }

    private List<SchemaEntry> liveOrThrow(String subject) {
        List<SchemaEntry> live = live(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return live;
    }

    private SchemaVersion toVersion(SchemaEntry e) {
        return new SchemaVersion(e.subject(), e.version(), e.id(), schemasById.get(e.id()));
    }

    /** Closes the store. */
    @Override
    public void close() {
        store.close();
    }
}
