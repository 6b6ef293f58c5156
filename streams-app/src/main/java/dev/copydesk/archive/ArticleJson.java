package dev.copydesk.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.copydesk.avro.Article;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Converts {@link Article} to and from the archive's JSON shape: one object with the Avro field names
 * ({@code id, source, url, title, body, published_at, language, wire}); {@code published_at} is written as
 * ISO-8601 UTC ({@code 2024-06-17T08:30:00Z}) and read from ISO-8601 (any offset) or epoch millis.
 * Optional fields ({@code url, language, wire}) are omitted when null. Unknown fields are ignored on read.
 */
public final class ArticleJson {
    /**
     * Shared, thread-safe mapper used by the archive package. Anything after the first JSON value is an error
     * (two objects on a line whose newline got lost must not silently lose the second), and so is a field given twice
     * (two ids in one object would otherwise leave the article under the last without a word).
     */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ArticleJson() {
    }

    /** One-line JSON for {@code article} (no trailing newline). */
    public static String toJson(Article article) {
        StringWriter out = new StringWriter(article.getBody().length() + 256);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(article, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code article} as one JSON object on {@code gen}. */
    public static void write(Article article, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", article.getId());
        gen.writeStringField("source", article.getSource());
        if (article.getUrl() != null) {
            gen.writeStringField("url", article.getUrl());
        }
        gen.writeStringField("title", article.getTitle());
        gen.writeStringField("body", article.getBody());
        gen.writeStringField("published_at", DateTimeFormatter.ISO_INSTANT.format(article.getPublishedAt()));
        if (article.getLanguage() != null) {
            gen.writeStringField("language", article.getLanguage());
        }
        if (article.getWire() != null) {
            gen.writeStringField("wire", article.getWire());
        }
        gen.writeEndObject();
    }

    /**
     * Parses one JSON object into an article.
     *
     * @throws ArticleFormatException when the text is not a JSON object or a required field is missing or malformed
     */
    public static Article fromJson(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ArticleFormatException(null, "invalid JSON: " + e.getOriginalMessage());
        }
        return fromNode(node);
    }

    /**
     * Builds an article from a parsed JSON object.
     *
     * @throws ArticleFormatException when a required field is missing or malformed
     */
    public static Article fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ArticleFormatException(null, "expected a JSON object, got "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        String id = requiredText(node, "id");
        if (id.isBlank()) {
            throw new ArticleFormatException("id", "field 'id' is blank");
        }
        return Article.newBuilder()
                .setId(id)
                .setSource(requiredText(node, "source"))
                .setUrl(optionalText(node, "url"))
                .setTitle(requiredText(node, "title"))
                .setBody(requiredText(node, "body"))
                .setPublishedAt(requiredInstant(node, "published_at"))
                .setLanguage(optionalText(node, "language"))
                .setWire(optionalText(node, "wire"))
                .build();
    }

    /** Parses a timestamp given as ISO-8601 text (with offset or {@code Z}) or epoch millis (number or digits). */
    public static Instant parseInstant(JsonNode value, String field) {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new ArticleFormatException(field, "field '" + field + "' is out of range for epoch millis: " + value.asText());
            }
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                try {
                    return Instant.ofEpochMilli(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new ArticleFormatException(field, "field '" + field + "' is out of range for epoch millis: '" + text + "'");
                }
            }
            try {
                Instant t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                t.toEpochMilli(); // the Avro field is timestamp-millis
                return t;
            } catch (ArithmeticException e) {
                throw new ArticleFormatException(field, "field '" + field + "' is out of range for epoch millis: '" + text + "'");
            } catch (DateTimeParseException e) {
                throw new ArticleFormatException(field, "field '" + field + "' is not an ISO-8601 timestamp with offset"
                        + " or epoch millis: '" + text + "'");
            }
        }
        throw new ArticleFormatException(field, "field '" + field + "' must be an ISO-8601 string or epoch millis, got "
                + value.getNodeType().toString().toLowerCase());
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ArticleFormatException(field, "missing required field '" + field + "'");
        }
        if (!value.isValueNode()) {
            throw new ArticleFormatException(field, "field '" + field + "' must be a string, got "
                    + value.getNodeType().toString().toLowerCase());
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ArticleFormatException(field, "field '" + field + "' must be a string, got "
                    + value.getNodeType().toString().toLowerCase());
        }
        return value.asText();
    }

    private static Instant requiredInstant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ArticleFormatException(field, "missing required field '" + field + "'");
        }
        return parseInstant(value, field);
    }
}
