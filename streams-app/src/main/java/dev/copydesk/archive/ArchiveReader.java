package dev.copydesk.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.copydesk.avro.Article;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Streams the articles of an archive, one {@link ArchiveRecord} per article or per unreadable item (never
 * dropped silently). Formats, detected from the path and the file's first bytes:
 * <ul>
 *   <li>JSON Lines ({@code .jsonl}, optionally gzip-compressed, gzip detected by magic bytes), see {@link ArticleJson};
 *       blank lines are skipped;</li>
 *   <li>an Avro object container file of {@code Article} records (magic {@code Obj\1}, gzip allowed around it);</li>
 *   <li>a directory of {@code .txt} articles, see {@link TextArticles}.</li>
 * </ul>
 * Single pass: {@link #iterator()} or {@link #stream()} may be called once. Close it (try-with-resources).
 */
public final class ArchiveReader implements Iterable<ArchiveRecord>, AutoCloseable {

    /** The archive layouts the reader understands. */
    public enum Format { JSON_LINES, AVRO, TEXT_DIRECTORY }

    private static final byte[] AVRO_MAGIC = {'O', 'b', 'j', 1};

    private final Path path;
    private final Format format;
    private final Source source;
    private boolean iterated;

    private ArchiveReader(Path path, Format format, Source source) {
        this.path = path;
        this.format = format;
        this.source = source;
    }

    /** Opens {@code path}; text directories date files by their mtime unless a name or sidecar gives the time. */
    public static ArchiveReader open(Path path) throws IOException {
        return open(path, null);
    }

    /**
     * Opens {@code path}. For text directories, {@code baseTime} (when not null) replaces file mtimes for
     * determinism: the i-th file by name (0-based) gets {@code baseTime + i minutes}.
     */
    public static ArchiveReader open(Path path, Instant baseTime) throws IOException {
        if (Files.isDirectory(path)) {
            return new ArchiveReader(path, Format.TEXT_DIRECTORY, new TextArticles(path, baseTime));
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            if (startsWith(in, new byte[] {0x1f, (byte) 0x8b})) {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            String name = path.getFileName().toString();
            if (startsWith(in, AVRO_MAGIC)) {
                return new ArchiveReader(path, Format.AVRO, new AvroSource(in, name));
            }
            return new ArchiveReader(path, Format.JSON_LINES, new JsonLinesSource(in, name));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads every article of {@code path} into memory.
     *
     * @throws IOException when the archive cannot be read or any item in it is malformed (the message names it)
     */
    public static List<Article> readArticles(Path path) throws IOException {
        List<Article> articles = new ArrayList<>();
        try (ArchiveReader reader = open(path)) {
            for (ArchiveRecord r : reader) {
                if (!r.isOk()) {
                    throw new IOException("malformed archive item at " + r.origin() + ": " + r.error());
                }
                articles.add(r.article());
            }
        }
        return articles;
    }

    public Path path() {
        return path;
    }

    public Format format() {
        return format;
    }

    /** The records in archive order. I/O failures surface as {@link UncheckedIOException}. */
    @Override
    public Iterator<ArchiveRecord> iterator() {
        if (iterated) {
            throw new IllegalStateException("an ArchiveReader can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            private ArchiveRecord next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = source.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading " + path, e);
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public ArchiveRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ArchiveRecord r = next;
                next = null;
                return r;
            }
        };
    }

    /** The records as a sequential stream; closing the stream closes this reader. */
    public Stream<ArchiveRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::closeQuietly);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWith(InputStream in, byte[] magic) throws IOException {
        in.mark(magic.length);
        try {
            for (byte b : magic) {
                if (in.read() != (b & 0xff)) {
                    return false;
                }
            }
            return true;
        } finally {
            in.reset();
        }
    }

    /** A pull source of records; {@code next()} returns null at the end. */
    interface Source extends Closeable {
        ArchiveRecord next() throws IOException;
    }

    private static final class JsonLinesSource implements Source {
        private final BufferedReader reader;
        private final String name;
        private long lineNumber;

        JsonLinesSource(InputStream in, String name) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            this.name = name;
        }

        @Override
        public ArchiveRecord next() throws IOException {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String origin = name + ":" + lineNumber;
                try {
                    JsonNode node = ArticleJson.MAPPER.readTree(line);
                    return ArchiveRecord.ok(ArticleJson.fromNode(node), lineNumber, origin);
                } catch (JsonProcessingException e) {
                    return ArchiveRecord.failed(lineNumber, "invalid JSON: " + e.getOriginalMessage(), origin);
                } catch (ArticleFormatException e) {
                    return ArchiveRecord.failed(lineNumber, e.getMessage(), origin);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class AvroSource implements Source {
        private final InputStream in;
        private final String name;
        private DataFileStream<Article> stream;
        private long index;
        private boolean failed;

        AvroSource(InputStream in, String name) {
            this.in = in;
            this.name = name;
        }

        @Override
        public ArchiveRecord next() throws IOException {
            if (failed) {
                return null;
            }
            try {
                if (stream == null) {
                    stream = new DataFileStream<>(in, new SpecificDatumReader<>(Article.class));
                }
                if (!stream.hasNext()) {
                    return null;
                }
                index++;
                return ArchiveRecord.ok(stream.next(), index, name + "#" + index);
            } catch (IOException | RuntimeException e) {
                // a corrupt Avro block cannot be skipped reliably: report it and stop
                failed = true;
                long at = index == 0 ? 1 : index;
                return ArchiveRecord.failed(at, "unreadable Avro data (reading stopped here): " + e, name + "#" + at);
            }
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
            } else {
                in.close();
            }
        }
    }
}
