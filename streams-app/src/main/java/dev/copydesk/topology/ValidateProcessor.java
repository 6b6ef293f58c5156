package dev.copydesk.topology;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.archive.ArticleJson;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.DeadLetter;
import dev.copydesk.registry.RegistryUnavailableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates input records. A valid article is forwarded keyed by its id with the record
 * timestamp set to its publication time (event time); anything else becomes a {@link DeadLetter} with
 * the original bytes and the reason. Nothing is dropped.
 */
final class ValidateProcessor implements Processor<byte[], byte[], String, Validated> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);
    static final long EARLIEST = Instant.parse("1990-01-01T00:00:00Z").toEpochMilli();
    static final long FUTURE_SLACK_MS = 24L * 3600 * 1000;

    private final Deserializer<Article> avro;
    private final boolean json;
    private final int maxBodyBytes;
    /**
     * The fields other than the body, and the most chars each may have. They travel with the article to every output
     * (a story cluster holds every member's title), so one 1 MB title made a story record over the broker's limit, which
     * under exactly-once stopped cluster maintenance, for every article (found in review).
     */
    static final String[] FIELD_NAMES = {"id", "source", "url", "title", "language", "wire"};
    static final int[] FIELD_LIMITS = {2_048, 512, 8_192, 2_048, 64, 512};
    private final TopologyMetrics metrics;
    private ProcessorContext<String, Validated> context;

    ValidateProcessor(Deserializer<Article> avro, boolean json, int maxBodyBytes, TopologyMetrics metrics) {
        this.avro = avro;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Validated> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        metrics.articleIn();
        Article article;
        if (record.value() == null) {
            reject(record, "deserialize", "null value: not an article", null);
            return;
        }
        try {
            article = json ? ArticleJson.fromJson(jsonText(record.value()))
                    : avro.deserialize(topic, record.value());
        } catch (RegistryUnavailableException e) {
            throw e; // not the record's fault: the task fails (DeadLetters), the record is processed again later
        } catch (RuntimeException e) {
            reject(record, "deserialize", (json ? "not a JSON article: " : "not an Avro article: ") + e.getMessage(), e);
            return;
        }
        String problem = problem(article, record.value());
        if (problem != null) {
            reject(record, "validate", problem, null);
            return;
        }
        // the wall-clock intake time travels in a header to cluster maintenance (end-to-end latency)
        org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders()
                .add(TopologyMetrics.INGEST_HEADER, ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
        context.forward(new Record<>(article.getId(), new Validated(article, null), article.getPublishedAt().toEpochMilli(), headers));
    }

    /** Why the article cannot be processed, or null when it can; {@code raw} is the record value it was decoded from. */
    String problem(Article a, byte[] raw) {
        if (a.getId() == null || a.getId().isBlank()) {
            return "empty id";
        }
        String body = a.getBody();
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String[] values = {a.getId(), a.getSource(), a.getUrl(), a.getTitle(), a.getLanguage(), a.getWire()};
        for (int k = 0; k < values.length; k++) {
            if (values[k] != null && values[k].length() > FIELD_LIMITS[k]) {
                return FIELD_NAMES[k] + " of " + values[k].length() + " chars is over the limit of " + FIELD_LIMITS[k] + " chars";
            }
        }
        int bytes = utf8Length(body);
        if (bytes > maxBodyBytes) {
            return "body of " + bytes + " bytes is over the limit of " + maxBodyBytes + " bytes (copydesk.max.body.bytes)";
        }
        String broken = invalidUtf8In(a, raw);
        if (broken != null) {
            return "invalid UTF-8 in " + broken;
        }
        String lone = loneSurrogateIn(a);
        if (lone != null) {
            return lone;
        }
        int control = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                control++;
            }
        }
        if (control > 0 && control * 100 >= body.length()) {
            return "binary data: " + control + " control characters in a body of " + body.length();
        }
        long t = a.getPublishedAt().toEpochMilli();
        if (t < EARLIEST) {
            return "published_at " + a.getPublishedAt() + " is before 1990";
        }
        if (t > System.currentTimeMillis() + FUTURE_SLACK_MS) {
            return "published_at " + a.getPublishedAt() + " is more than a day in the future";
        }
        return null;
    }

    /**
     * The first text field that decoding gave a U+FFFD where the bytes were not UTF-8; or null. Every field counts:
     * two ids broken differently would decode to the same id and share its state. A U+FFFD the producer wrote (valid
     * UTF-8, or a JSON escape) is a character like any other: scraped text carries it, and {@code Mojibake} repairs it.
     */
    private String invalidUtf8In(Article a, byte[] raw) {
        String[] names = {"id", "source", "url", "title", "body", "language", "wire"};
        String[] values = {a.getId(), a.getSource(), a.getUrl(), a.getTitle(), a.getBody(), a.getLanguage(), a.getWire()};
        List<String> suspects = new ArrayList<>();
        Boolean jsonIsUtf8 = null; // JSON is all text: checked once, when a field holds a U+FFFD
        for (int k = 0; k < names.length; k++) {
            if (values[k] == null || values[k].indexOf('\uFFFD') < 0) {
                continue;
            }
            if (json && jsonIsUtf8 == null) {
                jsonIsUtf8 = isUtf8(raw);
            }
            if (json ? !jsonIsUtf8 : !inAvroRecord(values[k], raw)) {
                if (!json) {
                    return names[k];
                }
                suspects.add(names[k]);
            }
        }
        // JSON is checked whole: the bytes that are not UTF-8 are in one of the fields holding a U+FFFD (decoding put it
        // there), but a field may hold a U+FFFD its producer wrote too
        return suspects.isEmpty() ? null : suspects.size() == 1 ? suspects.get(0) : "one of " + String.join(", ", suspects);
    }

    /**
     * Why a text field is not Unicode text, or null: a surrogate without its pair, which JSON can write (an escape such as
     * {@code \ud800} alone) and no UTF-8 can hold. Written out, each becomes a '?', so two ids that differ only there
     * were one article, and the other was lost without a trace (found in review).
     */
    private static String loneSurrogateIn(Article a) {
        String[] names = {"id", "source", "url", "title", "body", "language", "wire"};
        String[] values = {a.getId(), a.getSource(), a.getUrl(), a.getTitle(), a.getBody(), a.getLanguage(), a.getWire()};
        for (int k = 0; k < names.length; k++) {
            String v = values[k];
            if (v == null) {
                continue;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return String.format("a lone surrogate (U+%04X, a JSON escape without its pair) at char %d of %s: not Unicode text",
                            (int) c, i, names[k]);
                }
            }
        }
        return null;
    }

    /**
     * The text of a JSON value, without a leading UTF-8 byte order mark: RFC 8259 lets a parser ignore one, and some
     * producers (Windows tools, .NET's default UTF-8 encoding) write it; it was dead-lettered with Jackson's
     * "Unexpected character (code 65279)".
     */
    static String jsonText(byte[] value) {
        int skip = value.length >= 3 && (value[0] & 0xFF) == 0xEF && (value[1] & 0xFF) == 0xBB && (value[2] & 0xFF) == 0xBF
                ? 3 : 0;
        return new String(value, skip, value.length - skip, StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] raw) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Whether {@code value}, which holds a U+FFFD, was decoded from valid UTF-8 in the Avro record {@code raw}. Avro
     * writes a string as its byte length and its UTF-8 bytes, so a string decoded from valid UTF-8 is in the record as
     * Avro encodes it again; one decoded from other bytes is not (decoding put U+FFFD where those bytes were).
     */
    private static boolean inAvroRecord(String value, byte[] raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeString(value);
            encoder.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        byte[] encoded = out.toByteArray();
        outer:
        for (int i = 0; i + encoded.length <= raw.length; i++) {
            for (int j = 0; j < encoded.length; j++) {
                if (raw[i + j] != encoded[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void reject(Record<byte[], byte[]> record, String stage, String reason, Exception e) {
        RecordMetadata md = context.recordMetadata().orElse(null);
        org.apache.kafka.common.header.Headers headers = DeadLetters.keptHeaders(record.headers());
        DeadLetter dl = DeadLetters.withOriginal(DeadLetter.newBuilder(), record.key(), record.value(), DeadLetters.headerBytes(headers))
                .setTopic(md == null ? "" : md.topic())
                .setPartition(md == null ? -1 : md.partition())
                .setOffset(md == null ? -1 : md.offset())
                .setTimestamp(Instant.ofEpochMilli(record.timestamp()))
                .setStage(stage)
                .setReason(DeadLetters.boundedReason(reason))
                .setErrorClass(e == null ? null : e.getClass().getName())
                .build();
        metrics.deadLetter(stage);
        LOG.warn("dead letter {}/{}@{}: {}", dl.getTopic(), dl.getPartition(), dl.getOffset(), dl.getReason());
        byte[] kept = DeadLetters.recordKey(dl);
        String key = kept == null ? null : new String(kept, StandardCharsets.UTF_8);
        // with the original headers (trace context, content type...): the dead letter's record carries them
        context.forward(new Record<>(key, new Validated(null, dl), record.timestamp(), headers));
    }
}
