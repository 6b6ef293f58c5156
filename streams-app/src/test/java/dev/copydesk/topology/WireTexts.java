package dev.copydesk.topology;

import java.util.List;

/** Wire stories and outlet versions of them, written for these tests (fictional events). */
final class WireTexts {
    private WireTexts() {
    }

    static final List<String> PORT_STRIKE = List.of(
            "Dock workers at the port of Valmora walked off the job on Tuesday, halting the loading of grain ships for the first time in 14 years.",
            "The strike was called by the Harbour Workers Federation after talks with the port authority over wages collapsed late on Monday night.",
            "\"We have waited three years for a fair offer and we will not wait any longer,\" federation leader Tomas Ekdal told reporters outside the main gate.",
            "The port handles about 38 percent of the country's grain exports, and traders warned that prices could rise if the stoppage lasted more than a week.",
            "Port authority chief Miriam Solberg said the union's demand for an 11 percent pay rise was unaffordable and called for a return to mediation.",
            "At least 22 bulk carriers were waiting at anchor outside the harbour by Tuesday afternoon, according to shipping data.",
            "The transport ministry said it was monitoring the situation closely but had no plans to intervene for now.",
            "Wheat futures on the regional exchange climbed 2.4 percent in early trading as the news spread.",
            "The last major strike at Valmora, in 2010, lasted nine days and cost the economy an estimated 140 million dollars.",
            "Federation officials said picket lines would remain in place around the clock until a new offer was tabled.");

    /** An outlet's rewrite: dateline, synonyms, merged paragraphs, boilerplate, one sentence dropped. */
    static String portStrikeRewrite() {
        return "VALMORA (AFP) — Dockers at Valmora port walked off the job on Tuesday, stopping the loading of grain ships for the first time in 14 years.\n\n"
                + "ALSO READ | Ten things to know about the grain trade\n\n"
                + "The Harbour Workers Federation called the strike after wage talks with the port authority broke down late on Monday night. "
                + "\"We have waited three years for a fair offer and we will not wait any longer,\" union leader Tomas Ekdal said outside the main gate.\n\n"
                + "The port handles roughly 38 percent of the nation's grain exports, and traders cautioned that prices might rise if the stoppage lasted more than a week. "
                + "Port authority head Miriam Solberg stated that the union's demand for an 11 percent wage increase was unaffordable and urged a return to mediation.\n\n"
                + "Image Source: AFP\n\n"
                + "At least 22 bulk carriers were waiting at anchor off the harbour by Tuesday afternoon, shipping data showed. "
                + "Wheat futures on the regional exchange rose 2.4 percent in early trade as the news spread.\n\n"
                + "The last big strike at Valmora, in 2010, lasted nine days and cost the economy an estimated 140 million dollars.";
    }

    /** An independent report of the same strike: same names and facts, own sentences, one shared quote. */
    static String portStrikeOtherWire() {
        return "Grain shipments from Valmora ground to a standstill on Tuesday as members of the Harbour Workers Federation began an open-ended strike.\n\n"
                + "Union members gathered at dawn with banners demanding higher pay, and several hundred marched through the old town at midday.\n\n"
                + "\"We have waited three years for a fair offer and we will not wait any longer,\" Tomas Ekdal told reporters outside the main gate.\n\n"
                + "Farmers' groups inland said their silos were already full after a record harvest and feared spoilage if exports stayed blocked.\n\n"
                + "A spokesman for the port authority declined to comment on the state of negotiations, saying only that officials remained available.\n\n"
                + "Economists at a local bank estimated that each day of the strike would shave a small fraction off quarterly growth.\n\n"
                + "Residents near the harbour said the roads were unusually quiet, with lines of trucks parked on the ring road.";
    }

    static final List<String> SOLAR_PLANT = List.of(
            "The government of Estarra on Thursday approved the construction of a 900-megawatt solar farm in the southern desert province of Kalun.",
            "The project, led by the state utility and two foreign partners, is expected to cost 1.2 billion euros and to be completed by 2029.",
            "Energy minister Paolo Ferrante said the plant would supply power to around 600,000 homes and cut carbon emissions by 1.1 million tonnes a year.",
            "\"This is the largest single investment in clean energy in our history,\" Ferrante told a news conference in the capital.",
            "Environmental groups welcomed the decision but warned that the plant's water use for cleaning panels must be strictly limited.",
            "Local officials in Kalun said the construction phase would create about 3,000 jobs in a region where unemployment exceeds 20 percent.",
            "The utility plans to launch a tender for the panels and inverters before the end of the year.",
            "Estarra currently produces about 14 percent of its electricity from renewable sources, well below the regional average.",
            "The opposition criticised the choice of foreign partners and demanded that the contracts be published in full.",
            "Construction is due to begin next spring once the land leases have been signed.");

    static String paragraphs(List<String> sentences, int perParagraph) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            if (i > 0) {
                sb.append(i % perParagraph == 0 ? "\n\n" : " ");
            }
            sb.append(sentences.get(i));
        }
        return sb.toString();
    }
}
