package dev.copydesk.topology;

import static dev.copydesk.topology.TopologyFixture.article;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.copydesk.index.BandIndex;
import dev.copydesk.index.LongList;
import org.junit.jupiter.api.Test;

/**
 * A re-sent article (README, Guarantees: "An article id sent again keeps its first decision and the time it was
 * first indexed with") is posted a second time under the same ordinal (IndexProcessor.process: register() returns
 * the existing ordinal, then post() appends its band keys again). BandIndex.limit/keepEarliest assume "an article's
 * postings of one band are adjacent", so the re-sent article counts twice: a band of 8 articles (= the limit, not
 * full) is taken as full, and keepEarliest keeps the re-sent article twice and drops a real one.
 */
class ResentArticleBucketTest {
    static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");
    static final String WIRE = WireTexts.paragraphs(WireTexts.PORT_STRIKE, 1);

    private static List<String> linksOfTheNinthCopy(boolean resendTheWire) {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(article("wire", "afp.example", T0, "Valmora dock workers strike", WIRE));
            List<String> expected = new ArrayList<>(List.of("wire"));
            for (int i = 1; i <= 7; i++) { // 8 articles in every band of the story: exactly the bucket limit
                f.send(article("copy-" + i, "outlet" + i + ".example", T0.plusSeconds(60L * i), "Valmora strike", WIRE));
            }
            if (resendTheWire) {
                f.send(article("wire", "afp.example", T0, "Valmora dock workers strike", WIRE)); // the same record again
            }
            f.send(article("copy-9", "late.example", T0.plusSeconds(3600), "Valmora strike", WIRE));
            return f.annotations.get("copy-9").getLinkedTo();
        }
    }

    @Test
    void aResentArticleDoesNotChangeWhatALaterCopyIsLinkedTo() {
        List<String> without = linksOfTheNinthCopy(false);
        assertThat(without).hasSize(8); // the control: the wire and its 7 copies
        assertThat(linksOfTheNinthCopy(true)).as("linked_to after the wire was re-sent").isEqualTo(without);
    }

    @Test
    void bandIndexCountsAnArticlePostedTwiceOnce() {
        BandIndex index = new BandIndex();
        long[] none = new long[0];
        int a = index.register("a", 100, none);
        index.post(7L, a, 0);
        int b = index.register("b", 200, none);
        index.post(7L, b, 0);
        // "a" re-sent: the same ordinal comes back from register() and IndexProcessor posts its bands again
        assertThat(index.register("a", 100, none)).isEqualTo(a);
        index.post(7L, a, 0);

        LongList out = new LongList(8);
        boolean full = index.lookup(7L, 0, 1_000, 2, out);
        List<Integer> articles = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            articles.add((int) (out.get(i) >>> 32));
        }
        assertThat(articles).as("ordinals found").contains(a, b);
        assertThat(full).as("2 distinct articles, limit 2: not full").isFalse();
    }
}
