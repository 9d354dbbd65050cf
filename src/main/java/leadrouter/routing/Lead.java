package leadrouter.routing;

import java.time.Instant;
import java.util.Map;

/**
 * A lead as the router sees it: normalized field values (String, BigDecimal, Boolean or LocalDate)
 * keyed by field name. {@code lead.source} and {@code lead.campaign} can be tested like fields.
 */
public record Lead(String id, String campaign, String source, Map<String, Object> fields, Instant receivedAt) {
    public Lead {
        fields = Map.copyOf(fields);
    }

    public Object value(String field) {
        Object v = fields.get(field);
        if (v != null) return v;
        return switch (field) {
            case "lead.source" -> source;
            case "lead.campaign" -> campaign;
            case "lead.id" -> id;
            default -> null;
        };
    }
}
