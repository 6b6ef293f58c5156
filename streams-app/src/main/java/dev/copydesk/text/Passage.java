package dev.copydesk.text;

/**
 * One passage of a normalized article: a sentence (very short fragments merged into a neighbour).
 *
 * @param index position of the passage in the article, from 0
 * @param start offset of the first char in {@link NormalizedArticle#text()}
 * @param end   offset after the last char in {@link NormalizedArticle#text()}
 * @param text  the passage text (the same chars as {@code text().substring(start, end)}, line breaks as spaces)
 */
public record Passage(int index, int start, int end, String text) {
}
