package dev.copydesk.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Story topics read from {@code /sample/topics.txt}. A topic declares its slots (people, places, numbers,
 * organisations) and its templates: {@code headline}, {@code lead}, {@code body} and {@code quote SLOT}
 * (a statement by the person bound to SLOT). The {@code generic} topic holds body sentences, quotes and outlet
 * {@code intro} sentences that fit any topic; they may only use the slots every topic declares
 * ({@link #GENERIC_SLOTS}).
 */
final class Topics {
    /** Slots every topic must bind so that generic templates fit it. */
    static final Set<String> GENERIC_SLOTS = Set.of("P1", "P2", "PLACE", "EVENT", "ISSUE", "GROUP", "AUTH");

    record Quote(String speaker, Template text) {
    }

    record SlotSpec(String name, String type, String args) {
        Bindings.Value bind(SplittableRandom r, Vocabulary v, Map<String, Bindings.Value> bound) {
            switch (type) {
                case "person": return person(r, v, bound);
                case "place": return place(r, v, bound);
                case "pick": {
                    String[] options = args.split("\\|");
                    return new Bindings.Fixed(options[r.nextInt(options.length)].strip());
                }
                case "forms": {
                    // correlated word forms: one group is chosen, [SLOT.n] picks its n-th form
                    String[] groups = args.split("\\|");
                    return new Bindings.Forms(groups[r.nextInt(groups.length)].strip().split(";"));
                }
                case "int": {
                    String[] f = args.split("\\s+");
                    long lo = Long.parseLong(f[0]);
                    long hi = Long.parseLong(f[1]);
                    long value = lo + r.nextLong(hi - lo + 1);
                    if (value >= 10_000) {
                        value = value / 100 * 100;
                    }
                    return new Bindings.Number(value, Text.groupThousands(value));
                }
                case "dec": {
                    String[] f = args.split("\\s+");
                    double lo = Double.parseDouble(f[0]);
                    double hi = Double.parseDouble(f[1]);
                    int digits = f.length > 2 ? Integer.parseInt(f[2]) : 1;
                    double value = lo + r.nextDouble() * (hi - lo);
                    String s = String.format(java.util.Locale.ROOT, "%." + digits + "f", value);
                    return new Bindings.Fixed(s);
                }
                case "company":
                    return new Bindings.Fixed(Vocabulary.pick(r, v.companyPrefixes) + " " + Vocabulary.pick(r, v.companySuffixes));
                case "team": {
                    Vocabulary.Country c = Vocabulary.pick(r, v.countries);
                    return new Bindings.Fixed(Vocabulary.pick(r, c.cities()) + " " + Vocabulary.pick(r, v.teamSuffixes));
                }
                default: throw new IllegalStateException("unknown slot type " + type);
            }
        }

        private Bindings.Value person(SplittableRandom r, Vocabulary v, Map<String, Bindings.Value> bound) {
            String[] roles = args.split("\\|");
            Set<String> taken = new HashSet<>();
            for (Bindings.Value b : bound.values()) {
                if (b instanceof Bindings.Person p) {
                    taken.add(p.last());
                }
            }
            String last;
            do {
                last = Vocabulary.pick(r, v.lastNames);
            } while (taken.contains(last));
            boolean female = r.nextBoolean();
            String first = Vocabulary.pick(r, female ? v.femaleNames : v.maleNames);
            return new Bindings.Person(first, last, female, roles[r.nextInt(roles.length)].strip());
        }

        private Bindings.Value place(SplittableRandom r, Vocabulary v, Map<String, Bindings.Value> bound) {
            Set<String> taken = new HashSet<>();
            for (Bindings.Value b : bound.values()) {
                if (b instanceof Bindings.Place p) {
                    taken.add(p.country().name());
                }
            }
            Vocabulary.Country c;
            do {
                c = Vocabulary.pick(r, v.countries);
            } while (taken.contains(c.name()));
            // the capital half of the time: most news happens there
            String city = r.nextBoolean() ? c.capital() : Vocabulary.pick(r, c.cities());
            return new Bindings.Place(c, city);
        }
    }

    record Topic(String name, String section, String kind, List<SlotSpec> slots, List<Template> headlines,
                 List<Template> leads, List<Template> bodies, List<Quote> quotes, List<Template> intros) {

        Bindings bind(SplittableRandom r, Vocabulary v, java.time.Instant time) {
            Map<String, Bindings.Value> values = new HashMap<>(Bindings.dateSlots(time));
            for (SlotSpec s : slots) {
                values.put(s.name(), s.bind(r, v, values));
            }
            return new Bindings(values, time);
        }
    }

    private static final Topics INSTANCE = load("/sample/topics.txt");

    final List<Topic> topics;
    /** The generic templates that fit each topic kind. */
    private final Map<String, Topic> genericByKind;

    private Topics(List<Topic> topics, Map<String, Topic> genericByKind) {
        this.topics = topics;
        this.genericByKind = genericByKind;
    }

    /** Generic templates fitting {@code topic}'s kind. */
    Topic genericFor(Topic topic) {
        return genericByKind.get(topic.kind());
    }

    static Topics get() {
        return INSTANCE;
    }

    private static Topics load(String resource) {
        Map<String, List<String>> sections = Vocabulary.readSections(resource);
        List<Topic> topics = new ArrayList<>();
        Topic generic = null;
        Map<Object, Set<String>> tags = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, List<String>> e : sections.entrySet()) {
            Topic t = parseTopic(e.getKey(), e.getValue(), tags);
            if (t.name().equals("generic")) {
                generic = t;
            } else {
                topics.add(t);
            }
        }
        if (generic == null || topics.isEmpty()) {
            throw new IllegalStateException(resource + " needs a 'generic' topic and at least one other");
        }
        Map<String, Topic> genericByKind = new HashMap<>();
        for (Topic t : topics) {
            validate(t, generic);
            tryExpand(t, generic);
            Topic g = generic;
            genericByKind.computeIfAbsent(t.kind(), kind -> new Topic("generic", g.section(), kind, g.slots(), g.headlines(),
                    g.leads(), fitting(g.bodies(), kind, tags), fitting(g.quotes(), kind, tags), fitting(g.intros(), kind, tags)));
        }
        return new Topics(List.copyOf(topics), genericByKind);
    }

    private static <T> List<T> fitting(List<T> templates, String kind, Map<Object, Set<String>> tags) {
        return templates.stream().filter(t -> !tags.containsKey(t) || tags.get(t).contains(kind)).toList();
    }

    private static Topic parseTopic(String header, List<String> lines, Map<Object, Set<String>> tags) {
        String[] h = header.split("\\s+");
        if (h.length < 2 || !h[0].equals("topic")) {
            throw new IllegalStateException("section header must be '@topic name section': " + header);
        }
        String name = h[1];
        String section = h.length > 2 ? h[2] : "news";
        String topicKind = h.length > 3 ? h[3] : "policy";
        List<SlotSpec> slots = new ArrayList<>();
        List<Template> headlines = new ArrayList<>();
        List<Template> leads = new ArrayList<>();
        List<Template> bodies = new ArrayList<>();
        List<Quote> quotes = new ArrayList<>();
        List<Template> intros = new ArrayList<>();
        for (String line : lines) {
            int sp = line.indexOf(' ');
            String kind = sp < 0 ? line : line.substring(0, sp);
            String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
            Set<String> kinds = null;
            int colon = kind.indexOf(':');
            if (colon > 0) {
                kinds = Set.of(kind.substring(colon + 1).split(","));
                kind = kind.substring(0, colon);
            }
            int before = headlines.size() + leads.size() + bodies.size() + quotes.size() + intros.size();
            try {
                switch (kind) {
                    case "slot": {
                        String[] f = rest.split("\\s+", 3);
                        slots.add(new SlotSpec(f[0], f[1], f.length > 2 ? f[2] : ""));
                        break;
                    }
                    case "headline": headlines.add(Template.parse(rest)); break;
                    case "lead": leads.add(Template.parse(rest)); break;
                    case "body": bodies.add(Template.parse(rest)); break;
                    case "intro": intros.add(Template.parse(rest)); break;
                    case "quote": {
                        int s2 = rest.indexOf(' ');
                        quotes.add(new Quote(rest.substring(0, s2), Template.parse(rest.substring(s2 + 1).strip())));
                        break;
                    }
                    default: throw new IllegalStateException("unknown line kind '" + kind + "'");
                }
                if (kinds != null && before < headlines.size() + leads.size() + bodies.size() + quotes.size() + intros.size()) {
                    tags.put(last(kind, headlines, leads, bodies, quotes, intros), kinds);
                }
            } catch (RuntimeException ex) {
                throw new IllegalStateException("topic " + name + ": bad line: " + line + " (" + ex.getMessage() + ")", ex);
            }
        }
        return new Topic(name, section, topicKind, slots, headlines, leads, bodies, quotes, intros);
    }

    private static Object last(String kind, List<Template> headlines, List<Template> leads, List<Template> bodies,
                               List<Quote> quotes, List<Template> intros) {
        switch (kind) {
            case "headline": return headlines.get(headlines.size() - 1);
            case "lead": return leads.get(leads.size() - 1);
            case "body": return bodies.get(bodies.size() - 1);
            case "quote": return quotes.get(quotes.size() - 1);
            default: return intros.get(intros.size() - 1);
        }
    }

    /** Expands every template of the topic under a few bindings, so a bad slot part fails at load, not mid-run. */
    private static void tryExpand(Topic t, Topic generic) {
        Vocabulary v = Vocabulary.get();
        for (long seed = 0; seed < 6; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Bindings b = t.bind(r, v, java.time.Instant.EPOCH);
            List<Template> all = new ArrayList<>();
            all.addAll(t.headlines());
            all.addAll(t.leads());
            all.addAll(t.bodies());
            all.addAll(t.intros());
            t.quotes().forEach(q -> all.add(q.text()));
            all.addAll(generic.bodies());
            all.addAll(generic.intros());
            generic.quotes().forEach(q -> all.add(q.text()));
            for (Template tpl : all) {
                try {
                    tpl.expand(new Bindings.Context(r, b));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("topic " + t.name() + ": cannot expand " + tpl + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Fails fast at class load when a template names a slot its topic does not bind. */
    private static void validate(Topic t, Topic generic) {
        Set<String> bound = new HashSet<>(Bindings.dateSlots(java.time.Instant.EPOCH).keySet());
        t.slots().forEach(s -> bound.add(s.name()));
        if (!bound.containsAll(GENERIC_SLOTS)) {
            Set<String> missing = new HashSet<>(GENERIC_SLOTS);
            missing.removeAll(bound);
            throw new IllegalStateException("topic " + t.name() + " lacks generic slots " + missing);
        }
        if (t.headlines().size() < 2 || t.leads().size() < 2 || t.quotes().isEmpty()) {
            throw new IllegalStateException("topic " + t.name() + " needs >= 2 headlines, >= 2 leads and quotes");
        }
        List<Template> all = new ArrayList<>();
        all.addAll(t.headlines());
        all.addAll(t.leads());
        all.addAll(t.bodies());
        all.addAll(t.intros());
        t.quotes().forEach(q -> {
            all.add(q.text());
            if (!bound.contains(q.speaker())) {
                throw new IllegalStateException("topic " + t.name() + ": quote speaker " + q.speaker() + " unbound");
            }
        });
        for (Template tpl : all) {
            for (String slot : tpl.slots()) {
                if (!bound.contains(slot)) {
                    throw new IllegalStateException("topic " + t.name() + ": template uses unbound [" + slot + "]: " + tpl);
                }
            }
        }
        List<Template> genericAll = new ArrayList<>(generic.bodies());
        genericAll.addAll(generic.intros());
        generic.quotes().forEach(q -> genericAll.add(q.text()));
        for (Template tpl : genericAll) {
            for (String slot : tpl.slots()) {
                if (!GENERIC_SLOTS.contains(slot) && !bound.contains(slot)) {
                    throw new IllegalStateException("generic template uses non-generic [" + slot + "]: " + tpl);
                }
            }
        }
    }
}
