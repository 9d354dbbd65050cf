package leadrouter.ingest;

import java.util.List;

/**
 * A campaign field: its type, whether a lead must have it, the default region for phone numbers
 * (ISO 3166 code such as "US"), the allowed values of an enum, and a maximum length for strings.
 */
public record FieldSpec(String name, FieldType type, boolean required, String region, List<String> values, int maxLength) {
    public static final int DEFAULT_MAX_LENGTH = 1000;

    public FieldSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("field name is required");
        if (type == null) throw new IllegalArgumentException("field '" + name + "' needs a type");
        values = values == null ? List.of() : List.copyOf(values);
        if (type == FieldType.ENUM && values.isEmpty()) throw new IllegalArgumentException("enum field '" + name + "' needs values");
        if (type == FieldType.PHONE && (region == null || region.isBlank())) region = "US";
        if (maxLength <= 0) maxLength = DEFAULT_MAX_LENGTH;
    }

    public static FieldSpec of(String name, FieldType type, boolean required) {
        return new FieldSpec(name, type, required, null, List.of(), DEFAULT_MAX_LENGTH);
    }
}
