package dev.copydesk.archive;

import dev.copydesk.avro.Article;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes articles as JSON Lines (see {@link ArticleJson}), gzip-compressed when the file name ends with
 * {@code .gz}. Parent directories are created. Not thread-safe.
 */
public final class ArchiveWriter implements Closeable {
    private final Writer out;
    private long count;

    private ArchiveWriter(Writer out) {
        this.out = out;
    }

    /** Creates (or truncates) {@code path}. */
    public static ArchiveWriter open(Path path) throws IOException {
        return new ArchiveWriter(openText(path));
    }

    /** Writes all {@code articles} to {@code path}; returns how many were written. */
    public static long writeAll(Path path, Iterable<Article> articles) throws IOException {
        try (ArchiveWriter w = open(path)) {
            for (Article a : articles) {
                w.write(a);
            }
            return w.count();
        }
    }

    /** A buffered UTF-8 writer on {@code path}, gzip-compressed when the name ends with {@code .gz}. */
    public static Writer openText(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream os = Files.newOutputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16, true); // a flush (archive --follow) writes out what was compressed so far
        }
        return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }

    public void write(Article article) throws IOException {
        out.write(ArticleJson.toJson(article));
        out.write('\n');
        count++;
    }

    /** Articles written so far. */
    public long count() {
        return count;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
