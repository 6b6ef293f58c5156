package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ShardPassage;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/** Avro 1.12.2 resolves classes named by schemas only when trusted: copydesk's generated types are, nothing else is. */
class AvroTrustTest {
    @Test
    void ourGeneratedTypesResolveByName() {
        AvroTrust.ourTypes();
        // a nested record of an internal type, resolved by its schema's name as a specific reader does
        Schema nested = ShardPassage.getClassSchema();
        assertThat(SpecificData.get().getClass(nested)).isEqualTo(ShardPassage.class);
        ClassSecurityValidator.validate(Article.class);
    }

    @Test
    void aSchemaNamingAnyOtherClassIsStillRefused() {
        AvroTrust.ourTypes();
        assertThat(AvroTrust.isOurs(Article.class)).isTrue();
        assertThat(AvroTrust.isOurs(AvroTrust.class)).as("not a generated type").isFalse();
        assertThat(AvroTrust.isOurs(java.io.File.class)).isFalse();
        assertThatThrownBy(() -> ClassSecurityValidator.validate(java.io.File.class)).isInstanceOf(SecurityException.class);
        // a record schema from elsewhere that names a JDK class is not instantiated
        Schema hostile = SchemaBuilder.record("ProcessBuilder").namespace("java.lang").fields().requiredString("command").endRecord();
        assertThatThrownBy(() -> SpecificData.get().getClass(hostile)).isInstanceOf(SecurityException.class);
    }
}
