package dev.copydesk.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence template: literal text, {@code {a|b|c}} choices (nestable) and {@code [SLOT]} or
 * {@code [SLOT.part]} references to the story's {@link Bindings}. Parsed once, expanded many times.
 */
final class Template {
    private interface Node {
        void expand(Bindings.Context ctx, StringBuilder out);
    }

    private record Literal(String text) implements Node {
        public void expand(Bindings.Context ctx, StringBuilder out) {
            out.append(text);
        }
    }

    private record Choice(List<List<Node>> options) implements Node {
        public void expand(Bindings.Context ctx, StringBuilder out) {
            for (Node n : options.get(ctx.random().nextInt(options.size()))) {
                n.expand(ctx, out);
            }
        }
    }

    private record SlotRef(String slot, String part) implements Node {
        public void expand(Bindings.Context ctx, StringBuilder out) {
            out.append(ctx.bindings().value(slot, part, ctx));
        }
    }

    private final String source;
    private final List<Node> nodes;

    private Template(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    static Template parse(String source) {
        int[] pos = {0};
        List<List<Node>> top = parseSequence(source, pos, false);
        if (pos[0] != source.length() || top.size() != 1) {
            throw new IllegalArgumentException("unbalanced '|' or '}' in template: " + source);
        }
        return new Template(source, top.get(0));
    }

    /** Parses until end (top level) or the closing brace (inside a choice); returns the '|'-separated options. */
    private static List<List<Node>> parseSequence(String s, int[] pos, boolean inChoice) {
        List<List<Node>> options = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]);
            if (c == '{') {
                flush(lit, current);
                pos[0]++;
                current.add(new Choice(parseSequence(s, pos, true)));
            } else if (c == '}' && inChoice) {
                pos[0]++;
                flush(lit, current);
                options.add(current);
                return options;
            } else if (c == '|' && inChoice) {
                pos[0]++;
                flush(lit, current);
                options.add(current);
                current = new ArrayList<>();
            } else if (c == '[') {
                int end = s.indexOf(']', pos[0]);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '[' in template: " + s);
                }
                flush(lit, current);
                String ref = s.substring(pos[0] + 1, end);
                int dot = ref.indexOf('.');
                current.add(dot < 0 ? new SlotRef(ref, "") : new SlotRef(ref.substring(0, dot), ref.substring(dot + 1)));
                pos[0] = end + 1;
            } else {
                lit.append(c);
                pos[0]++;
            }
        }
        if (inChoice) {
            throw new IllegalArgumentException("unclosed '{' in template: " + s);
        }
        flush(lit, current);
        options.add(current);
        return options;
    }

    private static void flush(StringBuilder lit, List<Node> into) {
        if (lit.length() > 0) {
            into.add(new Literal(lit.toString()));
            lit.setLength(0);
        }
    }

    String expand(Bindings.Context ctx) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (Node n : nodes) {
            n.expand(ctx, out);
        }
        return Text.capitalize(Text.tidy(out.toString()));
    }

    /** Slot names this template refers to. */
    List<String> slots() {
        List<String> names = new ArrayList<>();
        collect(nodes, names);
        return names;
    }

    private static void collect(List<Node> nodes, List<String> names) {
        for (Node n : nodes) {
            if (n instanceof SlotRef ref) {
                names.add(ref.slot());
            } else if (n instanceof Choice choice) {
                for (List<Node> option : choice.options()) {
                    collect(option, names);
                }
            }
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
