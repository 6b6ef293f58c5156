package dev.copydesk.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSeedLabels() throws IOException {
        Path file = SharedData.dir().resolve("seeds/labels.json");
        SharedData.assumePresent(file);
        Labels labels = Labels.read(file);
        Map<String, String> copy = labels.copyCluster();
        assertThat(copy).hasSize(5);
        // 000, 001, 002 are one AFP copy group; 003 and 004 are their own copy clusters
        assertThat(copy.get("000_d7952e7ffe9ffabc")).isEqualTo(copy.get("001_f5355585b5611a4b"))
                .isEqualTo(copy.get("002_605a4f63f9a37858"));
        assertThat(copy.get("003_fdf5bc142029436b")).isEqualTo("003_fdf5bc142029436b");
        assertThat(copy.get("004_ca967a8cb344c277")).isEqualTo("004_ca967a8cb344c277");
        // all five are one story
        assertThat(labels.storyCluster().values()).hasSize(5).containsOnly(labels.storyCluster().get("003_fdf5bc142029436b"));
    }

    @Test
    void seedShapeWithArticlesOutsideAnyStory() throws IOException {
        Path file = dir.resolve("labels.json");
        Files.writeString(file, """
                {"story_clusters": [["b", "a"]],
                 "wire_copy_groups": [{"wire": "AP", "members": ["c", "d"]}],
                 "not_copy": [["a", "e"]]}
                """);
        Labels labels = Labels.read(file);
        assertThat(labels.copyCluster()).containsOnly(Map.entry("a", "a"), Map.entry("b", "b"), Map.entry("c", "c"),
                Map.entry("d", "c"), Map.entry("e", "e"));
        assertThat(labels.storyCluster()).containsOnly(Map.entry("a", "a"), Map.entry("b", "a"), Map.entry("c", "c"),
                Map.entry("d", "c"), Map.entry("e", "e"));
    }

    @Test
    void readsJsonLinesWithAndWithoutStory() throws IOException {
        Path file = dir.resolve("labels.jsonl");
        Files.writeString(file, """
                {"id": "a", "cluster": "a", "story": "s1", "kind": "wire"}
                {"id": "b", "cluster": "a", "story": "s1"}

                {"id": "c", "cluster": 7}
                """);
        Labels labels = Labels.read(file);
        assertThat(labels.copyCluster()).containsOnly(Map.entry("a", "a"), Map.entry("b", "a"), Map.entry("c", "7"));
        assertThat(labels.storyCluster()).containsOnly(Map.entry("a", "s1"), Map.entry("b", "s1"), Map.entry("c", "7"));
    }

    @Test
    void readsGzippedLabels() throws IOException {
        Path file = dir.resolve("labels.data");
        try (java.io.Writer w = ArchiveWriter.openText(dir.resolve("labels.jsonl.gz"))) {
            w.write("{\"id\": \"a\", \"cluster\": \"a\"}\n{\"id\": \"b\", \"cluster\": \"a\"}\n");
        }
        Files.move(dir.resolve("labels.jsonl.gz"), file);
        assertThat(Labels.read(file).copyCluster()).containsOnly(Map.entry("a", "a"), Map.entry("b", "a"));
    }

    @Test
    void rejectsLabelsWithoutCluster() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"id\": \"a\", \"cluster\": \"a\"}\n{\"id\": \"b\"}\n");
        assertThatThrownBy(() -> Labels.read(file)).isInstanceOf(IOException.class).hasMessageContaining("cluster");
    }
}
