package dev.copydesk.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.copydesk.config.Settings;
import dev.copydesk.replay.OfflineRunner;
import dev.copydesk.sample.GeneratedCorpus;
import dev.copydesk.sample.LabelledArticle;
import dev.copydesk.sample.WireStoryGenerator;
import org.junit.jupiter.api.Test;

/** The quality gate: on the generator's default labelled set, link F1 ≥ 0.95 and no story merged with another. */
class GeneratedQualityTest {

    @Test
    void defaultLabelledSetMeetsTheQualityBar() {
        GeneratedCorpus corpus = new WireStoryGenerator(20260322L).generate(600, Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(1));
        OfflineRunner.Result r = OfflineRunner.run(corpus.articles(), Settings.defaults(), null);
        Map<String, String> truth = new HashMap<>();
        Map<String, String> story = new HashMap<>();
        for (LabelledArticle l : corpus.labels()) {
            truth.put(l.id(), l.copyClusterId());
            story.put(l.id(), l.storyId());
        }
        Evaluation.Metrics m = Evaluation.evaluate(r.finalClusters(), truth, story);
        System.out.println("generated set (600 articles, seed 20260322): " + m);
        assertThat(m.articles()).isEqualTo(600);
        assertThat(m.crossStoryClusters()).as("clusters that mix unrelated stories").isZero();
        assertThat(m.f1()).as("pairwise link F1").isGreaterThanOrEqualTo(0.95);
    }
}
