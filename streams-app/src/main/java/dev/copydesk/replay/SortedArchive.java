package dev.copydesk.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

import dev.copydesk.archive.ArchiveRecord;
import dev.copydesk.avro.Article;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * An archive in replay order ({@link LoadedArchive#ORDER}: publication time, then id; equal keys keep archive order) in
 * bounded memory, so that a replay of a year of news does not need the year in its heap. The archive is read once: while
 * its articles fit in {@code budgetBytes} they stay in memory, as {@link LoadedArchive} does; beyond that, each full
 * chunk is sorted and written to a temporary Avro container file (a sorted run, snappy-compressed), and iterating merges
 * the runs (k-way, one article per run in memory). {@link #close} deletes the runs.
 *
 * <p>An external merge sort, written here: no library on the classpath sorts records to disk (Avro's container files are
 * the runs' format).
 */
public final class SortedArchive implements Iterable<Article>, AutoCloseable {
    /** Estimated heap bytes of an article beyond its text (object headers, fields, the timestamp, the strings' headers). */
    private static final long ARTICLE_OVERHEAD = 512;
    /**
     * Malformed items kept (the first ones; {@link #malformed} counts them all): a file in another format is malformed
     * line by line, and keeping every item ran a 96 MB heap out of memory in 2 million short lines.
     */
    public static final int KEPT_PROBLEMS = 1000;
    private static final Comparator<Head> HEADS = Comparator.comparing((Head h) -> h.article, LoadedArchive.ORDER)
            .thenComparingInt(h -> h.run); // runs are in archive order, and each run's sort is stable

    private final List<Article> inMemory;
    private final List<Path> runs;
    private final Path dir;
    private final long size;
    private final Instant oldest;
    private final List<ArchiveRecord> problems;
    private final long malformed;
    private final long read;
    private final long outOfRange;
    private final List<DataFileReader<Article>> open = new ArrayList<>();

    private SortedArchive(List<Article> inMemory, List<Path> runs, Path dir, long size, Instant oldest,
                          List<ArchiveRecord> problems, long malformed, long read, long outOfRange) {
        this.inMemory = inMemory;
        this.runs = runs;
        this.dir = dir;
        this.size = size;
        this.oldest = oldest;
        this.problems = problems;
        this.malformed = malformed;
        this.read = read;
        this.outOfRange = outOfRange;
    }

    /** The budget by default: a quarter of the heap, at most 512 MB. */
    public static long defaultBudget() {
        return Math.min(Runtime.getRuntime().maxMemory() / 4, 512L << 20);
    }

    /** An archive already in memory (sorted by {@link LoadedArchive#load}). */
    public static SortedArchive of(LoadedArchive a) {
        return new SortedArchive(a.articles(), List.of(), null, a.articles().size(),
                a.articles().isEmpty() ? null : a.articles().get(0).getPublishedAt(), a.problems(), a.problems().size(), a.read(), a.outOfRange());
    }

    /**
     * Reads and sorts {@code path} as {@link LoadedArchive#load} does, holding at most about {@code budgetBytes} of articles
     * in memory; the rest is written to sorted runs in a temporary directory under {@code java.io.tmpdir}.
     */
    public static SortedArchive sort(Path path, Instant from, Instant to, boolean strict, long budgetBytes) throws IOException {
        return sort(path, from, to, strict, budgetBytes, null);
    }

    /** As {@link #sort(Path, Instant, Instant, boolean, long)}, calling {@code progress} with the count of articles kept so far. */
    public static SortedArchive sort(Path path, Instant from, Instant to, boolean strict, long budgetBytes,
                                     java.util.function.LongConsumer progress) throws IOException {
        return sort(path, from, to, strict, budgetBytes, progress, false);
    }

    /**
     * As {@link #sort(Path, Instant, Instant, boolean, long, java.util.function.LongConsumer)}, but an archive that fits in
     * {@code budgetBytes} is written to a sorted run too: once sorted, none of its articles stays in the heap (for
     * {@code bench}, whose heap figures are of the app it measures).
     */
    public static SortedArchive sortToDisk(Path path, Instant from, Instant to, boolean strict, long budgetBytes,
                                           java.util.function.LongConsumer progress) throws IOException {
        return sort(path, from, to, strict, budgetBytes, progress, true);
    }

    private static SortedArchive sort(Path path, Instant from, Instant to, boolean strict, long budgetBytes,
                                      java.util.function.LongConsumer progress, boolean toDisk) throws IOException {
        List<ArchiveRecord> problems = new ArrayList<>();
        long[] malformed = {0};
        Spiller spiller = new Spiller(budgetBytes, progress, toDisk);
        long[] counts;
        try {
            counts = LoadedArchive.scan(path, from, to, strict, r -> {
                if (malformed[0]++ < KEPT_PROBLEMS) {
                    problems.add(r);
                }
            }, spiller);
            spiller.finish();
        } catch (UncheckedIOException e) {
            spiller.discard();
            throw e.getCause(); // a run that could not be written: its message says where and why
        } catch (IOException | RuntimeException e) {
            spiller.discard();
            throw e;
        }
        return new SortedArchive(spiller.runs.isEmpty() ? spiller.chunk : null, spiller.runs, spiller.dir, spiller.size,
                spiller.oldest, problems, malformed[0], counts[0], counts[1]);
    }

    /** Articles to replay. */
    public long size() {
        return size;
    }

    /** The earliest publication time, or null when there is no article. */
    public Instant oldest() {
        return oldest;
    }

    /** Malformed items, in archive order: the first {@link #KEPT_PROBLEMS} of them. */
    public List<ArchiveRecord> problems() {
        return problems;
    }

    /** Malformed items, all of them. */
    public long malformed() {
        return malformed;
    }

    /** Items read (articles and malformed ones). */
    public long read() {
        return read;
    }

    /** Well-formed articles left out by {@code from}/{@code to}. */
    public long outOfRange() {
        return outOfRange;
    }

    /** Sorted runs written to disk (0 when the archive fit in the budget). */
    public int runs() {
        return runs.size();
    }

    /**
     * The runs' codec, chosen at the first run (an archive that fits in memory does not load snappy-java's native
     * library): snappy, or deflate at level 1 where snappy-java's native library cannot be loaded (it unpacks it into
     * {@code java.io.tmpdir}, which a host may mount {@code noexec}; Avro then has no snappy codec at all).
     */
    private static final class RunCodec {
        static final CodecFactory CODEC = runCodec();
    }

    static CodecFactory runCodec() {
        CodecFactory snappy = CodecFactory.snappyCodec(); // null when the native library does not load
        return snappy != null ? snappy : CodecFactory.deflateCodec(1);
    }

    /** Where the runs are (null when none was written). */
    Path runDirectory() {
        return dir;
    }

    /**
     * An iteration of the archive that can be left before its end: {@link #close} closes the runs' readers it still holds
     * (each holds its last blocks, about 70 KB, until then or until the archive is closed).
     */
    public interface Cursor extends Iterator<Article>, AutoCloseable {
        @Override
        void close();
    }

    @Override
    public Cursor iterator() {
        if (inMemory != null) {
            Iterator<Article> it = inMemory.iterator();
            return new Cursor() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Article next() {
                    return it.next();
                }

                @Override
                public void close() {
                    // nothing open
                }
            };
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(HEADS);
        for (int i = 0; i < runs.size(); i++) {
            DataFileReader<Article> reader = open(runs.get(i));
            Head h = new Head(reader, i, this::closed);
            if (h.advance()) {
                heads.add(h);
            }
        }
        return new Cursor() {
            @Override
            public void close() {
                for (Head h = heads.poll(); h != null; h = heads.poll()) {
                    h.end();
                }
            }

            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Article next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                Article a = h.article;
                if (h.advance()) {
                    heads.add(h);
                }
                return a;
            }
        };
    }

    private DataFileReader<Article> open(Path run) {
        try {
            DataFileReader<Article> r = new DataFileReader<>(run.toFile(), new SpecificDatumReader<>(Article.class));
            synchronized (open) {
                open.add(r);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sorted run " + run, e);
        }
    }

    /**
     * A reader read to the end (and closed) is no longer held: each iteration opens every run again, and a closed reader
     * still holds its last blocks (about 70 KB), so a sweep that reads the archive once per point held them all to the end.
     */
    private void closed(DataFileReader<Article> reader) {
        synchronized (open) {
            open.remove(reader);
        }
    }

    /** Readers of the runs open now: not read to their end nor closed (tests). */
    public int openReaders() {
        synchronized (open) {
            return open.size();
        }
    }

    /** Closes what is open and deletes the runs. */
    @Override
    public void close() {
        synchronized (open) {
            for (DataFileReader<Article> r : open) {
                try {
                    r.close();
                } catch (IOException ignored) {
                    // deleted below
                }
            }
            open.clear();
        }
        deleteRuns(runs, dir);
    }

    private static void deleteRuns(List<Path> runs, Path dir) {
        for (Path p : runs) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
        if (dir != null) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // not empty or gone
            }
        }
    }

    /** A sorted run could not be written; the message says where, why and what to do. */
    public static final class RunWriteException extends IOException {
        RunWriteException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** A run's next article. */
    private static final class Head {
        final DataFileReader<Article> reader;
        final int run;
        final java.util.function.Consumer<DataFileReader<Article>> onEnd;
        Article article;

        Head(DataFileReader<Article> reader, int run, java.util.function.Consumer<DataFileReader<Article>> onEnd) {
            this.reader = reader;
            this.run = run;
            this.onEnd = onEnd;
        }

        boolean advance() {
            if (!reader.hasNext()) {
                end();
                return false;
            }
            article = reader.next();
            return true;
        }

        /** Closes the reader, read to the end or left. */
        void end() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read to the end, or left
            }
            onEnd.accept(reader);
        }
    }

    /** Collects articles, writing each full chunk to a sorted run. */
    private static final class Spiller implements java.util.function.Consumer<Article> {
        final long budget;
        List<Article> chunk = new ArrayList<>();
        long chunkBytes;
        final List<Path> runs = new ArrayList<>();
        Path dir;
        long size;
        Instant oldest;

        final java.util.function.LongConsumer progress;
        final boolean toDisk;

        Spiller(long budget, java.util.function.LongConsumer progress, boolean toDisk) {
            this.budget = budget;
            this.progress = progress;
            this.toDisk = toDisk;
        }

        @Override
        public void accept(Article a) {
            chunk.add(a);
            size++;
            if (progress != null) {
                progress.accept(size);
            }
            oldest = oldest == null || a.getPublishedAt().isBefore(oldest) ? a.getPublishedAt() : oldest;
            chunkBytes += estimate(a);
            if (chunkBytes > budget) {
                try {
                    spill();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void finish() throws IOException {
            if (runs.isEmpty() && !toDisk) {
                chunk.sort(LoadedArchive.ORDER); // it all fit: sorted in memory
            } else if (!chunk.isEmpty()) {
                spill();
            }
        }

        void spill() throws IOException {
            try {
                write();
            } catch (IOException e) {
                String why = e instanceof java.nio.file.FileSystemException f
                        ? f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName())
                        : String.valueOf(e.getMessage());
                throw new RunWriteException("cannot write a sorted run of the archive to " + (dir == null ? "java.io.tmpdir ("
                        + System.getProperty("java.io.tmpdir") + ")" : dir) + ": " + why
                        + " (the runs need about the archive's size, compressed; -Djava.io.tmpdir=DIR puts them elsewhere)", e);
            }
        }

        private void write() throws IOException {
            chunk.sort(LoadedArchive.ORDER);
            if (dir == null) {
                dir = Files.createTempDirectory("copydesk-replay-sort");
                dir.toFile().deleteOnExit(); // also on a signal before close (deleted after the runs: reverse order)
            }
            Path run = dir.resolve("run-" + runs.size() + ".avro");
            runs.add(run);
            run.toFile().deleteOnExit();
            try (DataFileWriter<Article> w = new DataFileWriter<>(new SpecificDatumWriter<>(Article.class))) {
                w.setCodec(RunCodec.CODEC);
                w.create(Article.getClassSchema(), run.toFile());
                for (Article a : chunk) {
                    w.append(a);
                }
            }
            chunk = new ArrayList<>();
            chunkBytes = 0;
        }

        void discard() {
            deleteRuns(runs, dir);
        }

        private static long estimate(Article a) {
            long chars = a.getBody().length() + a.getTitle().length() + a.getId().length()
                    + (a.getSource() == null ? 0 : a.getSource().length()) + (a.getUrl() == null ? 0 : a.getUrl().length());
            return ARTICLE_OVERHEAD + 2 * chars;
        }
    }
}
