package dev.copydesk.registry;

import org.apache.avro.Schema;

/** One registered version of a subject: the registry's answer to {@code GET /subjects/{s}/versions/{v}}. */
public record SchemaVersion(String subject, int version, int id, Schema schema) {
}
