package dev.copydesk.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.copydesk.archive.ArchiveReader;
import dev.copydesk.archive.ArchiveRecord;
import dev.copydesk.avro.Article;
import dev.copydesk.config.ConfigException;

/**
 * An archive read into memory (the commands sort in bounded memory: {@link SortedArchive}): the articles within {@code [from, to)} sorted by
 * {@code published_at} (event time; stable, so equal times keep archive order), and every malformed item
 * with its position (never dropped silently).
 *
 * @param articles   the articles to process, in event-time order
 * @param problems   malformed items, in archive order
 * @param read       items read (articles and malformed ones)
 * @param outOfRange well-formed articles left out by {@code from}/{@code to}
 */
public record LoadedArchive(List<Article> articles, List<ArchiveRecord> problems, long read, long outOfRange) {

    /** A malformed item met with {@code strict} on. */
    public static final class MalformedException extends IOException {
        public MalformedException(ArchiveRecord r) {
            super("malformed item at " + r.origin() + ": " + r.error() + " (stopped: --strict)");
        }
    }

    /**
     * Reads {@code path} (JSON Lines, gzip, text directory or Avro container; see {@link ArchiveReader}).
     *
     * @param from   first publication time kept (inclusive), or null
     * @param to     publication time where the archive is cut (exclusive), or null
     * @param strict stop at the first malformed item with {@link MalformedException}
     */
    public static LoadedArchive load(Path path, Instant from, Instant to, boolean strict) throws IOException {
        List<Article> articles = new ArrayList<>();
        List<ArchiveRecord> problems = new ArrayList<>();
        long[] counts = scan(path, from, to, strict, problems::add, articles::add);
        articles.sort(ORDER);
        return new LoadedArchive(articles, problems, counts[0], counts[1]);
    }

    /**
     * The order of a replay: publication time, then id, the topology's own order (of two articles published at the same
     * instant, the one with the greater id is the newer), so that a replay never takes the late path for ties.
     */
    public static final Comparator<Article> ORDER = Comparator.comparing(Article::getPublishedAt).thenComparing(Article::getId);

    /**
     * Reads {@code path} in archive order: each article within {@code [from, to)} goes to {@code sink}, each malformed
     * item to {@code problems}. Returns {items read, articles outside the range}.
     */
    static long[] scan(Path path, Instant from, Instant to, boolean strict, java.util.function.Consumer<ArchiveRecord> problems,
                       java.util.function.Consumer<Article> sink) throws IOException {
        long read = 0;
        long outOfRange = 0;
        try (ArchiveReader reader = ArchiveReader.open(path)) {
            for (ArchiveRecord r : reader) {
                read++;
                if (!r.isOk()) {
                    if (strict) {
                        throw new MalformedException(r);
                    }
                    problems.accept(r);
                    continue;
                }
                Instant t = r.article().getPublishedAt();
                if ((from != null && t.isBefore(from)) || (to != null && !t.isBefore(to))) {
                    outOfRange++;
                    continue;
                }
                sink.accept(r.article());
            }
        }
        return new long[] {read, outOfRange};
    }

    /** Parses a {@code --from}/{@code --to} flag: ISO-8601 with offset ({@code 2026-01-05T06:00:00Z}) or a date (UTC midnight). */
    public static Instant parseTime(String flag, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException(flag + " must be an ISO-8601 time such as 2026-01-05T06:00:00Z or a date, got '" + value + "'");
        }
    }
}
