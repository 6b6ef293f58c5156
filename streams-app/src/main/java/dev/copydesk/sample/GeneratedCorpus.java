package dev.copydesk.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.copydesk.archive.ArchiveWriter;
import dev.copydesk.avro.Article;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Articles made by {@link WireStoryGenerator}, sorted by publication time, with their labels.
 */
public final class GeneratedCorpus {
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final List<LabelledArticle> labels;

    GeneratedCorpus(List<LabelledArticle> labels) {
        this.labels = List.copyOf(labels);
    }

    /** The articles, sorted by {@code published_at} (then id). */
    public List<Article> articles() {
        return labels.stream().map(LabelledArticle::article).toList();
    }

    /** Each article with its story, copy cluster, kind and difficulty, in the order of {@link #articles()}. */
    public List<LabelledArticle> labels() {
        return labels;
    }

    public int size() {
        return labels.size();
    }

    /** Writes the articles as a JSON Lines archive (gzip when the name ends with {@code .gz}). */
    public void writeArchive(Path jsonl) throws IOException {
        ArchiveWriter.writeAll(jsonl, articles());
    }

    /**
     * Writes labels as JSON Lines: {@code {"id","cluster","story","kind","difficulty"}}, readable by
     * {@link dev.copydesk.archive.Labels}.
     */
    public void writeLabels(Path path) throws IOException {
        writeLabels(path, labels.iterator());
    }

    static long writeLabels(Path path, Iterator<LabelledArticle> items) throws IOException {
        long n = 0;
        try (Writer out = ArchiveWriter.openText(path)) {
            while (items.hasNext()) {
                writeLabel(out, items.next());
                n++;
            }
        }
        return n;
    }

    static void writeLabel(Writer out, LabelledArticle a) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            g.writeStringField("cluster", a.copyClusterId());
            g.writeStringField("story", a.storyId());
            g.writeStringField("kind", a.kind().label());
            g.writeStringField("difficulty", a.difficulty().label());
            g.writeEndObject();
        }
        out.write('\n');
    }
}
