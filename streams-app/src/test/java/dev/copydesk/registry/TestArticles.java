package dev.copydesk.registry;

import dev.copydesk.avro.Article;
import java.time.Instant;

/** Sample records for the registry tests. */
final class TestArticles {
    static final Instant PUBLISHED = Instant.parse("2026-11-20T08:15:30.123Z");

    private TestArticles() {
    }

    static Article article(String id) {
        return Article.newBuilder()
                .setId(id)
                .setSource("example-times.com")
                .setUrl("https://example-times.com/" + id)
                .setTitle("Storm closes ports — «ça déborde»")
                .setBody("PARIS (AFP) — Ports were closed on Friday.\nOfficials said ships stayed at anchor.")
                .setPublishedAt(PUBLISHED)
                .setLanguage("en")
                .setWire("AFP")
                .build();
    }
}
