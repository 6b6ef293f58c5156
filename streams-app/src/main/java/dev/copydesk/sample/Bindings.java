package dev.copydesk.sample;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The facts of one news event: who (people with roles), where, which organisations and numbers. Every article
 * about the event (the wire story, its rewrites, independent reports) is written from the same bindings, so
 * names and figures agree across them.
 */
final class Bindings {
    /** One bound slot; {@code part} selects a form (e.g. a person's {@code last} name). */
    interface Value {
        String part(String part, Context ctx);
    }

    /** Expansion state of one article: its random source and which people it has already introduced. */
    static final class Context {
        private final SplittableRandom random;
        private final Bindings bindings;
        private final Set<String> introduced = new HashSet<>();

        Context(SplittableRandom random, Bindings bindings) {
            this.random = random;
            this.bindings = bindings;
        }

        SplittableRandom random() {
            return random;
        }

        Bindings bindings() {
            return bindings;
        }

        /** True the first time {@code slot} is mentioned in this article. */
        boolean firstMention(String slot) {
            return introduced.add(slot);
        }
    }

    record Person(String first, String last, boolean female, String role) implements Value {
        @Override
        public String part(String part, Context ctx) {
            switch (part) {
                case "first": return first;
                case "last": return last;
                case "full": return first + " " + last;
                case "role": return role;
                case "title":
                    ctx.firstMention(role + last);
                    return role + " " + first + " " + last;
                case "he": return female ? "she" : "he";
                case "his": return female ? "her" : "his";
                case "him": return female ? "her" : "him";
                case "":
                case "ref":
                    return ctx.firstMention(role + last) ? role + " " + first + " " + last : last;
                default: throw new IllegalArgumentException("unknown person part '" + part + "'");
            }
        }
    }

    record Place(Vocabulary.Country country, String city) implements Value {
        @Override
        public String part(String part, Context ctx) {
            switch (part) {
                case "":
                case "city": return city;
                case "CITY": return city.toUpperCase(Locale.ROOT);
                case "capital": return country.capital();
                case "country": return country.name();
                case "adj": return country.adjective();
                case "region": return country.region();
                default: throw new IllegalArgumentException("unknown place part '" + part + "'");
            }
        }
    }

    record Fixed(String text) implements Value {
        @Override
        public String part(String part, Context ctx) {
            return text;
        }
    }

    /** Correlated forms (e.g. raises;raised;hike): {@code [SLOT]} is the first, {@code [SLOT.n]} the n-th. */
    record Forms(String[] forms) implements Value {
        @Override
        public String part(String part, Context ctx) {
            int i = part.isEmpty() ? 0 : Integer.parseInt(part);
            if (i >= forms.length) {
                throw new IllegalArgumentException("form " + i + " of " + String.join(";", forms) + " does not exist");
            }
            return forms[i];
        }
    }

    record Number(long value, String formatted) implements Value {
        @Override
        public String part(String part, Context ctx) {
            switch (part) {
                case "": return formatted;
                case "raw": return Long.toString(value);
                case "half": return Text.groupThousands(value / 2);
                case "double": return Text.groupThousands(value * 2);
                case "ord": return value + ordinalSuffix(value); // 81st, 52nd, 63rd (the templates wrote "81th")
                default: throw new IllegalArgumentException("unknown number part '" + part + "'");
            }
        }
    }

    /** The English ordinal suffix of {@code n}: st, nd, rd, or th (also for 11, 12 and 13). */
    static String ordinalSuffix(long n) {
        long tens = Math.abs(n) % 100;
        if (tens >= 11 && tens <= 13) {
            return "th";
        }
        switch ((int) (Math.abs(n) % 10)) {
            case 1: return "st";
            case 2: return "nd";
            case 3: return "rd";
            default: return "th";
        }
    }

    private final Map<String, Value> values;
    private final Instant time;

    Bindings(Map<String, Value> values, Instant time) {
        this.values = values;
        this.time = time;
    }

    Instant time() {
        return time;
    }

    Value get(String slot) {
        return values.get(slot);
    }

    String value(String slot, String part, Context ctx) {
        Value v = values.get(slot);
        if (v == null) {
            throw new IllegalArgumentException("template refers to unbound slot [" + slot + "]");
        }
        return v.part(part, ctx);
    }

    /** Person slots, for the names a rewrite must keep. */
    List<Person> people() {
        return values.values().stream().filter(v -> v instanceof Person).map(v -> (Person) v).toList();
    }

    /** Built-in date slots derived from the event time. */
    static Map<String, Value> dateSlots(Instant time) {
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        Map<String, Value> m = new HashMap<>();
        m.put("DAY", new Fixed(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        m.put("PREVDAY", new Fixed(t.minusDays(1).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        m.put("DATE", new Fixed(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + t.getDayOfMonth()));
        m.put("MONTH", new Fixed(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        m.put("NEXTMONTH", new Fixed(t.plusMonths(1).getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        m.put("YEAR", new Fixed(Integer.toString(t.getYear())));
        m.put("LASTYEAR", new Fixed(Integer.toString(t.getYear() - 1)));
        return m;
    }
}
