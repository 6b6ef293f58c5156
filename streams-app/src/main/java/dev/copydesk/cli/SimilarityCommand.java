package dev.copydesk.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.copydesk.detect.SimilarityScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "similarity", mixinStandardHelpOptions = true,
        description = {"Scores sentence/passage pairs with copydesk's passage similarity.",
                "Input: TSV in the MSR Paraphrase layout (Quality, #1 ID, #2 ID, #1 String, #2 String; header optional).",
                "Output: one line per pair 'id1 id2 score decision'; with a Quality column, precision/recall/F1 on stderr."})
final class SimilarityCommand implements Callable<Integer> {
    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "Pairs to score.")
    Path pairs;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the scores here instead of stdout.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(pairs)) {
            throw new dev.copydesk.config.ConfigException("--pairs " + pairs + (Files.exists(pairs) ? " is not a file" : " does not exist"));
        }
        SimilarityScorer scorer = SimilarityScorer.defaults();
        try (Reader in = Files.newBufferedReader(pairs, StandardCharsets.UTF_8);
             Writer out = output == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            SimilarityScorer.Summary summary = scorer.scoreAll(in, out);
            out.flush();
            System.err.println(summary);
        }
        return Main.OK;
    }
}
