package dev.copydesk.archive;

/** An article record that cannot be turned into an {@link dev.copydesk.avro.Article}; names the offending field. */
public class ArticleFormatException extends IllegalArgumentException {
    private final String field;

    public ArticleFormatException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that is missing or malformed, or {@code null} when the record as a whole is bad. */
    public String field() {
        return field;
    }
}
