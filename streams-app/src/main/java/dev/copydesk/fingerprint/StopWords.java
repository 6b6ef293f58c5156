package dev.copydesk.fingerprint;

import java.util.List;

/**
 * A small built-in English stop-word list (function words, auxiliaries, reporting verbs such as "said"
 * and "told" that every news sentence carries). Apostrophes are removed before lookup ("don't" is "dont").
 */
final class StopWords {
    static final List<String> WORDS = List.of(
            "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "along", "already", "also",
            "although", "am", "among", "an", "and", "another", "any", "are", "arent", "around", "as", "at", "be",
            "became", "because", "become", "been", "before", "being", "below", "between", "both", "but", "by",
            "can", "cannot", "cant", "could", "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "done",
            "dont", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "for", "from",
            "further", "get", "gets", "got", "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he",
            "hed", "hell", "her", "here", "hers", "herself", "hes", "him", "himself", "his", "how", "however",
            "i", "id", "if", "ill", "im", "in", "into", "is", "isnt", "it", "its", "itself", "ive", "just",
            "least", "less", "let", "lets", "like", "many", "may", "me", "might", "more", "most", "much", "must",
            "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one",
            "only", "or", "other", "others", "ought", "our", "ours", "ourselves", "out", "over", "own", "per",
            "quite", "rather", "s", "same", "several", "shall", "she", "shed", "shes", "should", "shouldnt", "since",
            "so", "some", "such", "than", "that", "thats", "the", "their", "theirs", "them", "themselves", "then",
            "there", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve", "this", "those", "though",
            "through", "thus", "to", "too", "toward", "towards", "under", "until", "up", "upon", "us", "very",
            "via", "was", "wasnt", "we", "wed", "well", "were", "werent", "weve", "what", "whats", "when", "where",
            "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
            "wont", "would", "wouldnt", "yet", "you", "youd", "youll", "your", "youre", "yours", "yourself",
            "youve",
            // reporting verbs and fillers that every news sentence carries
            "said", "says", "say", "saying", "told", "tell", "according", "added", "adding", "stated",
            "reported", "mr", "mrs", "ms");

    private StopWords() {
    }
}
