package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.ClusterMember;
import dev.copydesk.avro.StoryCluster;
import dev.copydesk.avro.internal.ShardPassage;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        // in a generated package but not a generated type: a schema can name it ("dev.copydesk.avro.Article.Builder")
        assertThat(AvroTrust.isOurs(Article.Builder.class)).isFalse();
        assertThatThrownBy(() -> SpecificData.get().getClass(
                SchemaBuilder.record("Builder").namespace("dev.copydesk.avro.Article").fields().endRecord()))
                .isInstanceOf(SecurityException.class);
        assertThat(AvroTrust.isOurs(java.io.File.class)).isFalse();
        assertThatThrownBy(() -> ClassSecurityValidator.validate(java.io.File.class)).isInstanceOf(SecurityException.class);
        Schema hostile = SchemaBuilder.record("ProcessBuilder").namespace("java.lang").fields().requiredString("command").endRecord();
        assertThatThrownBy(() -> SpecificData.get().getClass(hostile)).isInstanceOf(SecurityException.class);
    }

    /**
     * A deserializer without a type ({@code specific.avro.reader=true}, as Kafka builds it) meeting a registry schema
     * that names a class it may not load: a SerializationException (so the record is dead-lettered), not Avro's
     * SecurityException with its advice to trust the class.
     */
    @Test
    void anUntypedSpecificDeserializerRefusesAHostileWriterSchemaAsABadRecord() throws Exception {
        Schema hostile = SchemaBuilder.record("ProcessBuilder").namespace("java.lang").fields().requiredString("command").endRecord();
        MockRegistryClient registry = new MockRegistryClient();
        int id = registry.register("in-value", hostile);
        GenericRecord r = new GenericData.Record(hostile);
        r.put("command", "touch /tmp/pwned");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(hostile).write(r, enc);
        enc.flush();
        try (AvroDeserializer<Object> d = new AvroDeserializer<>(registry, null)) {
            d.configure(Map.of(AvroDeserializer.SPECIFIC_AVRO_READER, "true"), false);
            assertThatThrownBy(() -> d.deserialize("in", bytes.toByteArray()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.lang.ProcessBuilder")
                    .hasMessageContaining("not one of copydesk's generated types");
        }
    }

    /**
     * In a fresh JVM (the test JVM's trust is process-wide, so any earlier test would hide a missing call), the entry
     * points install the trust themselves: after the topology or the CLI is loaded, a generated builder deep-copies a
     * story cluster's members (as {@code ClusterMaintenance} does); without either it cannot, which shows the probe can
     * fail.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev.copydesk.topology.CopydeskTopology", "dev.copydesk.topology.ClusterMaintenance", "dev.copydesk.cli.Main", "none"})
    void entryPointsInstallTheTrustInAFreshJvm(String entryPoint) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CopyProbe.class.getName(), entryPoint);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).as(out).isEqualTo(entryPoint.equals("none") ? "refused" : "copied 1");
    }

    /** Loads the named class (running its static initializer), then copies a StoryCluster with one member. */
    static final class CopyProbe {
        public static void main(String[] args) throws Exception {
            if (!args[0].equals("none")) {
                Class.forName(args[0], true, CopyProbe.class.getClassLoader());
            }
            java.time.Instant t = java.time.Instant.EPOCH;
            StoryCluster c = StoryCluster.newBuilder().setClusterId("c").setCanonicalId("a").setCanonicalTitle("t")
                    .setMembers(List.of(ClusterMember.newBuilder().setArticleId("a").setSource("s").setTitle("t").setPublishedAt(t)
                            .setCopyShare(0).build()))
                    .setSize(1).setSourcesCount(1).setFirstSeen(t).setLastSeen(t).setVersion(1).build();
            try {
                System.out.println("copied " + StoryCluster.newBuilder(c).build().getMembers().size());
            } catch (SecurityException e) {
                System.out.println("refused");
            }
        }
    }
}
