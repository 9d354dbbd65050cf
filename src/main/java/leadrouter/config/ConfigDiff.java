package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The differences between two config documents, for showing what a new version changed.
 *
 * <p>Lists whose entries all carry a unique {@code id} (sources, campaigns, buyers) or {@code name}
 * (rules) are matched by that key, so adding a buyer in the middle reads as one addition, not as
 * every later buyer changing; such entries appear in paths as {@code buyers[id=sunco]}. Other lists
 * are compared by position. Numbers compare by value ({@code 42.5} equals {@code 42.50}).
 */
public final class ConfigDiff {
    private static final List<String> ENTRY_KEYS = List.of("id", "name");

    private ConfigDiff() {
    }

    public static List<ConfigChange> diff(JsonNode before, JsonNode after) {
        List<ConfigChange> out = new ArrayList<>();
        compare("", absentToNull(before), absentToNull(after), out);
        return out;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<ConfigChange> out) {
        if (a == null && b == null) return;
        if (a == null) {
            out.add(new ConfigChange(shown(path), ConfigChange.Kind.ADDED, null, b));
        } else if (b == null) {
            out.add(new ConfigChange(shown(path), ConfigChange.Kind.REMOVED, a, null));
        } else if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) compare(child(path, k), a.get(k), b.get(k), out);
        } else if (a.isArray() && b.isArray()) {
            String key = entryKey(a, b);
            if (key == null) {
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    compare(path + "[" + i + "]", a.get(i), b.get(i), out);
                }
            } else {
                keyed(path, key, a, b, out);
            }
        } else if (!same(a, b)) {
            out.add(new ConfigChange(shown(path), ConfigChange.Kind.CHANGED, a, b));
        }
    }

    private static void keyed(String path, String key, JsonNode a, JsonNode b, List<ConfigChange> out) {
        Map<String, JsonNode> before = byKey(a, key);
        Map<String, JsonNode> after = byKey(b, key);
        List<String> commonBefore = before.keySet().stream().filter(after::containsKey).toList();
        List<String> commonAfter = after.keySet().stream().filter(before::containsKey).toList();
        if (!commonBefore.equals(commonAfter)) {
            out.add(new ConfigChange(shown(path), ConfigChange.Kind.CHANGED, keys(commonBefore), keys(commonAfter)));
        }
        Set<String> all = new LinkedHashSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String k : all) compare(path + "[" + key + "=" + k + "]", before.get(k), after.get(k), out);
    }

    /** "id" or "name" when every entry of both lists is a map with a unique text value for it. */
    private static String entryKey(JsonNode a, JsonNode b) {
        if (a.isEmpty() && b.isEmpty()) return null;
        for (String key : ENTRY_KEYS) {
            if (uniqueKeys(a, key) && uniqueKeys(b, key)) return key;
        }
        return null;
    }

    private static boolean uniqueKeys(JsonNode list, String key) {
        Set<String> seen = new HashSet<>();
        for (JsonNode e : list) {
            if (!e.isObject() || e.get(key) == null || !e.get(key).isValueNode() || e.get(key).isNull()) return false;
            if (!seen.add(e.get(key).asText())) return false;
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String key) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode e : list) m.put(e.get(key).asText(), e);
        return m;
    }

    private static ArrayNode keys(List<String> keys) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        keys.forEach(arr::add);
        return arr;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    private static JsonNode absentToNull(JsonNode n) {
        return n == null || n.isMissingNode() ? null : n;
    }

    private static String child(String path, String key) {
        String step = key.matches("[A-Za-z0-9_-]+") ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) return step;
        return step.startsWith("[") ? path + step : path + "." + step;
    }

    private static String shown(String path) {
        return path.isEmpty() ? "$" : path;
    }
}
