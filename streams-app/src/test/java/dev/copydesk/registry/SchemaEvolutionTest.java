package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copydesk.avro.Article;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Records written with an older Article schema are read as the current generated class. */
class SchemaEvolutionTest {
    /** Article as it was before the optional {@code wire} and {@code language} fields, with {@code url} moved last. */
    static final Schema ARTICLE_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Article", "namespace": "dev.copydesk.avro", "fields": [
              {"name": "id", "type": "string"},
              {"name": "source", "type": "string"},
              {"name": "title", "type": "string"},
              {"name": "body", "type": "string"},
              {"name": "published_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "url", "type": ["null", "string"], "default": null}
            ]}""");

    static GenericRecord oldArticle() {
        GenericRecord old = new GenericData.Record(ARTICLE_V1);
        old.put("id", "old-1");
        old.put("source", "archive.example");
        old.put("title", "Flood warning");
        old.put("body", "Rivers rose overnight.");
        old.put("published_at", TestArticles.PUBLISHED.toEpochMilli());
        old.put("url", "https://archive.example/old-1");
        return old;
    }

    @Test
    void olderWriterIsResolvedToTheCurrentClass() {
        MockRegistryClient registry = new MockRegistryClient();
        byte[] bytes = new AvroSerializer<GenericRecord>(registry).serialize("articles", oldArticle());

        Article article = new AvroDeserializer<Article>(registry, Article.class).deserialize("articles", bytes);

        assertThat(article.getId()).isEqualTo("old-1");
        assertThat(article.getTitle()).isEqualTo("Flood warning");
        assertThat(article.getBody()).isEqualTo("Rivers rose overnight.");
        assertThat(article.getPublishedAt()).isEqualTo(TestArticles.PUBLISHED);
        assertThat(article.getUrl()).isEqualTo("https://archive.example/old-1");
        assertThat(article.getWire()).isNull();
        assertThat(article.getLanguage()).isNull();
    }

    @Test
    void newVersionAfterOldIsBackwardCompatibleAndBothIdsStayReadable() {
        MockRegistryClient registry = new MockRegistryClient();
        int v1 = registry.register("articles-value", ARTICLE_V1);
        assertThat(registry.isCompatible("articles-value", Article.getClassSchema())).isTrue();
        int v2 = registry.register("articles-value", Article.getClassSchema());

        assertThat(v2).isNotEqualTo(v1);
        assertThat(registry.versions("articles-value")).containsExactly(1, 2);
        AvroDeserializer<Article> deserializer = new AvroDeserializer<>(registry, Article.class);
        byte[] oldBytes = new AvroSerializer<GenericRecord>(registry).serialize("articles", oldArticle());
        byte[] newBytes = new AvroSerializer<Article>(registry).serialize("articles", TestArticles.article("n"));
        assertThat(oldBytes[4]).isEqualTo((byte) v1);
        assertThat(newBytes[4]).isEqualTo((byte) v2);
        assertThat(deserializer.deserialize("articles", oldBytes).getId()).isEqualTo("old-1");
        assertThat(deserializer.deserialize("articles", newBytes)).isEqualTo(TestArticles.article("n"));
    }

    @Test
    void incompatibleChangeIsRefusedUnderBackward() {
        MockRegistryClient registry = new MockRegistryClient();
        registry.register("articles-value", Article.getClassSchema());
        Schema requiredNewField = new Schema.Parser().parse(ARTICLE_V1.toString().replace(
                "{\"name\":\"id\",", "{\"name\":\"desk\",\"type\":\"string\"},{\"name\":\"id\","));

        assertThat(registry.isCompatible("articles-value", requiredNewField)).isFalse();
        assertThatThrownBy(() -> registry.register("articles-value", requiredNewField))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("desk");
                });
        assertThat(registry.versions("articles-value")).containsExactly(1);

        registry.setCompatibility("articles-value", Compatibility.NONE);
        assertThat(registry.register("articles-value", requiredNewField)).isPositive();
    }

    @Test
    void readingWithAnIncompatibleClassFailsWithSerializationException() {
        MockRegistryClient registry = new MockRegistryClient();
        Schema other = new Schema.Parser().parse("""
                {"type": "record", "name": "Article", "namespace": "dev.copydesk.avro",
                 "fields": [{"name": "headline", "type": "string"}]}""");
        GenericRecord record = new GenericData.Record(other);
        record.put("headline", "x");
        byte[] bytes = new AvroSerializer<GenericRecord>(registry).serialize("odd", record);

        assertThatThrownBy(() -> new AvroDeserializer<Article>(registry, Article.class).deserialize("odd", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + registry.lookup("odd-value", other).getAsInt());
    }
}
