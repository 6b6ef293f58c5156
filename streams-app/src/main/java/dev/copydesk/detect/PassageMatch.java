package dev.copydesk.detect;

/**
 * A verified passage pair.
 *
 * @param passage       passage index in the newer article
 * @param linkedPassage passage index in the earlier (linked) article
 * @param similarity    {@link PassageSimilarity} score
 */
public record PassageMatch(int passage, int linkedPassage, double similarity) {
}
