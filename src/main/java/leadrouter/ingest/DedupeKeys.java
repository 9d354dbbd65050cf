package leadrouter.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys under which a lead is remembered for duplicate detection: SHA-256 (lower-case hex) of the
 * campaign, field names and canonical normalized values, NUL-separated (normalized values never hold
 * NUL). Hashes let the store index and compare keys without keeping contact details in the index.
 */
public final class DedupeKeys {
    private DedupeKeys() {}

    /**
     * For {@code ANY}: one key per policy field that has a value. For {@code ALL}: one key over every
     * policy field in policy order, or none if any of them is missing.
     */
    public static List<String> of(String campaignId, DedupePolicy policy, Map<String, Object> normalizedFields) {
        if (campaignId == null || campaignId.isEmpty() || campaignId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("campaign id must be non-empty and free of NUL characters");
        }
        Map<String, Object> fields = normalizedFields == null ? Map.of() : normalizedFields;
        return switch (policy.match()) {
            case ANY -> {
                Set<String> keys = new LinkedHashSet<>();
                for (String field : policy.fields()) {
                    String value = canonical(fields.get(field));
                    if (value != null) keys.add(sha256(campaignId + "\0" + field + "\0" + value));
                }
                yield List.copyOf(keys);
            }
            case ALL -> {
                StringBuilder content = new StringBuilder(campaignId);
                for (String field : policy.fields()) {
                    String value = canonical(fields.get(field));
                    if (value == null) yield List.of();
                    content.append('\0').append(field).append('\0').append(value);
                }
                yield List.of(sha256(content.toString()));
            }
        };
    }

    /** The text a value is hashed as, or null when the field has no value. */
    static String canonical(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s.isEmpty() ? null : s;
            case BigDecimal d -> d.stripTrailingZeros().toPlainString();
            case LocalDate d -> d.toString();
            case Boolean b -> b.toString();
            case Number n -> {
                BigDecimal d = Numbers.exact(n);
                if (d == null) throw new IllegalArgumentException("not a finite number: " + n);
                yield d.stripTrailingZeros().toPlainString();
            }
            default -> throw new IllegalArgumentException("not a normalized value: " + v.getClass().getName());
        };
    }

    private static String sha256(String s) {
        return leadrouter.Sha256.hex(s);
    }
}
