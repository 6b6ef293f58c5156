package dev.copydesk.sample;

import dev.copydesk.avro.Article;

import java.util.Locale;

/**
 * A generated article with its ground truth.
 *
 * @param article       the article as an outlet would publish it
 * @param storyId       the news event it reports (wire story, rewrites and independent reports share it)
 * @param copyClusterId the id of the wire story it copies (its own id for wire stories, unique stories and
 *                      independent reports)
 * @param kind          what the article is
 * @param difficulty    how far a rewrite strays from the wire copy ({@link Difficulty#NONE} for non-rewrites)
 */
public record LabelledArticle(Article article, String storyId, String copyClusterId, Kind kind, Difficulty difficulty) {

    /** What an article is in its story. */
    public enum Kind {
        /** Agency copy that outlets republish. */
        WIRE,
        /** An outlet's version of a wire story. */
        REWRITE,
        /** An independent report of the same event as a wire story (same names and figures, other sentences). */
        HARD_NEGATIVE,
        /** A story nobody republished. */
        UNIQUE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a rewrite was made. */
    public enum Difficulty {
        NONE, LIGHT, MEDIUM, HEAVY, SHORT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public String id() {
        return article.getId();
    }
}
