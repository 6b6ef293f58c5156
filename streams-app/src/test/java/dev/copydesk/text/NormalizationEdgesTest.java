package dev.copydesk.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Copy pairs must normalize alike: cases a second review of the normalization fixes found (datelines of agencies
 * outside the list and "(Reuters) -" kept, bylines with a job title and the parenthesized Reuters credit kept,
 * subjects before an apposition cut, isolated Vietnamese and Romanian mojibake left, a clean "\u00d7" before an
 * NBSP turned into Hebrew).
 */
class NormalizationEdgesTest {
    private final TextPipeline pipeline = TextPipeline.defaults();

    private String text(String body) {
        return pipeline.process(null, body).text();
    }

    private static String mangle(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), Charset.forName("windows-1252"));
    }

    /** Datelines of agencies beyond the big ones, and of an agency's desk ("Jiji Press", "dpa-AFX"), are cut. */
    @Test
    void datelinesOfAgenciesOutsideTheListAreCut() {
        String[][] cases = {
            {"Kyiv (Ukrinform) - ", "Russian forces shelled the city of Kharkiv overnight, regional officials said."},
            {"Jerusalem (JTA) \u2014 ", "The Israeli government approved a new budget on Monday after weeks of talks."},
            {"Islamabad (APP) - ", "Prime Minister Shehbaz Sharif chaired a meeting of the cabinet on Monday."},
            {"Hanoi (VNA) - ", "Vietnam's economy grew 5.7 percent in the second quarter, official data showed."},
            {"Tokyo, June 17 (Jiji Press) -- ", "Japan's economy shrank in the first quarter, government data showed."},
            {"New York (CNN Business) \u2014 ", "Apple shares rose sharply on Monday after the company unveiled its software."},
            {"FRANKFURT (dpa-AFX) - ", "German shares rose sharply on Monday as investors cheered the data."},
            {"LONDON (Reuters Breakingviews) - ", "Britain's biggest banks face a tougher year ahead as rates fall."},
        };
        for (String[] c : cases) {
            assertThat(text(c[0] + c[1])).as(c[0]).isEqualTo(text(c[1]));
        }
    }

    /** Reuters copy often starts with "(Reuters) -" and no place. */
    @Test
    void reutersDatelineWithoutPlaceIsCut() {
        String s = "The U.S. Supreme Court on Monday rejected an appeal by the former president.";
        assertThat(text("(Reuters) - " + s)).isEqualTo(text(s));
    }

    /** A sentence's subject before an apposition between dashes, or before a lower-case clause, is not a dateline. */
    @Test
    void aSubjectBeforeADashIsKept() {
        for (String s : new String[] {
                "ECOWAS - West Africa's regional bloc - said on Sunday it would send troops to restore order.",
                "ANC - South Africa's governing party since 1994 - lost its majority in the election, results showed.",
                "The British Broadcasting Corporation (BBC) \u2014 which is funded by a licence fee \u2014 said on Monday it would cut jobs.",
                "Agence France-Presse (AFP) - one of the world's three big news agencies - said on Monday it would open a bureau."}) {
            assertThat(text(s)).as(s).isEqualTo(TextPipeline.normalize(s));
        }
    }

    /**
     * A well-known acronym before a dash and a capitalized sentence is the sentence's subject, not a dateline's
     * place ("OSCE - The mission said" lost "OSCE"); a city in capitals is still a place.
     */
    @Test
    void anOrganizationAcronymBeforeADashIsKept() {
        for (String s : new String[] {
                "OSCE - The mission said on Monday it had recorded more than 300 explosions in the region.",
                "IAEA \u2014 The agency's inspectors visited the plant on Monday and found no damage to the reactors.",
                "ECOWAS - The regional bloc said on Sunday it would send troops to restore order.",
                "AU: The African Union suspended the country after the coup, its council said.",
                "ICJ - The court ordered Israel on Friday to halt its offensive in Rafah.",
                "UNRWA - The agency said on Monday it had run out of fuel for its generators.",
                "ICRC, Geneva - The Red Cross said on Monday it had lost contact with its staff."}) {
            assertThat(text(s)).as(s).isEqualTo(TextPipeline.normalize(s));
        }
        String[][] datelines = {
            {"PARIS - ", "The president said on Monday he would call a snap election."},
            {"GAZA CITY \u2014 ", "The strikes hit the north of the strip overnight, residents said."},
            {"KYIV, Ukraine (AP) \u2014 ", "Russian forces shelled the city of Kharkiv overnight, officials said."},
            {"AUCKLAND - ", "The New Zealand government said on Monday it would raise the minimum wage."},
        };
        for (String[] c : datelines) {
            assertThat(text(c[0] + c[1])).as(c[0]).isEqualTo(c[1]);
        }
    }

    /** Bylines with a lower-case job title are whole credits too. */
    @Test
    void bylinesWithAJobTitleAreDropped() {
        String next = "The talks resumed in Geneva on Monday after a pause of two weeks.";
        for (String byline : new String[] {
                "By Jane Doe, senior correspondent", "By Jane Doe, chief political correspondent",
                "By Jane Doe, business reporter", "By Jane Doe, AFP news agency"}) {
            assertThat(text(byline + "\n" + next)).as(byline).isEqualTo(next);
        }
    }

    /** The parenthesized Reuters footer "(Reporting by ...; Editing by ...)" is a credit. */
    @Test
    void parenthesizedReutersCreditIsDropped() {
        String last = "The talks resumed in Geneva on Monday after a pause of two weeks.";
        assertThat(text(last + "\n(Reporting by Jane Doe; Editing by John Roe)")).isEqualTo(last);
    }

    /** The Indian wires' footer "(With inputs from PTI)" is a credit; a sentence that starts the same way is not. */
    @Test
    void withInputsFromFooterIsDropped() {
        String last = "The talks resumed in Geneva on Monday after a pause of two weeks.";
        for (String footer : new String[] {"(With inputs from PTI)", "With inputs from agencies", "(With inputs from agencies.)",
                "(with agency inputs from ANI and IANS)", "With inputs from Reuters, AFP"}) {
            assertThat(text(last + "\n" + footer)).as(footer).isEqualTo(last);
        }
        String sentence = "With inputs from farmers rising again, the ministry raised its forecast for the harvest.";
        assertThat(text(last + "\n" + sentence)).isEqualTo(last + "\n" + sentence);
    }

    /** Vietnamese and Romanian letters whose mojibake looks like a letter and punctuation are repaired alone too. */
    @Test
    void isolatedVietnameseAndRomanianMojibakeIsRepaired() {
        for (String clean : new String[] {
                "Nguy\u1ec5n said the talks had gone well.",
                "The ceremony took place in H\u1ed3 Ch\u00ed Minh City on Monday.",
                "Minister T\u1eeb Anh spoke on Monday.",
                "The port of Constan\u021ba on the Black Sea was hit by drones."}) {
            assertThat(Mojibake.repair(mangle(clean))).as(mangle(clean)).isEqualTo(clean);
        }
    }

    /** A clean multiplication sign before an NBSP is not Hebrew mojibake. */
    @Test
    void cleanMultiplicationSignBeforeNbspIsKept() {
        String clean = "She ran the anchor leg of the 4\u00a0\u00d7\u00a0100\u00a0m relay.";
        assertThat(Mojibake.repair(clean)).isEqualTo(clean);
    }
}
