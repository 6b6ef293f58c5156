package dev.copydesk.quality;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Quality of a clustering against labels: pairwise precision / recall / F1 on "these two articles are
 * copy of each other" (same predicted cluster vs same labelled copy cluster), B-cubed precision / recall /
 * F1, the adjusted Rand index, and how many predicted clusters mix two or more labelled stories (a
 * merge of unrelated stories: the error aggregators notice first). Only articles present in both maps
 * are counted.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** The figures; {@code articles} is how many labelled articles were evaluated. */
    public record Metrics(int articles, long truePairs, long predictedPairs, long correctPairs,
                          double precision, double recall, double f1,
                          double bcubedPrecision, double bcubedRecall, double bcubedF1,
                          double adjustedRand, int crossStoryClusters) {
        @Override
        public String toString() {
            return String.format("articles=%d pairs: P=%.4f R=%.4f F1=%.4f (true %d, predicted %d, correct %d); "
                            + "B3: P=%.4f R=%.4f F1=%.4f; ARI=%.4f; clusters mixing stories=%d",
                    articles, precision, recall, f1, truePairs, predictedPairs, correctPairs,
                    bcubedPrecision, bcubedRecall, bcubedF1, adjustedRand, crossStoryClusters);
        }
    }

    /**
     * @param predicted article id → predicted copy cluster
     * @param truth     article id → labelled copy cluster
     * @param story     article id → labelled story (may be empty: then cross-story clusters are not counted)
     */
    public static Metrics evaluate(Map<String, String> predicted, Map<String, String> truth, Map<String, String> story) {
        Map<String, Map<String, Integer>> table = new HashMap<>(); // predicted -> truth -> count
        Map<String, Integer> predSizes = new HashMap<>();
        Map<String, Integer> trueSizes = new HashMap<>();
        Map<String, Set<String>> storiesPerCluster = new HashMap<>();
        int n = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            String p = predicted.get(e.getKey());
            if (p == null) {
                continue;
            }
            n++;
            table.computeIfAbsent(p, k -> new HashMap<>()).merge(e.getValue(), 1, Integer::sum);
            predSizes.merge(p, 1, Integer::sum);
            trueSizes.merge(e.getValue(), 1, Integer::sum);
            String s = story.get(e.getKey());
            if (s != null) {
                storiesPerCluster.computeIfAbsent(p, k -> new HashSet<>()).add(s);
            }
        }
        if (n == 0) { // nothing to score (labels of other ids, or an empty run): not a perfect score
            return new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        long correct = 0;
        double b3p = 0;
        for (Map.Entry<String, Map<String, Integer>> row : table.entrySet()) {
            int size = predSizes.get(row.getKey());
            for (int c : row.getValue().values()) {
                correct += pairs(c);
                b3p += (double) c * c / size;
            }
        }
        double b3r = 0;
        for (Map<String, Integer> row : table.values()) {
            for (Map.Entry<String, Integer> cell : row.entrySet()) {
                b3r += (double) cell.getValue() * cell.getValue() / trueSizes.get(cell.getKey());
            }
        }
        long predPairs = predSizes.values().stream().mapToLong(Evaluation::pairs).sum();
        long truePairs = trueSizes.values().stream().mapToLong(Evaluation::pairs).sum();
        double precision = predPairs == 0 ? 1.0 : (double) correct / predPairs;
        double recall = truePairs == 0 ? 1.0 : (double) correct / truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        b3p = n == 0 ? 0 : b3p / n;
        b3r = n == 0 ? 0 : b3r / n;
        double b3f = b3p + b3r == 0 ? 0 : 2 * b3p * b3r / (b3p + b3r);
        double all = pairs(n);
        double expected = all == 0 ? 0 : (double) predPairs * truePairs / all;
        double max = (predPairs + truePairs) / 2.0;
        double ari = max == expected ? 1.0 : (correct - expected) / (max - expected);
        int cross = (int) storiesPerCluster.values().stream().filter(s -> s.size() > 1).count();
        return new Metrics(n, truePairs, predPairs, correct, precision, recall, f1, b3p, b3r, b3f, ari, cross);
    }

    private static long pairs(long k) {
        return k * (k - 1) / 2;
    }
}
