package dev.copydesk.sample;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template language, synonym substitution and sentence surgery the generator is built from. */
class TextMachineryTest {
    private static Bindings.Context context(long seed) {
        Map<String, Bindings.Value> values = new HashMap<>(Bindings.dateSlots(Instant.parse("2024-06-17T08:00:00Z")));
        values.put("P1", new Bindings.Person("Maria", "Santos", true, "Health Minister"));
        values.put("DIR", new Bindings.Forms(new String[] {"raises", "raised", "hike"}));
        return new Bindings.Context(new SplittableRandom(seed), new Bindings(values, Instant.EPOCH));
    }

    @Test
    void templatesExpandChoicesSlotsAndMentions() {
        Template t = Template.parse("[P1.ref] {said|{told|assured} reporters} on [DAY] that {the bank|it} [DIR.1] rates{| again}.");
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            String s = t.expand(context(seed));
            assertThat(s).startsWith("Health Minister Maria Santos ").contains(" on Monday that ").contains(" raised rates")
                    .doesNotContain("  ").endsWith(".");
            seen.add(s);
        }
        assertThat(seen).hasSize(3 * 2 * 2);
        // the second mention of a person in one article uses the surname
        Bindings.Context ctx = context(1);
        Template ref = Template.parse("[P1.ref] spoke.");
        assertThat(ref.expand(ctx)).isEqualTo("Health Minister Maria Santos spoke.");
        assertThat(ref.expand(ctx)).isEqualTo("Santos spoke.");
        assertThat(Template.parse("{the|} {minister|[P1.his] deputy} said .").expand(context(3))).doesNotContain("  ", " .");
    }

    @Test
    void malformedTemplatesAreRejected() {
        assertThatThrownBy(() -> Template.parse("{a|b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Template.parse("[SLOT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Template.parse("x [NOPE] y").expand(context(0))).hasMessageContaining("NOPE");
    }

    @Test
    void synonymsSpareQuotesNamesAndNumbers() {
        Synonyms synonyms = Synonyms.get();
        String sentence = "Officials said more than 1,200 people were evacuated, but Santos said: “We said enough.”";
        String out = synonyms.apply(sentence, 1.0, new SplittableRandom(7));
        assertThat(out).isNotEqualTo(sentence)
                .startsWith("Officials ")                 // capitalised words stay
                .contains("1,200", "Santos", "“We said enough.”")
                .doesNotContain("more than");            // replaced with p = 1
        assertThat(synonyms.apply(sentence, 0.0, new SplittableRandom(7))).isEqualTo(sentence);
    }

    @Test
    void clausesMoveAndNamesKeepTheirCapitals() {
        Draft.Sentence s = Draft.Sentence.plain("On Tuesday, the storm killed 12 people in Lyon.");
        assertThat(Rewriter.reordered(s, new SplittableRandom(1)).text()).isEqualTo("The storm killed 12 people in Lyon on Tuesday.");
        Draft.Sentence said = Draft.Sentence.plain("Over 4,000 people were evacuated from coastal areas, the interior ministry said.");
        assertThat(Rewriter.reordered(said, new SplittableRandom(1)).text())
                .isEqualTo("The interior ministry said over 4,000 people were evacuated from coastal areas.");
        Draft.Sentence named = Draft.Sentence.plain("Santos resigned from the cabinet after the vote collapsed in parliament.");
        assertThat(Rewriter.reordered(named, new SplittableRandom(1)).text())
                .isEqualTo("After the vote collapsed in parliament, Santos resigned from the cabinet.");

        assertThat(Text.decapitalize("Officials said so.")).isEqualTo("officials said so.");
        assertThat(Text.decapitalize("Santos said so.")).isEqualTo("Santos said so.");
        assertThat(Text.decapitalize("I said so.")).isEqualTo("I said so.");
    }

    @Test
    void reportedSpeechShiftsPluralPronounsAndSkipsTheFirstPersonSingular() {
        assertThat(StoryWriter.reportedSpeech("We will protect our workers and help us all."))
                .isEqualTo("They will protect their workers and help them all.");
        assertThat(StoryWriter.reportedSpeech("I am proud of my team.")).isNull();
    }

    @Test
    void mojibakeLooksLikeUtf8ReadAsWindows1252() {
        assertThat(Text.mojibake("Russia’s “friendly” visit — Paris", false))
                .isEqualTo("Russiaâ€™s â€œfriendlyâ€\u009d visit â€” Paris");
        assertThat(Text.straightQuotes("“It’s”")).isEqualTo("\"It's\"");
    }
}
