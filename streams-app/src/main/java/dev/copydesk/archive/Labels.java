package dev.copydesk.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Ground-truth clusters for backtests, read from either of two shapes:
 * <ol>
 *   <li>JSON Lines, one article a line: {@code {"id": "a1", "cluster": "c7"}} with an optional
 *       {@code "story": "s3"} (as written by the sample generator). Without {@code story}, an article's story
 *       cluster is its copy cluster (copies are always about the same story). Optionally gzip-compressed
 *       (detected by content). Other fields (the generator's {@code kind}, {@code difficulty}) are ignored.</li>
 *   <li>one JSON object shaped like {@code seeds/labels.json}: {@code "story_clusters": [[id, ...], ...]} and
 *       {@code "wire_copy_groups": [{"members": [id, ...], ...}, ...]}; ids named anywhere in the file
 *       (including {@code not_copy} pairs) are known. A group's cluster id is its smallest member id.
 *       Articles outside every copy group are their own copy cluster; articles outside every story cluster
 *       take their copy cluster as story cluster.</li>
 * </ol>
 */
public final class Labels {
    private final Map<String, String> copyCluster;
    private final Map<String, String> storyCluster;

    public Labels(Map<String, String> copyCluster, Map<String, String> storyCluster) {
        this.copyCluster = Collections.unmodifiableMap(new LinkedHashMap<>(copyCluster));
        this.storyCluster = Collections.unmodifiableMap(new LinkedHashMap<>(storyCluster));
    }

    /** Reads labels from {@code path}, detecting the shape from its first JSON value. */
    public static Labels read(Path path) throws IOException {
        try (Reader reader = open(path);
             MappingIterator<JsonNode> it = ArticleJson.MAPPER.readerFor(JsonNode.class)
                     .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                     .readValues(reader)) {
            if (!it.hasNextValue()) {
                return new Labels(Map.of(), Map.of());
            }
            JsonNode first = it.nextValue();
            if (first.has("story_clusters") || first.has("wire_copy_groups")) {
                if (it.hasNextValue()) {
                    throw new IOException(path + ": expected a single labels.json object, found more JSON after it");
                }
                return fromGroups(first);
            }
            Map<String, String> copy = new LinkedHashMap<>();
            Map<String, String> story = new LinkedHashMap<>();
            JsonNode node = first;
            while (node != null) {
                JsonParser p = it.getParser();
                long line = p.currentLocation().getLineNr();
                String id = text(node, "id");
                String cluster = text(node, "cluster");
                if (id == null || cluster == null) {
                    throw new IOException(path + " near line " + line + ": a label needs \"id\" and \"cluster\": " + node);
                }
                copy.put(id, cluster);
                String s = text(node, "story");
                story.put(id, s != null ? s : cluster);
                node = it.hasNextValue() ? it.nextValue() : null;
            }
            return new Labels(copy, story);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(path + " line " + e.getLocation().getLineNr() + ": not a JSON label ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private static Labels fromGroups(JsonNode root) {
        Map<String, String> copy = new LinkedHashMap<>();
        Map<String, String> story = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>();
        collectIds(root, known);
        for (JsonNode group : root.path("wire_copy_groups")) {
            assignGroup(group.path("members"), copy);
        }
        for (JsonNode group : root.path("story_clusters")) {
            assignGroup(group.isObject() ? group.path("members") : group, story);
        }
        for (String id : known) {
            copy.putIfAbsent(id, id);
        }
        for (String id : known) {
            story.putIfAbsent(id, copy.get(id));
        }
        return new Labels(copy, story);
    }

    private static void assignGroup(JsonNode members, Map<String, String> into) {
        String clusterId = null;
        for (JsonNode m : members) {
            if (clusterId == null || m.asText().compareTo(clusterId) < 0) {
                clusterId = m.asText();
            }
        }
        for (JsonNode m : members) {
            into.put(m.asText(), clusterId);
        }
    }

    /** Every article id named in the groups or in {@code not_copy} pairs, in file order. */
    private static void collectIds(JsonNode root, Set<String> out) {
        for (String field : new String[] {"story_clusters", "wire_copy_groups", "not_copy"}) {
            for (JsonNode group : root.path(field)) {
                JsonNode members = group.isObject() ? group.path("members") : group;
                for (JsonNode m : members) {
                    if (m.isValueNode()) {
                        out.add(m.asText());
                    }
                }
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    /** A reader on {@code path}, gunzipped when the file starts with the gzip magic bytes. */
    private static Reader open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (gzip) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') { // a byte-order mark, as archives may start with too
            reader.reset();
        }
        return reader;
    }

    /** Article id → copy cluster id (every labelled article; ungrouped ones map to themselves). */
    public Map<String, String> copyCluster() {
        return copyCluster;
    }

    /** Article id → story cluster id (every labelled article). */
    public Map<String, String> storyCluster() {
        return storyCluster;
    }

    /** The labelled article ids. */
    public Set<String> ids() {
        return copyCluster.keySet();
    }
}
