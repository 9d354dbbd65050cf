package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value of the config document together with its path ({@code buyers[2].caps[0].per}), so every
 * error can say where it is. An absent key is a Node whose value is null; an explicit YAML null
 * ({@code key: ~}) counts as absent too.
 */
final class Node {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final JsonNode json;
    private final String path;

    private Node(JsonNode json, String path) {
        this.json = json;
        this.path = path;
    }

    static Node root(JsonNode document) {
        return new Node(document, "");
    }

    /** The path as reported in errors; "$" for the document itself. */
    String path() {
        return path.isEmpty() ? "$" : path;
    }

    JsonNode json() {
        return json;
    }

    boolean present() {
        return json != null && !json.isNull() && !json.isMissingNode();
    }

    /** Written but empty ({@code when:} with nothing after it), as opposed to left out. */
    boolean isExplicitNull() {
        return json != null && json.isNull();
    }

    boolean isObject() {
        return present() && json.isObject();
    }

    boolean isArray() {
        return present() && json.isArray();
    }

    boolean isText() {
        return present() && json.isTextual();
    }

    boolean isNumber() {
        return present() && json.isNumber();
    }

    boolean isScalar() {
        return present() && json.isValueNode();
    }

    Node get(String key) {
        return new Node(isObject() ? json.get(key) : null, childPath(key));
    }

    List<Node> items() {
        List<Node> out = new ArrayList<>();
        if (!isArray()) return out;
        for (int i = 0; i < json.size(); i++) out.add(new Node(json.get(i), path + "[" + i + "]"));
        return out;
    }

    /** The entries of a map in document order. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!isObject()) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(new Entry(e.getKey(), new Node(e.getValue(), childPath(e.getKey()))));
        }
        return out;
    }

    record Entry(String key, Node value) {
    }

    private String childPath(String key) {
        String step = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) return step;
        return step.startsWith("[") ? path + step : path + "." + step;
    }

    // Readers: each reports what is wrong and returns null (or false) so parsing goes on.

    /** Reports "is required" when absent. */
    boolean require(Errors errors) {
        return require(errors, "is required");
    }

    boolean require(Errors errors, String message) {
        if (present()) return true;
        errors.add(this, message);
        return false;
    }

    /** True when this is a map; reports a non-map and every key not in {@code allowed}. */
    boolean object(Errors errors, Collection<String> allowed) {
        if (!isObject()) {
            errors.add(this, "must be a map" + (allowed.isEmpty() ? "" : " (keys: " + String.join(", ", allowed) + ")"));
            return false;
        }
        for (Entry e : entries()) {
            if (!allowed.contains(e.key())) errors.add(e.value(), unknownKey(e.key(), allowed));
        }
        return true;
    }

    /** True when this is a map whose keys are names chosen by the user (fields, lists, prices). */
    boolean map(Errors errors) {
        if (isObject()) return true;
        errors.add(this, "must be a map");
        return false;
    }

    static String unknownKey(String key, Collection<String> allowed) {
        String near = null;
        int best = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(), a);
            if (d < best) {
                best = d;
                near = a;
            }
        }
        return "unknown key '" + key + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
                + "; allowed keys: " + String.join(", ", allowed);
    }

    boolean array(Errors errors) {
        if (isArray()) return true;
        errors.add(this, "must be a list");
        return false;
    }

    /** A string value. */
    String text(Errors errors) {
        if (isText()) return json.asText();
        errors.add(this, "must be a string");
        return null;
    }

    /** A string, or a number taken as its text (YAML reads {@code id: 2024} as a number). */
    String scalarText(Errors errors) {
        if (isText()) return json.asText();
        if (isNumber()) return json.isIntegralNumber() ? json.asText() : json.decimalValue().toPlainString();
        errors.add(this, "must be a string");
        return null;
    }

    /** One of the given words. */
    String oneOf(Errors errors, List<String> allowed) {
        String s = isText() ? json.asText() : null;
        if (s != null && allowed.contains(s)) return s;
        errors.add(this, "must be one of " + String.join(", ", allowed)
                + (present() ? ", got " + (isText() ? "'" + s + "'" : json.toString()) : ""));
        return null;
    }

    Integer integer(Errors errors) {
        if (isNumber()) {
            BigDecimal d = json.decimalValue();
            if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                try {
                    return d.intValueExact();
                } catch (ArithmeticException e) {
                    errors.add(this, "is too large");
                    return null;
                }
            }
        }
        errors.add(this, "must be a whole number" + (present() ? ", got " + json : ""));
        return null;
    }

    Boolean bool(Errors errors) {
        if (present() && json.isBoolean()) return json.asBoolean();
        errors.add(this, "must be true or false" + (present() ? ", got " + json : ""));
        return null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
