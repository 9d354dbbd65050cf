package leadrouter.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded copy of what was posted, kept with a refusal so a supplier dispute can be settled. */
final class Submitted {
    private static final int MAX_FIELDS = 100;
    private static final int MAX_VALUE = 200;

    private Submitted() {
    }

    static Map<String, Object> summary(Map<String, ?> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw == null) return out;
        int n = 0;
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            if (n++ >= MAX_FIELDS) {
                out.put("...", (raw.size() - MAX_FIELDS) + " more fields");
                break;
            }
            String k = e.getKey() == null ? "null" : truncate(e.getKey());
            Object v = e.getValue();
            out.put(k, v == null || v instanceof Number || v instanceof Boolean ? v : truncate(String.valueOf(v)));
        }
        return out;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE) + "…";
    }
}
