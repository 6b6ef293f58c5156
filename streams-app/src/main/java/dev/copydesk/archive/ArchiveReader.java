package dev.copydesk.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.copydesk.avro.Article;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
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
 * dropped silently). The format is detected from the content (a directory, or a file's first bytes), not the name:
 * <ul>
 *   <li>JSON Lines ({@code .jsonl}, optionally gzip-compressed, gzip detected by magic bytes), see {@link ArticleJson};
 *       blank lines are skipped;</li>
 *   <li>an Avro object container file of {@code Article} records (magic {@code Obj\1}, gzip allowed around it);</li>
 *   <li>a directory of {@code .txt} articles, see {@link TextArticles}.</li>
 * </ul>
 * A malformed line, an unreadable file of a directory or a truncated/corrupt compressed stream becomes an error
 * record carrying its position; after a broken stream (truncated gzip, corrupt Avro block) reading stops.
 * Single pass: {@link #iterator()} or {@link #stream()} may be called once. Close it (try-with-resources).
 */
public final class ArchiveReader implements Iterable<ArchiveRecord>, AutoCloseable {
    static {
        dev.copydesk.registry.AvroTrust.ourTypes(); // before any specific reader or writer
    }


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
                // small buffer after the inflater: on a truncated stream, at most this much decoded text is lost
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 13);
            }
            String name = path.getFileName().toString();
            if (startsWith(in, AVRO_MAGIC)) {
                return new ArchiveReader(path, Format.AVRO, new AvroSource(in, name));
            }
            return new ArchiveReader(path, Format.JSON_LINES, new JsonLinesSource(in, name));
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            in.close();
            // e.g. a gzip file cut inside its header: without this, all a user saw was "EOFException"
            throw new IOException(path + ": truncated or corrupt compressed file, nothing could be read ("
                    + (e.getMessage() == null ? "unexpected end of file" : e.getMessage()) + ")", e);
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

    /** The records in archive order. A failure to list or open the input surfaces as {@link UncheckedIOException}. */
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
        private IOException failure;
        private boolean failed;

        JsonLinesSource(InputStream in, String name) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 13);
            this.name = name;
        }

        @Override
        public ArchiveRecord next() {
            if (failed) {
                return null;
            }
            String line;
            while ((line = readLine()) != null) {
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
            if (failure != null) {
                failed = true;
                long at = lineNumber + 1;
                return ArchiveRecord.failed(at, "unreadable input (reading stopped here): " + failure, name + ":" + at);
            }
            return null;
        }

        /** The next line, or null at the end or when the input breaks (e.g. a truncated gzip stream). */
        private String readLine() {
            try {
                return reader.readLine();
            } catch (IOException e) {
                failure = e;
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class AvroSource implements Source {
        private final TailInputStream in;
        private final String name;
        private final byte[] sync;
        private DataFileStream<Article> stream;
        private long index;
        private boolean failed;

        AvroSource(InputStream in, String name) throws IOException {
            this.sync = readSync(in);
            this.in = new TailInputStream(in, sync == null ? 0 : sync.length);
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
                    // Avro ends quietly on EOF inside a block; a clean file ends with the sync marker
                    if (sync != null && !in.endsWith(sync)) {
                        failed = true;
                        long at = index + 1;
                        return ArchiveRecord.failed(at, "truncated Avro file: the last block ends early"
                                + " (records in it are lost)", name + "#" + at);
                    }
                    return null;
                }
                index++;
                return ArchiveRecord.ok(stream.next(), index, name + "#" + index);
            } catch (IOException | RuntimeException e) {
                // a corrupt Avro block cannot be skipped reliably: report it and stop
                failed = true;
                long at = index + 1;
                return ArchiveRecord.failed(at, "unreadable Avro data (reading stopped here): " + e, name + "#" + at);
            }
        }

        /** The file's 16-byte sync marker, read from the header without consuming it; null if the header is odd. */
        private static byte[] readSync(InputStream in) throws IOException {
            in.mark(1 << 20);
            try {
                BinaryDecoder d = DecoderFactory.get().directBinaryDecoder(in, null);
                d.skipFixed(AVRO_MAGIC.length);
                for (long n = d.readMapStart(); n != 0; n = d.mapNext()) {
                    for (long i = 0; i < n; i++) {
                        d.skipString();
                        d.skipBytes();
                    }
                }
                byte[] sync = new byte[16];
                d.readFixed(sync);
                return sync;
            } catch (IOException e) {
                return null;
            } finally {
                in.reset();
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

    /** Remembers the last bytes read through it. */
    private static final class TailInputStream extends FilterInputStream {
        private final byte[] tail;
        private int filled;

        TailInputStream(InputStream in, int size) {
            super(in);
            this.tail = new byte[size];
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                remember(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                remember(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        private void remember(byte[] b, int off, int n) {
            if (tail.length == 0) {
                return;
            }
            if (n >= tail.length) {
                System.arraycopy(b, off + n - tail.length, tail, 0, tail.length);
                filled = tail.length;
            } else {
                int keep = Math.min(filled, tail.length - n);
                System.arraycopy(tail, filled - keep, tail, 0, keep);
                System.arraycopy(b, off, tail, keep, n);
                filled = keep + n;
            }
        }

        boolean endsWith(byte[] suffix) {
            return filled == tail.length && java.util.Arrays.equals(tail, suffix);
        }
    }
}
