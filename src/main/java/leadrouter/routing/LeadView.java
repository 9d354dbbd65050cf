package leadrouter.routing;

/**
 * One lead as the router reads it during one decision: each field the config's conditions test
 * is looked up once, by the index the plan gave it. Not shared between threads.
 */
final class LeadView {
    private final Lead lead;
    private final String[] names;
    private final FieldValue[] values;

    LeadView(Lead lead, String[] names) {
        this.lead = lead;
        this.names = names;
        this.values = new FieldValue[names.length];
    }

    FieldValue value(int field) {
        FieldValue v = values[field];
        if (v == null) {
            Object raw = lead.value(names[field]);
            values[field] = v = raw == null ? FieldValue.MISSING : new FieldValue(raw);
        }
        return v;
    }
}
