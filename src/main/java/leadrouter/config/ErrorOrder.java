package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts errors into document order, so a long list reads top to bottom like the config. An error
 * at a path that is not in the document (a missing key) sorts after everything inside its nearest
 * existing parent.
 */
final class ErrorOrder {
    private ErrorOrder() {
    }

    /** Where a node starts and ends in a pre-order walk of the document. */
    private record Span(int start, int end) {
    }

    static List<ConfigError> sort(List<ConfigError> errors, JsonNode document) {
        Map<String, Span> spans = new HashMap<>();
        walk(Node.root(document), spans, new int[1]);
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(e -> rank(e.path(), spans)));
        return sorted;
    }

    private static void walk(Node n, Map<String, Span> spans, int[] counter) {
        int start = counter[0]++;
        for (Node.Entry e : n.entries()) walk(e.value(), spans, counter);
        for (Node item : n.items()) walk(item, spans, counter);
        spans.putIfAbsent(n.path(), new Span(start, counter[0] - 1));
    }

    private static int rank(String path, Map<String, Span> spans) {
        Span own = spans.get(path);
        if (own != null) return 2 * own.start();
        for (String p = parent(path); p != null; p = parent(p)) {
            Span s = spans.get(p);
            if (s != null) return 2 * s.end() + 1;
        }
        return Integer.MAX_VALUE;
    }

    /** "a.b[2]" -> "a.b" -> "a" -> "$"; null above the root. */
    static String parent(String path) {
        if (path.equals("$") || path.isEmpty()) return null;
        int cut;
        if (path.endsWith("\"]")) cut = path.lastIndexOf("[\"");
        else if (path.endsWith("]")) cut = path.lastIndexOf('[');
        else cut = path.lastIndexOf('.');
        return cut <= 0 ? "$" : path.substring(0, cut);
    }
}
