package dev.copydesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copydesk.avro.AnnotatedArticle;
import dev.copydesk.avro.Article;
import dev.copydesk.sample.LabelledArticle;

/**
 * A labelled corpus cut in two in publication order: the earlier half, and the rewrites in the later half of
 * wire stories from the earlier half, which must link across the cut (to what a restart or a preload put
 * before it).
 */
public record Halves(List<LabelledArticle> corpus, List<LabelledArticle> earlier, List<Article> laterRewrites) {

    public static Halves of(List<LabelledArticle> corpus) {
        List<LabelledArticle> earlier = corpus.subList(0, corpus.size() / 2);
        Set<String> earlierWires = earlier.stream().filter(l -> l.kind() == LabelledArticle.Kind.WIRE)
                .map(l -> l.article().getId()).collect(Collectors.toSet());
        List<Article> later = corpus.subList(corpus.size() / 2, corpus.size()).stream()
                .filter(l -> l.kind() == LabelledArticle.Kind.REWRITE && earlierWires.contains(l.copyClusterId()))
                .map(LabelledArticle::article).toList();
        assertThat(later).as("rewrites of the earlier wire stories in the sample").hasSizeGreaterThanOrEqualTo(3);
        return new Halves(corpus, earlier, later);
    }

    /** Each later rewrite is linked to an article of the earlier half, and only to copies of its own story. */
    public void assertLinkedAcrossTheCut(Collection<AnnotatedArticle> annotated) {
        Map<String, String> wireOf = corpus.stream().collect(Collectors.toMap(l -> l.article().getId(), LabelledArticle::copyClusterId));
        Set<String> earlierIds = earlier.stream().map(l -> l.article().getId()).collect(Collectors.toSet());
        Set<String> laterIds = laterRewrites.stream().map(Article::getId).collect(Collectors.toSet());
        List<AnnotatedArticle> later = annotated.stream().filter(a -> laterIds.contains(a.getId())).toList();
        assertThat(later).hasSize(laterRewrites.size());
        for (AnnotatedArticle a : later) {
            // to the earlier half: the later copies could also find each other
            assertThat(a.getLinkedTo()).as(a.getId() + " linked to an article from before the cut").anyMatch(earlierIds::contains);
            assertThat(a.getLinkedTo()).as(a.getId()).allMatch(id -> wireOf.get(id).equals(wireOf.get(a.getId())));
        }
    }
}
