package dev.copydesk.archive;

import dev.copydesk.avro.Article;

/**
 * One item read from an archive: either an article or the reason it could not be read.
 *
 * @param article    the article, or {@code null} when {@link #error()} is set
 * @param lineNumber 1-based position in the archive: line of a JSON Lines file, record index of an Avro file,
 *                   file index (sorted by name) of a directory
 * @param error      why the item was rejected, or {@code null}
 * @param origin     where the item came from, e.g. {@code articles.jsonl:12} or the text file's name
 */
public record ArchiveRecord(Article article, long lineNumber, String error, String origin) {

    public ArchiveRecord {
        if ((article == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of article and error must be set");
        }
    }

    public static ArchiveRecord ok(Article article, long lineNumber, String origin) {
        return new ArchiveRecord(article, lineNumber, null, origin);
    }

    public static ArchiveRecord failed(long lineNumber, String error, String origin) {
        return new ArchiveRecord(null, lineNumber, error, origin);
    }

    public boolean isOk() {
        return article != null;
    }

    @Override
    public String toString() {
        return isOk() ? origin + ": " + article.getId() : origin + ": " + error;
    }
}
