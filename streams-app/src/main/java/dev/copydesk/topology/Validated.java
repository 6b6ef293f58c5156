package dev.copydesk.topology;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.DeadLetter;

/**
 * Outcome of validation: exactly one of article and dead letter is set. {@code version} tells input records apart (a
 * hash of the record's partition and offset, never 0): versions of one article id sent again. In-process only.
 */
record Validated(Article article, DeadLetter deadLetter, long version) {
}
