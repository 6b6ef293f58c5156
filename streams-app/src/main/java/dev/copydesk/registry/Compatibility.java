package dev.copydesk.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Confluent compatibility levels, checked with Avro's {@link SchemaCompatibility}. */
public enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /**
     * Problems that forbid registering {@code candidate} after {@code existing} (oldest first); empty when
     * compatible. BACKWARD: the new schema reads data written with the old one; FORWARD: the reverse;
     * non-transitive levels compare with the latest schema only.
     */
    public List<String> problems(Schema candidate, List<Schema> existing) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || existing.isEmpty()) {
            return problems;
        }
        List<Schema> against = name().endsWith("_TRANSITIVE") ? existing : List.of(existing.get(existing.size() - 1));
        boolean backward = this != FORWARD && this != FORWARD_TRANSITIVE;
        boolean forward = this != BACKWARD && this != BACKWARD_TRANSITIVE;
        for (Schema old : against) {
            if (backward) {
                collect(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "reading old data", problems);
            }
            if (forward) {
                collect(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "old readers", problems);
            }
        }
        return problems;
    }

    private static void collect(SchemaPairCompatibility pair, String direction, List<String> out) {
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        pair.getResult().getIncompatibilities().forEach(i ->
                out.add(direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")"));
    }

    /** Parses a level name (case-insensitive); {@link RegistryException} 42203 when unknown. */
    public static Compatibility parse(String level) {
        try {
            return valueOf(String.valueOf(level).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(422, RegistryException.INVALID_COMPATIBILITY, "invalid compatibility level '" + level + "'");
        }
    }
}
