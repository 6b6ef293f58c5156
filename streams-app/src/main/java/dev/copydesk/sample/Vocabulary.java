package dev.copydesk.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Word lists of the generator, read from {@code /sample/vocabulary.txt}: names, countries and cities,
 * company name parts, outlets and their habits, boilerplate lines. Sections start with {@code @name};
 * {@code #} starts a comment line.
 */
final class Vocabulary {
    /** A country with its adjective, capital, other cities and region. */
    record Country(String name, String adjective, String capital, List<String> cities, String region) {
    }

    /**
     * A publishing outlet. Flags: {@code m} mojibake in its CMS, {@code s} straight quotes, {@code c} credits
     * the wire agency, {@code 1} single newlines between paragraphs.
     */
    record Outlet(String domain, String name, String section, boolean mojibake, boolean straightQuotes,
                  boolean creditsWire, boolean singleNewlines) {
    }

    /** A news agency: name, domain and dateline style. */
    record Agency(String name, String domain, boolean curlyQuotes) {
    }

    static final List<Agency> AGENCIES = List.of(
            new Agency("AFP", "afp.com", true),
            new Agency("AP", "apnews.com", false),
            new Agency("Reuters", "reuters.com", true));

    private static final Vocabulary INSTANCE = load("/sample/vocabulary.txt");

    final List<String> femaleNames;
    final List<String> maleNames;
    final List<String> lastNames;
    final List<Country> countries;
    final List<String> companyPrefixes;
    final List<String> companySuffixes;
    final List<String> teamSuffixes;
    final List<Outlet> outlets;
    final List<String> alsoRead;
    final List<String> imageSources;
    final List<String> readMore;
    final List<String> footers;

    private Vocabulary(Map<String, List<String>> sections) {
        femaleNames = section(sections, "female");
        maleNames = section(sections, "male");
        lastNames = section(sections, "last");
        countries = section(sections, "countries").stream().map(Vocabulary::country).toList();
        companyPrefixes = section(sections, "company_prefix");
        companySuffixes = section(sections, "company_suffix");
        teamSuffixes = section(sections, "team_suffix");
        outlets = section(sections, "outlets").stream().map(Vocabulary::outlet).toList();
        alsoRead = section(sections, "also_read");
        imageSources = section(sections, "image_source");
        readMore = section(sections, "read_more");
        footers = section(sections, "footer");
    }

    static Vocabulary get() {
        return INSTANCE;
    }

    static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** Reads a sectioned resource: {@code @section} headers, one entry a line, {@code #} comments. */
    static Map<String, List<String>> readSections(String resource) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        try (InputStream in = Vocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> current = null;
            String line;
            while ((line = reader.readLine()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("@")) {
                    current = sections.computeIfAbsent(t.substring(1).strip(), k -> new ArrayList<>());
                } else if (current == null) {
                    throw new IllegalStateException(resource + ": entry before the first @section: " + t);
                } else {
                    current.add(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sections;
    }

    private static Vocabulary load(String resource) {
        return new Vocabulary(readSections(resource));
    }

    private static List<String> section(Map<String, List<String>> sections, String name) {
        List<String> list = sections.get(name);
        if (list == null || list.isEmpty()) {
            throw new IllegalStateException("vocabulary section @" + name + " missing or empty");
        }
        return List.copyOf(list);
    }

    private static Country country(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 5) {
            throw new IllegalStateException("country line needs name|adjective|capital|city,city|region: " + line);
        }
        return new Country(f[0], f[1], f[2], Arrays.asList(f[3].split(",")), f[4]);
    }

    private static Outlet outlet(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 4) {
            throw new IllegalStateException("outlet line needs domain|name|section|flags: " + line);
        }
        String flags = f[3];
        return new Outlet(f[0], f[1], f[2], flags.contains("m"), flags.contains("s"), flags.contains("c"),
                flags.contains("1"));
    }
}
