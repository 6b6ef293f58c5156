package dev.copydesk.detect;

import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.text.TextPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Scores sentence pairs in the MSR Paraphrase layout (TSV, optional BOM and header
 * {@code Quality  #1 ID  #2 ID  #1 String  #2 String}, or the same without {@code Quality}; without a header,
 * 5 columns are read as that layout and 4 columns as {@code id1 id2 string1 string2}). Writes one
 * {@code id1 id2 score decision} line per pair (decision 1 = same passage); when gold labels are present it also
 * computes precision/recall/F1.
 * Backs the CLI verb {@code copydesk similarity --pairs FILE}.
 */
public final class SimilarityScorer {
    /** Counts and measures of one scoring run; precision/recall/F1 are NaN without gold labels. */
    public record Summary(int pairs, int labelled, int truePositives, int falsePositives, int falseNegatives,
                          int trueNegatives, int skipped, int firstSkippedLine) {
        public Summary(int pairs, int labelled, int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {
            this(pairs, labelled, truePositives, falsePositives, falseNegatives, trueNegatives, 0, 0);
        }

        /** TP / (TP + FP); 0 when nothing is predicted positive. */
        public double precision() {
            return truePositives == 0 ? 0 : truePositives / (double) (truePositives + falsePositives);
        }

        /** TP / (TP + FN); 0 when no labelled paraphrase is found. */
        public double recall() {
            return truePositives == 0 ? 0 : truePositives / (double) (truePositives + falseNegatives);
        }

        /** Harmonic mean of precision and recall; 0 without a true positive (as quality.Evaluation). */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double accuracy() {
            return (truePositives + trueNegatives) / (double) labelled;
        }

        @Override
        public String toString() {
            String skips = skipped == 0 ? "" : String.format(Locale.ROOT,
                    "; %d line(s) skipped, without the columns of a pair (the first at line %d)", skipped, firstSkippedLine);
            if (labelled == 0) {
                return String.format(Locale.ROOT, "pairs=%d (no labels)%s", pairs, skips);
            }
            return String.format(Locale.ROOT, "pairs=%d precision=%.4f recall=%.4f f1=%.4f accuracy=%.4f%s",
                    pairs, precision(), recall(), f1(), accuracy(), skips);
        }
    }

    private final Fingerprinter fingerprinter;
    private final SimilarityWeights weights;
    private final double threshold;

    public SimilarityScorer(Fingerprinter fingerprinter, SimilarityWeights weights, double threshold) {
        this.fingerprinter = fingerprinter;
        this.weights = weights;
        this.threshold = threshold;
    }

    /** Default features, weights and the passage threshold of {@link LinkConfig#defaults()}. */
    public static SimilarityScorer defaults() {
        return new SimilarityScorer(new Fingerprinter(FingerprintConfig.defaults()), SimilarityWeights.defaults(),
                LinkConfig.defaults().passageThreshold());
    }

    public double threshold() {
        return threshold;
    }

    /** Similarity of two raw texts, each taken as one passage. */
    public double similarity(String a, String b) {
        long[] fa = fingerprinter.features(TextPipeline.normalize(a));
        long[] fb = fingerprinter.features(TextPipeline.normalize(b));
        return PassageSimilarity.score(fa, fb, weights);
    }

    /** Scores every pair of {@code in}, writes the pair lines and, with labels, a final {@code # summary} line. */
    public void score(Reader in, Writer out) {
        Summary s = scoreAll(in, out);
        try {
            out.write("# " + s + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scores every pair of {@code in}, writes the pair lines, returns the summary. */
    public Summary scoreAll(Reader in, Writer out) {
        int pairs = 0;
        int labelled = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        int skipped = 0;
        int firstSkipped = 0;
        int lineNo = 0;
        try (BufferedReader r = new BufferedReader(in)) {
            String line;
            boolean first = true;
            int quality = -1;
            int id1 = 0;
            int id2 = 1;
            int s1 = 2;
            int s2 = 3;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (first) {
                    first = false;
                    if (cols[0].trim().equalsIgnoreCase("quality")) {
                        quality = 0;
                        id1 = 1;
                        id2 = 2;
                        s1 = 3;
                        s2 = 4;
                        continue;
                    }
                    if (cols[0].trim().matches("(?i)#1\\s*ID")) { // a header without the Quality column
                        continue;
                    }
                    if (cols.length >= 5) {
                        quality = 0;
                        id1 = 1;
                        id2 = 2;
                        s1 = 3;
                        s2 = 4;
                    }
                }
                if (cols.length <= Math.max(s1, s2)) {
                    firstSkipped = skipped++ == 0 ? lineNo : firstSkipped;
                    continue;
                }
                double score = similarity(cols[s1], cols[s2]);
                boolean yes = score >= threshold;
                pairs++;
                out.write(cols[id1] + " " + cols[id2] + " " + String.format(Locale.ROOT, "%.4f", score) + " "
                        + (yes ? 1 : 0) + "\n");
                if (quality >= 0) {
                    String q = cols[quality].trim();
                    if (q.equals("1") || q.equals("0")) {
                        labelled++;
                        boolean gold = q.equals("1");
                        if (gold && yes) {
                            tp++;
                        } else if (yes) {
                            fp++;
                        } else if (gold) {
                            fn++;
                        } else {
                            tn++;
                        }
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(pairs, labelled, tp, fp, fn, tn, skipped, firstSkipped);
    }
}
