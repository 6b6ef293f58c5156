package dev.copydesk.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copydesk.avro.Article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a directory of plain-text articles ({@code *.txt}, sorted by file name, not recursive).
 * <ul>
 *   <li>id = file name without {@code .txt}; source = {@code "file"};</li>
 *   <li>title = the first non-blank line when it looks like a headline (at most 200 characters, no final
 *       period; it is then removed from the body), otherwise the body's first sentence cut to 120 characters
 *       (the body is then the whole text);</li>
 *   <li>published_at = a JSON sidecar's {@code published_at}, else a date in the file name
 *       ({@code 2024-06-17}, {@code 2024-06-17T08-30}, {@code 20240617T083000}, taken as UTC), else
 *       {@code baseTime + i minutes} for the i-th file when a base time is given, else the file's mtime;</li>
 *   <li>a sidecar {@code <name>.json} next to {@code <name>.txt} may set any article field
 *       ({@code id, source, url, title, published_at, language, wire}); its values win.</li>
 * </ul>
 */
public final class TextArticles implements ArchiveReader.Source {
    /** Longest first line still taken as a headline. */
    public static final int MAX_HEADLINE = 200;
    /** Longest title cut from the first sentence. */
    public static final int MAX_SENTENCE_TITLE = 120;

    private static final Pattern NAME_DATE = Pattern.compile(
            "(?<!\\d)((?:19|20)\\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\\d|3[01])"
                    + "(?:[T_ ]?([01]\\d|2[0-3])[:h-]?([0-5]\\d)(?:[:-]?([0-5]\\d))?)?(?!\\d)");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=[\\s\"”’']|$)");

    private final List<Path> files;
    private final Instant baseTime;
    private int index;

    TextArticles(Path dir, Instant baseTime) throws IOException {
        this.files = files(dir);
        this.baseTime = baseTime;
    }

    /** The article files of a directory, in the order they are read: {@code *.txt} (any case), by file name. */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
                    found.add(p);
                }
            }
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return found;
    }

    @Override
    public ArchiveRecord next() {
        if (index >= files.size()) {
            return null;
        }
        Path file = files.get(index);
        int i = index++;
        String name = file.getFileName().toString();
        try {
            return ArchiveRecord.ok(read(file, i), i + 1, name);
        } catch (IOException e) {
            return ArchiveRecord.failed(i + 1, "cannot read file: " + e, name);
        } catch (ArticleFormatException e) {
            return ArchiveRecord.failed(i + 1, e.getMessage(), name);
        }
    }

    @Override
    public void close() {
        // nothing held open between files
    }

    private Article read(Path file, int i) throws IOException {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".txt".length());
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Instant published = dateInName(id);
        if (published == null) {
            published = baseTime != null
                    ? baseTime.plusSeconds(60L * i)
                    : Files.getLastModifiedTime(file).toInstant();
        }
        Article article = fromText(id, text, published);
        Path sidecar = file.resolveSibling(id + ".json");
        return Files.isRegularFile(sidecar) ? applySidecar(article, sidecar) : article;
    }

    /**
     * Builds an article from plain text with the title rule above; source {@code "file"}.
     *
     * @throws ArticleFormatException when the text is blank
     */
    public static Article fromText(String id, String text, Instant publishedAt) {
        String normalized = text.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n').strip();
        if (normalized.isEmpty()) {
            throw new ArticleFormatException("body", "empty text file");
        }
        int newline = normalized.indexOf('\n');
        String firstLine = (newline < 0 ? normalized : normalized.substring(0, newline)).strip();
        String title;
        String body;
        if (looksLikeHeadline(firstLine) && newline >= 0) {
            title = firstLine.replaceFirst("^[-–—•*]+\\s*", "");
            body = normalized.substring(newline + 1).strip();
        } else {
            title = firstSentence(firstLine, MAX_SENTENCE_TITLE);
            body = normalized;
        }
        return Article.newBuilder()
                .setId(id).setSource("file").setUrl(null).setTitle(title).setBody(body)
                .setPublishedAt(publishedAt).setLanguage(null).setWire(null)
                .build();
    }

    static boolean looksLikeHeadline(String line) {
        return !line.isEmpty() && line.length() <= MAX_HEADLINE && !line.endsWith(".");
    }

    /** The first sentence of {@code text}, cut at a word boundary to at most {@code max} characters. */
    static String firstSentence(String text, int max) {
        Matcher m = SENTENCE_END.matcher(text);
        String sentence = m.find() ? text.substring(0, m.end()) : text;
        if (sentence.length() <= max) {
            return sentence;
        }
        int cut = sentence.lastIndexOf(' ', max);
        return (cut > max / 2 ? sentence.substring(0, cut) : sentence.substring(0, max)).strip();
    }

    /** A UTC timestamp written in a file name, or null. */
    static Instant dateInName(String name) {
        Matcher m = NAME_DATE.matcher(name);
        while (m.find()) {
            try {
                LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                        m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
                return t.toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                // e.g. February 31st: not a date, keep looking
            }
        }
        return null;
    }

    private static Article applySidecar(Article article, Path sidecar) throws IOException {
        JsonNode node;
        try {
            node = ArticleJson.MAPPER.readTree(sidecar.toFile());
        } catch (JsonProcessingException e) {
            throw new ArticleFormatException(null, "invalid JSON in sidecar " + sidecar.getFileName() + ": "
                    + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode)) {
            throw new ArticleFormatException(null, "sidecar " + sidecar.getFileName() + " is not a JSON object");
        }
        ObjectNode merged = (ObjectNode) ArticleJson.MAPPER.readTree(ArticleJson.toJson(article));
        merged.setAll((ObjectNode) node);
        merged.remove("body"); // the text file is the body
        merged.put("body", article.getBody());
        return ArticleJson.fromNode(merged);
    }
}
