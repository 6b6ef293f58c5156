package dev.copydesk.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * copydesk's configuration: one flat map of string keys, merged from (lowest to highest precedence)
 * built-in defaults, a properties file ({@code --config FILE}), environment variables and command-line
 * flags.
 *
 * <p>Environment variables: {@code COPYDESK_FOO_BAR} sets the app setting {@code copydesk.foo.bar};
 * {@code KAFKA_FOO_BAR} sets the Kafka / Streams / client setting {@code foo.bar} (for example
 * {@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}, {@code KAFKA_SCHEMA_REGISTRY_URL} →
 * {@code schema.registry.url}); {@code SCHEMA_REGISTRY_URL} is accepted too. Keys without the
 * {@code copydesk.} prefix are passed to the Kafka clients and Kafka Streams as they are.
 */
public final class Settings {
    public static final String INPUT_TOPIC = "copydesk.topic.input";
    public static final String DLQ_TOPIC = "copydesk.topic.dlq";
    public static final String STORIES_TOPIC = "copydesk.topic.stories";
    public static final String ANNOTATED_TOPIC = "copydesk.topic.annotated";
    public static final String UNIQUE_TOPIC = "copydesk.topic.unique";
    public static final String EVIDENCE_TOPIC = "copydesk.topic.evidence";
    public static final String INPUT_FORMAT = "copydesk.input.format";
    public static final String RETENTION = "copydesk.retention";
    public static final String INDEX_SHARDS = "copydesk.index.shards";
    public static final String MAX_BODY_BYTES = "copydesk.max.body.bytes";
    public static final String STORE_TYPE = "copydesk.store.type";
    public static final String ROCKSDB_MEMORY = "copydesk.rocksdb.memory";
    public static final String BUCKET_LIMIT = "copydesk.index.bucket.limit";
    /**
     * Bytes of decoded articles each index task keeps (a size, as {@link #ROCKSDB_MEMORY}; 0: none). No default here: the
     * app's is {@code TopologySettings.INDEX_CACHE_DEFAULT}, an offline run's depends on the heap ({@code OfflineRunner}).
     */
    public static final String INDEX_CACHE = "copydesk.index.cache";
    public static final String PASSAGE_THRESHOLD = "copydesk.passage.threshold";
    /** Link rule: minimum ordered-chain length / passages of the shorter article (default from LinkConfig). */
    public static final String LINK_MIN_SHARE = "copydesk.link.min.share";
    /** Link rule: minimum length of the ordered chain of aligned passages. */
    public static final String LINK_MIN_CHAIN = "copydesk.link.min.chain";
    /** Link rule: minimum share of names the two articles agree on. */
    public static final String LINK_MIN_NAME_SHARE = "copydesk.link.min.name.share";
    /** Link rule: background rate of passage matches between articles that are not copy (the chance test's null model). */
    public static final String LINK_CHANCE_RATE = "copydesk.link.chance.rate";
    /** Link rule: largest chance of the ordered chain under that rate for a link below min.share (0 = share rule only). */
    public static final String LINK_MAX_CHANCE = "copydesk.link.max.chance";
    /** How long (wall clock) an article that opened a cluster waits before it goes to articles.unique. */
    public static final String UNIQUE_HOLD = "copydesk.unique.hold";
    /** The most members a story cluster lists (the earliest); its size, outlets and last_seen count them all. */
    public static final String CLUSTER_MAX_MEMBERS = "copydesk.cluster.max.members";
    public static final String HTTP_HOST = "copydesk.http.host";
    public static final String HTTP_PORT = "copydesk.http.port";
    public static final String PARTITIONS = "copydesk.topic.partitions";
    public static final String REPLICATION = "copydesk.topic.replication";
    public static final String REGISTRY_URL = "schema.registry.url";

    /** Defaults for everything copydesk reads; Kafka's own defaults apply to the rest. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap.servers", "127.0.0.1:9092");
        d.put(REGISTRY_URL, "http://127.0.0.1:8081");
        d.put("application.id", "copydesk");
        d.put("processing.guarantee", "exactly_once_v2");
        d.put(INPUT_TOPIC, "articles");
        d.put(DLQ_TOPIC, "articles.dlq");
        d.put(STORIES_TOPIC, "stories");
        d.put(ANNOTATED_TOPIC, "articles.annotated");
        d.put(UNIQUE_TOPIC, "articles.unique");
        d.put(EVIDENCE_TOPIC, "copy.evidence");
        d.put(INPUT_FORMAT, "avro");
        d.put(RETENTION, "P3D");
        d.put(INDEX_SHARDS, "4");
        d.put(MAX_BODY_BYTES, "1000000");
        d.put(STORE_TYPE, "rocksdb");
        d.put(ROCKSDB_MEMORY, "256MB");
        d.put(BUCKET_LIMIT, "8");
        d.put(UNIQUE_HOLD, "5s");
        d.put(CLUSTER_MAX_MEMBERS, "1000");
        d.put(HTTP_HOST, "127.0.0.1");
        d.put(HTTP_PORT, "8080");
        d.put(PARTITIONS, "4");
        d.put(REPLICATION, "1");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** Every {@code copydesk.} setting copydesk reads: any other key with the prefix is a typo and an error. */
    public static final java.util.Set<String> KNOWN = java.util.Set.copyOf(known());

    private static List<String> known() {
        List<String> keys = new java.util.ArrayList<>(List.of(PASSAGE_THRESHOLD, LINK_MIN_SHARE, LINK_MIN_CHAIN,
                LINK_MIN_NAME_SHARE, LINK_CHANCE_RATE, LINK_MAX_CHANCE, INDEX_CACHE));
        DEFAULTS.keySet().stream().filter(k -> k.startsWith("copydesk.")).forEach(keys::add);
        return keys;
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Defaults only. */
    public static Settings defaults() {
        return new Settings(DEFAULTS);
    }

    /**
     * Merges defaults &lt; file &lt; environment &lt; flags.
     *
     * @param file  properties file, or null
     * @param env   environment (usually {@code System.getenv()})
     * @param flags settings given on the command line
     */
    public static Settings load(Path file, Map<String, String> env, Map<String, String> flags) {
        return load(Map.of(), file, env, flags);
    }

    /**
     * As {@link #load(Path, Map, Map)}, with a command's own defaults between the general defaults and the file:
     * defaults &lt; command defaults &lt; file &lt; environment &lt; flags.
     */
    public static Settings load(Map<String, String> commandDefaults, Path file, Map<String, String> env,
                                Map<String, String> flags) {
        Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
        m.putAll(commandDefaults);
        if (file != null) {
            Map<String, String> fromFile = readFile(file);
            requireKnown(fromFile, "in " + file);
            m.putAll(fromFile);
        }
        // not checked: a COPYDESK_ variable may be someone else's (Kubernetes sets COPYDESK_SERVICE_HOST, COPYDESK_PORT
        // … for a service named copydesk)
        m.putAll(fromEnv(env));
        requireKnown(flags, "given with --set");
        m.putAll(flags);
        return new Settings(m);
    }

    /**
     * Refuses a {@code copydesk.} key that copydesk does not read (a typo would otherwise be ignored without a word,
     * and the setting it meant left at its default), naming the nearest known key.
     */
    public static void requireKnown(Map<String, String> given, String where) {
        for (String key : given.keySet()) {
            if (key.startsWith("copydesk.") && !KNOWN.contains(key)) {
                // the nearest key by spelling, or one the key is the start of (copydesk.max.body)
                String nearest = KNOWN.stream().min(java.util.Comparator.comparingInt((String k) -> k.startsWith(key + ".") ? 0 : distance(k, key))
                        .thenComparing(k -> k)).orElseThrow();
                boolean near = nearest.startsWith(key + ".") || distance(nearest, key) <= 3;
                throw new ConfigException("unknown setting " + key + " " + where
                        + (near ? " (did you mean " + nearest + "?)" : "")
                        + "; copydesk's settings are listed in the README under Configuration");
            }
        }
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(change, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return m;
    }

    /** Maps COPYDESK_* and KAFKA_* (and SCHEMA_REGISTRY_URL) environment variables onto keys. */
    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> m = new LinkedHashMap<>();
        if (env.containsKey("SCHEMA_REGISTRY_URL")) { // first: KAFKA_SCHEMA_REGISTRY_URL wins when both are set
            m.put(REGISTRY_URL, env.get("SCHEMA_REGISTRY_URL"));
        }
        env.forEach((name, value) -> {
            String key = envKey(name);
            if (key != null && !name.equals("SCHEMA_REGISTRY_URL")) {
                m.put(key, value);
            }
        });
        return m;
    }

    /** The setting key an environment variable maps onto, or null when it is not one of ours. */
    public static String envKey(String name) {
        if (name.equals("SCHEMA_REGISTRY_URL")) {
            return REGISTRY_URL;
        }
        if (name.startsWith("COPYDESK_") && name.length() > 9) {
            return "copydesk." + dotted(name.substring(9));
        }
        if (name.startsWith("KAFKA_") && name.length() > 6) {
            return dotted(name.substring(6));
        }
        return null;
    }

    private static String dotted(String s) {
        return s.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    public Settings with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new Settings(m);
    }

    public Settings with(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(more);
        return new Settings(m);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new ConfigException("missing setting " + key);
        }
        return v;
    }

    public String getOrNull(String key) {
        return values.get(key);
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    public double getDouble(String key) {
        String v = get(key);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("setting " + key + " must be a number, got '" + v + "'");
        }
    }

    /** ISO-8601 durations (P3D, PT6H) or a number with a unit: 3d, 6h, 30m, 10s, 500ms. */
    public Duration getDuration(String key) {
        return parseDuration(key, get(key));
    }

    /** A whole number above 0 and at most {@code max}, or a {@link ConfigException} naming the key. */
    public int getInt(String key, int max) {
        int v = getInt(key);
        if (v <= 0 || v > max) {
            throw new ConfigException("setting " + key + " must be between 1 and " + max + ", got " + v);
        }
        return v;
    }

    /** A duration of zero or more, or a {@link ConfigException} naming the key. */
    public Duration getNonNegativeDuration(String key) {
        Duration d = getDuration(key);
        if (d.isNegative()) {
            throw new ConfigException("setting " + key + " must be a duration of zero or more, got '" + get(key) + "'");
        }
        return d;
    }

    /** A duration above zero, or a {@link ConfigException} naming the key. */
    public Duration getPositiveDuration(String key) {
        Duration d = getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException("setting " + key + " must be a duration above zero, got '" + get(key) + "'");
        }
        return d;
    }

    /**
     * A size in bytes, zero or more: a whole number, optionally followed by KB, MB or GB (powers of 1,024; case and a
     * space before the unit do not matter), or a {@link ConfigException} naming the key.
     */
    public long getBytes(String key) {
        String v = get(key);
        String s = v.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] u : new String[][] {{"KB", "10"}, {"MB", "20"}, {"GB", "30"}, {"B", "0"}}) {
            if (s.endsWith(u[0])) {
                unit = 1L << Integer.parseInt(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new ConfigException("setting " + key + " must be a size of zero or more (e.g. 256MB, 1GB, 0), got '" + v + "'");
        }
    }

    public static Duration parseDuration(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 'd': return Duration.ofDays(n);
                case 'h': return Duration.ofHours(n);
                case 'm': return Duration.ofMinutes(n);
                case 's': return Duration.ofSeconds(n);
                default: break;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // fall through to the error below
        }
        throw new ConfigException("setting " + key + " must be a duration like 3d, 6h, 90s or P3D, got '" + v + "'");
    }

    /** Every setting without the copydesk. prefix: what Kafka clients and Streams receive. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> m = new TreeMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith("copydesk.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** The settings as text, with secrets (passwords, JAAS configs, credentials) masked. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(isSecret(k) ? "[hidden]" : v).append('\n'));
        return sb.toString();
    }

    /**
     * True for the settings that Kafka's clients and Streams declare as passwords, and for any key that looks
     * like a secret (password, passphrase, JAAS config, user info, secret, credentials, token, a key).
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return KAFKA_PASSWORDS.contains(k) || k.contains("password") || k.contains("passphrase") || k.contains("jaas")
                || k.contains("user.info") || k.contains("secret") || k.contains("credentials") || k.contains("token")
                || k.endsWith(".key");
    }

    private static final java.util.Set<String> KAFKA_PASSWORDS = kafkaPasswords();

    private static java.util.Set<String> kafkaPasswords() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (org.apache.kafka.common.config.ConfigDef def : List.of(org.apache.kafka.streams.StreamsConfig.configDef(),
                org.apache.kafka.clients.producer.ProducerConfig.configDef(),
                org.apache.kafka.clients.consumer.ConsumerConfig.configDef(),
                org.apache.kafka.clients.admin.AdminClientConfig.configDef())) {
            def.configKeys().forEach((name, k) -> {
                if (k.type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD) {
                    keys.add(name);
                }
            });
        }
        return java.util.Set.copyOf(keys);
    }
}
