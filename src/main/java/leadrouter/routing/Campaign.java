package leadrouter.routing;

import leadrouter.ingest.DedupePolicy;
import leadrouter.ingest.FieldSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign: its field schema, dedupe policy (null: none), ordered rules and the queue a lead
 * lands in when no rule places it.
 */
public record Campaign(String id, String name, Map<String, FieldSpec> fields, DedupePolicy dedupe,
                       List<Rule> rules, String fallback) {
    public static final String DEFAULT_FALLBACK = "unassigned";

    public Campaign {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("campaign id is required");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        rules = List.copyOf(rules);
        fallback = fallback == null || fallback.isBlank() ? DEFAULT_FALLBACK : fallback;
    }
}
