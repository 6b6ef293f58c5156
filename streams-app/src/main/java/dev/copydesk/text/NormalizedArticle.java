package dev.copydesk.text;

import java.util.List;

/**
 * An article body after {@link TextPipeline}: repaired, NFKC-normalized, quote/dash-unified text with
 * boilerplate lines removed (paragraphs kept, separated by {@code '\n'}), and its passages.
 * Case is preserved here for display in evidence; tokenization casefolds.
 */
public record NormalizedArticle(String text, List<Passage> passages) {
    public NormalizedArticle {
        passages = List.copyOf(passages);
    }
}
