package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset response rules use: a {@code $} root followed by {@code .name},
 * {@code ['name']} and {@code [index]} steps, e.g. {@code $.id}, {@code $.data.id},
 * {@code $.errors[0].message}, {@code $[0].errorCode}. No wildcards, filters or slices.
 * Index 0 on a non-array selects the value itself, because XML converted to a tree holds a single
 * repeated element as an object.
 */
public record JsonPath(String source, List<Object> steps) {
    public JsonPath {
        steps = List.copyOf(steps);
    }

    /** Parses; throws IllegalArgumentException describing the supported subset. */
    public static JsonPath parse(String source) {
        String s = source == null ? "" : source.strip();
        if (!s.startsWith("$")) throw bad(source, "must start with $");
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '.' && s.charAt(j) != '[') j++;
                String name = s.substring(i + 1, j);
                if (name.isEmpty() || name.equals("*")) throw bad(source, "empty or wildcard name after '.'");
                steps.add(name);
                i = j;
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                if (close < 0) throw bad(source, "unclosed '['");
                String inner = s.substring(i + 1, close).strip();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d{1,6}")) {
                    steps.add(Integer.parseInt(inner));
                } else {
                    throw bad(source, "only [index] and ['name'] are supported inside brackets");
                }
                i = close + 1;
            } else {
                throw bad(source, "unexpected '" + c + "'");
            }
        }
        return new JsonPath(s, steps);
    }

    private static IllegalArgumentException bad(String source, String why) {
        return new IllegalArgumentException("bad json_path '" + source + "': " + why + " (supported: $.a.b, $.a[0].b, $[0].id, $['a b'])");
    }

    /** The selected node, or null when the path does not exist. */
    public JsonNode select(JsonNode root) {
        JsonNode n = root;
        for (Object step : steps) {
            if (n == null || n.isMissingNode() || n.isNull()) return null;
            if (step instanceof Integer idx) {
                if (n.isArray()) n = n.get(idx);
                else n = idx == 0 ? n : null;
            } else {
                n = n.isObject() ? n.get((String) step) : null;
            }
        }
        return n == null || n.isMissingNode() ? null : n;
    }

    /** The selected value as text (scalars as written, containers as JSON; XML text nodes unwrapped), or null. */
    public String text(JsonNode root) {
        JsonNode n = select(root);
        if (n == null || n.isNull()) return null;
        if (n.isValueNode()) return n.asText();
        // XmlMapper puts an element's text under "" when it also has attributes.
        if (n.isObject() && n.has("") && n.get("").isValueNode()) return n.get("").asText();
        return n.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
