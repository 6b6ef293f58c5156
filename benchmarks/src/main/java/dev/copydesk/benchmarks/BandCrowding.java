package dev.copydesk.benchmarks;

import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.fingerprint.PassageFingerprint;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.text.TextPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How crowded the LSH bands are on the generator's passages against real news sentences: the share of unrelated passage
 * pairs that share at least one band key (each such pair is a posting an index look-up visits and a candidate the name
 * filter must reject), under the default fingerprint settings.
 *
 * <p>Real text: the sentences of the MSR Paraphrase training split in {@code ../shared/eval/msrp} (news sentences from
 * many stories; a sentence is unrelated to every other but its pair's, though two pairs may come from one story, which
 * makes the real figure an upper bound). Generated: the same number of passages drawn at random from the generator's
 * articles ({@code --length 2}, the bench's ~4 KB), unrelated when their stories differ (hard negatives, the same topic
 * and another event, count as unrelated, as they should).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.copydesk.benchmarks.BandCrowding [SHARED_DIR] [ARTICLES]</pre>
 */
public final class BandCrowding {
    /** A passage's band keys and the group it belongs to (pairs within a group are related). */
    private record Passage(int group, long[] keys, int features) {
    }

    private BandCrowding() {
    }

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        int articles = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path msrp = shared.resolve("eval/msrp/msr_paraphrase_train.txt");
        if (!Files.isRegularFile(msrp)) {
            System.err.println("BandCrowding: " + msrp + " is missing (the MSR Paraphrase training split in ../shared): nothing measured");
            System.exit(2);
        }
        Fingerprinter fingerprinter = new Fingerprinter(FingerprintConfig.defaults());
        TextPipeline text = TextPipeline.defaults();
        List<Passage> real = msrpSentences(msrp, fingerprinter, text);
        List<Passage> generated = generated(articles, fingerprinter, text);
        Collections.shuffle(generated, new Random(1));
        generated = generated.subList(0, Math.min(generated.size(), real.size()));
        System.out.println("band keys under the default fingerprint settings; unrelated pairs: other MSRP pair, other generated story");
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %16s %14s %12s%n", "passages", "count", "features", "pairs sharing", "keys shared", "keys in >=8");
        Stats r = stats(real);
        Stats g = stats(generated);
        r.print("MSRP sentences (real news)");
        g.print("generated, length 2, " + articles + " articles");
        System.out.printf(Locale.ROOT, "generated / real: %.2fx the pairs sharing a key, %.2fx the keys shared per pair, %.2fx the keys in >= 8 passages%n",
                g.sharing() / r.sharing(), g.shared() / r.shared(), g.crowded / (double) r.crowded);
    }

    private static List<Passage> msrpSentences(Path msrp, Fingerprinter fingerprinter, TextPipeline text) throws IOException {
        List<Passage> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> lines = Files.readAllLines(msrp, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) { // line 0 is the header
            String[] f = lines.get(i).split("\t");
            for (int k = 3; k <= 4 && k < f.length; k++) {
                if (seen.add(f[k])) {
                    add(out, i, fingerprinter.fingerprint(text.process("", f[k])));
                }
            }
        }
        return out;
    }

    private static List<Passage> generated(int articles, Fingerprinter fingerprinter, TextPipeline text) {
        List<Passage> out = new ArrayList<>();
        Map<String, Integer> stories = new HashMap<>();
        Iterator<LabelledArticle> it = new WireStoryGenerator(42).withLength(2)
                .iterator(articles, Instant.parse("2026-01-05T06:00:00Z"), Duration.ofHours(6));
        while (it.hasNext()) {
            LabelledArticle a = it.next();
            int story = stories.computeIfAbsent(a.storyId(), s -> stories.size());
            add(out, story, fingerprinter.fingerprint(text.process(a.article().getTitle(), a.article().getBody())));
        }
        return out;
    }

    private static void add(List<Passage> out, int group, List<PassageFingerprint> fps) {
        for (PassageFingerprint p : fps) {
            out.add(new Passage(group, p.bandKeys(), p.features().length));
        }
    }

    private record Stats(int passages, double features, long pairs, long sharingPairs, long sharedKeys, long crowded) {
        double sharing() {
            return sharingPairs / (double) pairs;
        }

        double shared() {
            return sharedKeys / (double) pairs;
        }

        void print(String name) {
            System.out.printf(Locale.ROOT, "%-34s %9d %9.1f %16.5f %14.5f %12d%n", name, passages, features, sharing(), shared(), crowded);
        }
    }

    private static Stats stats(List<Passage> ps) {
        Map<Long, List<Integer>> byKey = new HashMap<>();
        double features = 0;
        Map<Integer, Integer> groups = new HashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            Passage p = ps.get(i);
            features += p.features;
            groups.merge(p.group, 1, Integer::sum);
            for (long k : p.keys) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        Set<Long> sharing = new HashSet<>();
        long sharedKeys = 0;
        long crowded = 0;
        for (List<Integer> holders : byKey.values()) {
            crowded += holders.size() >= 8 ? 1 : 0;
            for (int a = 0; a < holders.size(); a++) {
                for (int b = a + 1; b < holders.size(); b++) {
                    int x = holders.get(a);
                    int y = holders.get(b);
                    if (ps.get(x).group != ps.get(y).group) {
                        sharedKeys++;
                        sharing.add((long) Math.min(x, y) << 32 | Math.max(x, y));
                    }
                }
            }
        }
        long pairs = (long) ps.size() * (ps.size() - 1) / 2;
        for (int n : groups.values()) {
            pairs -= (long) n * (n - 1) / 2;
        }
        return new Stats(ps.size(), features / ps.size(), pairs, sharing.size(), sharedKeys, crowded);
    }
}
