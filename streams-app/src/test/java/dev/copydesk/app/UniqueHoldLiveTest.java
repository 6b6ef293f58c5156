package dev.copydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.config.Settings;
import dev.copydesk.replay.OfflineRunner;
import dev.copydesk.sample.WireStoryGenerator;
import dev.copydesk.testing.AppHarness;
import org.junit.jupiter.api.Test;

/**
 * The hold before {@code articles.unique} on the real broker (exactly_once_v2, RocksDB stores): a generated corpus sent
 * newest first on one partition, so that every copy is processed before its original, decided unique, then linked late
 * when the original comes. What reaches {@code articles.unique} must be what the same corpus gives in time order offline.
 */
class UniqueHoldLiveTest {
    @Test
    void copiesDecidedBeforeTheirOriginalsNeverReachTheUniqueTopic() throws Exception {
        List<Article> corpus = new WireStoryGenerator(11).generate(120, Instant.parse("2026-02-02T06:00:00Z"), Duration.ofHours(4))
                .articles();
        OfflineRunner.Result inOrder = OfflineRunner.run(corpus, Settings.defaults().with(Settings.STORE_TYPE, "memory"), null);
        List<Article> newestFirst = new ArrayList<>(corpus);
        Collections.reverse(newestFirst);
        try (AppHarness h = new AppHarness("unique-hold", 1, Map.of(Settings.STORE_TYPE, "rocksdb",
                Settings.UNIQUE_HOLD, "10s"))) {
            h.startInstance();
            h.awaitAllRunning();
            h.send(newestFirst);
            List<AnnotatedArticle> annotated = h.awaitOutputs(corpus.size(), Duration.ofSeconds(90), Duration.ofSeconds(1)).annotated();
            long decidedUnique = annotated.stream().filter(AnnotatedArticle::getUnique).count();
            assertThat(decidedUnique).as("copies were decided before their originals came")
                    .isGreaterThan(inOrder.unique().size());
            List<String> published = h.awaitKeys(h.settings.get(Settings.UNIQUE_TOPIC), Duration.ofSeconds(90), Duration.ofSeconds(12));
            assertThat(published).as("once each").doesNotHaveDuplicates();
            assertThat(new HashSet<>(published)).as("articles.unique, newest first live, against time order offline")
                    .isEqualTo(new HashSet<>(inOrder.unique()));
        }
    }
}
