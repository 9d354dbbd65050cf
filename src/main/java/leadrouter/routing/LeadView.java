package leadrouter.routing;

import java.util.Map;

/**
 * One lead as the router reads it during one decision: each field the config's conditions test
 * is looked up once, by the index the plan gave it. Not shared between threads.
 */
final class LeadView {
    private final Lead lead;
    private final String[] names;
    private final Map<String, Integer>[] listed;
    private final FieldValue[] values;

    /** {@code names} and {@code listed} by field index, as {@link Fields} numbered them. */
    LeadView(Lead lead, String[] names, Map<String, Integer>[] listed) {
        this.lead = lead;
        this.names = names;
        this.listed = listed;
        this.values = new FieldValue[names.length];
    }

    FieldValue value(int field) {
        FieldValue v = values[field];
        return v != null ? v : load(field);
    }

    /** The first look at a field, kept out of {@link #value} so that it stays small enough to inline. */
    private FieldValue load(int field) {
        return values[field] = new FieldValue(lead.value(names[field]), listed[field]);
    }
}
