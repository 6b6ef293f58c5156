package dev.copydesk.registry;

import java.util.List;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * The Confluent Schema Registry operations copydesk uses. Implementations cache id → schema and
 * (subject, schema) → id forever (registry ids are immutable) and are safe for concurrent use.
 * Failures are reported as {@link RegistryException}.
 */
public interface RegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id; {@link RegistryException} with 40403 if unknown. */
    Schema getById(int id);

    /** The version numbers of a subject, ascending. */
    List<Integer> versions(String subject);

    /** The latest version of a subject. */
    SchemaVersion latest(String subject);

    /** One version of a subject. */
    SchemaVersion version(String subject, int version);

    /** All subjects with at least one live version. */
    List<String> subjects();

    /** Whether {@code schema} may be registered under {@code subject} given its compatibility level (checked against latest). */
    boolean isCompatible(String subject, Schema schema);

    /** The id of {@code schema} if it is registered under {@code subject}, else empty. */
    OptionalInt lookup(String subject, Schema schema);
}
