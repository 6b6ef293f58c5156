package dev.copydesk.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

import dev.copydesk.avro.Article;
import dev.copydesk.config.ConfigException;
import dev.copydesk.replay.SortedArchive;

/**
 * The articles {@code bench --input} feeds: an archive in event-time order ({@link SortedArchive}), the first of each id
 * (each measured article must come out exactly once). Its first {@code history} articles are the index's history, the
 * next {@code warmup} the warm-up, and the {@code count} after them (all, when 0) are measured.
 *
 * <p>Only the measured articles are held in memory (the feeder sends them pre-serialized, so that it is not what is
 * measured). The history and the warm-up are read again from the archive, in order, each time a phase feeds them
 * ({@link #older}); what is kept of them is the positions of the ids met again among them, so that each reading leaves
 * out the same articles as the first.
 */
public final class ArchivedArticles {
    private final SortedArchive archive;
    private final int measuredFrom;
    private final BitSet repeats;
    private final long size;
    private final long repeated;
    private final Instant first;
    private final Instant last;
    private final int measuredCount;
    private List<Article> measured;

    private ArchivedArticles(SortedArchive archive, int measuredFrom, BitSet repeats, long size, long repeated, Instant first,
                             Instant last, List<Article> measured) {
        this.archive = archive;
        this.measuredFrom = measuredFrom;
        this.repeats = repeats;
        this.size = size;
        this.repeated = repeated;
        this.first = first;
        this.last = last;
        this.measured = measured;
        this.measuredCount = measured.size();
    }

    /**
     * Reads {@code archive} once (the caller keeps it open while the bench runs, and closes it), keeping the measured
     * articles. A usage error when the history and the warm-up leave none to measure.
     */
    public static ArchivedArticles read(SortedArchive archive, BenchOptions options) {
        long measuredFrom = (long) options.history() + options.warmup();
        long measuredTo = options.count() == 0 ? Long.MAX_VALUE : measuredFrom + options.count();
        Set<String> ids = new HashSet<>();
        BitSet repeats = new BitSet();
        List<Article> measured = new ArrayList<>();
        long position = 0;
        long unique = 0;
        Instant first = null;
        Instant last = null;
        for (Article a : archive) {
            long at = position++;
            if (!ids.add(a.getId())) {
                if (unique < measuredFrom) { // among the history and warm-up: each reading of them skips it
                    repeats.set(Math.toIntExact(at));
                }
                continue;
            }
            if (first == null) {
                first = a.getPublishedAt();
            }
            last = a.getPublishedAt();
            if (unique >= measuredFrom && unique < measuredTo) {
                measured.add(a);
            }
            unique++;
        }
        if (measuredFrom >= unique) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "--input has %d articles: --history %d and --warmup %d leave none to measure",
                    unique, options.history(), options.warmup()));
        }
        return new ArchivedArticles(archive, (int) measuredFrom, repeats, unique, position - unique, first, last, measured);
    }

    /** Articles: the first of each id. */
    public long size() {
        return size;
    }

    /** Articles left out because their id came earlier in the archive. */
    public long repeated() {
        return repeated;
    }

    /** The articles measured. */
    public int measuredCount() {
        return measuredCount;
    }

    /** Articles held in memory: the measured ones, until {@link #takeMeasured} hands them over. */
    public int retained() {
        return measured.size();
    }

    /**
     * The measured articles, in feeding order, once: this lets go of each as the iterator passes it (the runner keeps
     * them serialized instead).
     */
    public Iterator<Article> takeMeasured() {
        ArrayDeque<Article> left = new ArrayDeque<>(measured);
        measured = Collections.emptyList();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !left.isEmpty();
            }

            @Override
            public Article next() {
                return left.remove();
            }
        };
    }

    /**
     * The last {@code n} articles before the measured ones (the history first, then the warm-up), read from the archive
     * as they are taken; the reading is closed when the last is taken.
     */
    public Iterator<Article> older(int n) {
        if (n < 0 || n > measuredFrom) {
            throw new IllegalArgumentException(n + " older articles asked for; there are " + measuredFrom);
        }
        if (n == 0) {
            return Collections.emptyIterator();
        }
        SortedArchive.Cursor cursor = archive.iterator();
        return new Iterator<>() {
            private int position;
            private int skip = measuredFrom - n;
            private int given;

            @Override
            public boolean hasNext() {
                return given < n;
            }

            @Override
            public Article next() {
                if (given == n) {
                    throw new NoSuchElementException();
                }
                for (; skip > 0; skip--) {
                    nextOfItsId();
                }
                Article a = nextOfItsId();
                if (++given == n) {
                    cursor.close();
                }
                return a;
            }

            private Article nextOfItsId() {
                while (true) {
                    Article a = cursor.next();
                    if (!repeats.get(position++)) {
                        return a;
                    }
                }
            }
        };
    }

    /** For the report's first line. */
    public String describe() {
        return String.format(Locale.ROOT, "archive of %d articles (%s to %s)", size, first, last);
    }
}
