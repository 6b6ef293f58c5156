package dev.copydesk.fingerprint;

import java.util.List;

/**
 * Built-in English word lists: stop words (function words, auxiliaries, and reporting verbs such as
 * "said" and "told" that every news sentence carries), negations, and token aliases
 * ("%" and "pct" are "percent", "Sept" is "september", "bn" is "billion").
 * Apostrophes are removed before lookup ("don't" is "dont").
 */
final class StopWords {
    static final List<String> STOP = List.of(
            "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "along", "already", "also",
            "although", "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be",
            "became", "because", "become", "been", "before", "being", "below", "between", "both", "but", "by",
            "can", "could", "did", "do", "does", "doing", "done", "down", "during", "each", "either", "else",
            "even", "ever", "every", "few", "for", "from", "further", "get", "gets", "got", "had", "has", "have",
            "having", "he", "hed", "hell", "her", "here", "hers", "herself", "hes", "him", "himself", "his", "how",
            "however", "i", "id", "if", "ill", "im", "in", "into", "is", "it", "its", "itself", "ive", "just",
            "least", "less", "let", "lets", "like", "many", "may", "me", "might", "more", "most", "much", "must",
            "my", "myself", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other", "others",
            "ought", "our", "ours", "ourselves", "out", "over", "own", "per", "quite", "rather", "s", "same",
            "several", "shall", "she", "shed", "shes", "should", "since", "so", "some", "such", "than", "that",
            "thats", "the", "their", "theirs", "them", "themselves", "then", "there", "theres", "these", "they",
            "theyd", "theyll", "theyre", "theyve", "this", "those", "though", "through", "thus", "to", "too",
            "toward", "towards", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "wed", "well",
            "were", "weve", "what", "whats", "when", "where", "whether", "which", "while", "who", "whom", "whose",
            "why", "will", "with", "within", "would", "yet", "you", "youd", "youll", "your", "youre", "yours",
            "yourself", "youve",
            "said", "says", "say", "saying", "told", "tell", "according", "added", "adding", "stated",
            "reported", "mr", "mrs", "ms");

    /** Negations: one shared feature, so "did not" and "never" agree. */
    static final List<String> NEGATIONS = List.of(
            "not", "no", "never", "nor", "nt", "cannot", "cant", "dont", "didnt", "doesnt", "isnt", "wasnt",
            "wont", "couldnt", "wouldnt", "shouldnt", "arent", "werent", "hasnt", "havent", "hadnt", "without");

    /** Pairs {alias, canonical}. Aliases are at most 4 chars. */
    static final String[][] ALIASES = {
            {"%", "percent"}, {"pct", "percent"}, {"bn", "billion"}, {"bln", "billion"}, {"mln", "million"},
            {"mn", "million"}, {"govt", "government"}, {"jan", "january"}, {"feb", "february"},
            {"mar", "march"}, {"apr", "april"}, {"jun", "june"}, {"jul", "july"}, {"aug", "august"},
            {"sep", "september"}, {"sept", "september"}, {"oct", "october"}, {"nov", "november"},
            {"dec", "december"}, {"intl", "international"}};

    private StopWords() {
    }
}
