package dev.copydesk.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.copydesk.avro.Article;
import dev.copydesk.fingerprint.FingerprintConfig;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.fingerprint.PassageFingerprint;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.TextPipeline;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread throughput of the text pipeline ({@link TextPipeline#process}) and of the fingerprint
 * kernel ({@link Fingerprinter#fingerprint}) on generated articles of about 4 KB, as issue 9 asks: the generator at
 * {@code length} 2 (its reports about 1.5 times as long as by default), the first 512 of its mix with bodies of at
 * least {@code minChars} (by default all: what a stream sees). {@code -p length=1 -p minChars=3000} measures the corpus
 * of the figures before 2026-11-24 evening (wire stories and the longer outlet versions, 3,282 chars on average). The primary score is articles/s; the
 * {@code passages} secondary score is passages/s, so ns/passage = 1e9 / passages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector"})
public class TextAndFingerprintBenchmark {

    @Param("0")
    int minChars;

    @Param("2")
    double length;

    private final TextPipeline pipeline = TextPipeline.defaults();
    private final Fingerprinter fingerprinter = new Fingerprinter(FingerprintConfig.defaults());
    private Article[] articles;
    private NormalizedArticle[] normalized;
    private int next;

    /** Passages handled, reported by JMH as passages/s beside the articles/s score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Passages {
        public long passages;

        @Setup(Level.Iteration)
        public void reset() {
            passages = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<Article> picked = new ArrayList<>();
        long chars = 0;
        for (Article a : new WireStoryGenerator(42).withLength(length).generate(2000, Instant.parse("2026-01-05T00:00:00Z"),
                Duration.ofDays(1)).articles()) {
            if (a.getBody().length() >= minChars && picked.size() < 512) {
                picked.add(a);
                chars += a.getBody().length();
            }
        }
        if (picked.isEmpty()) {
            throw new IllegalStateException("no generated article has " + minChars + " characters or more");
        }
        articles = picked.toArray(new Article[0]);
        normalized = new NormalizedArticle[articles.length];
        long passages = 0;
        for (int i = 0; i < articles.length; i++) {
            normalized[i] = pipeline.process(articles[i].getTitle(), articles[i].getBody());
            passages += normalized[i].passages().size();
        }
        System.out.printf("%n%d articles, mean %d chars, mean %.1f passages%n", articles.length, chars / articles.length,
                (double) passages / articles.length);
    }

    private int step() {
        int i = next;
        next = i + 1 == articles.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public NormalizedArticle textPipeline(Passages counter) {
        Article a = articles[step()];
        NormalizedArticle n = pipeline.process(a.getTitle(), a.getBody());
        counter.passages += n.passages().size();
        return n;
    }

    @Benchmark
    public List<PassageFingerprint> fingerprintKernel(Passages counter) {
        List<PassageFingerprint> f = fingerprinter.fingerprint(normalized[step()]);
        counter.passages += f.size();
        return f;
    }

    @Benchmark
    public List<PassageFingerprint> pipelineAndKernel(Passages counter) {
        Article a = articles[step()];
        List<PassageFingerprint> f = fingerprinter.fingerprint(pipeline.process(a.getTitle(), a.getBody()));
        counter.passages += f.size();
        return f;
    }
}
