package dev.copydesk.topology;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.DeadLetter;

/** Outcome of validation: exactly one of the two is set. In-process only (never serialized). */
record Validated(Article article, DeadLetter deadLetter) {
}
