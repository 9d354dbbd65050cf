package leadrouter.routing;

/**
 * A lead's field value as conditions compare it. Its case-folded forms are computed at most once,
 * however many conditions look at the field in one decision.
 */
final class FieldValue {
    static final FieldValue MISSING = new FieldValue(null);

    final Object raw;
    /** True when the field has a value: not null and not the empty string. */
    final boolean present;
    private String canonical;
    private String lower;

    FieldValue(Object raw) {
        this.raw = raw;
        this.present = raw != null && !(raw instanceof String s && s.isEmpty());
    }

    /** The form set members are stored in ({@link Condition.Operand#canonical}). */
    String canonical() {
        String c = canonical;
        if (c == null) canonical = c = Condition.Operand.canonical(raw);
        return c;
    }

    /** The lower-case text ({@link Condition.Operand#text}). */
    String lower() {
        String l = lower;
        if (l == null) lower = l = Condition.Operand.text(raw);
        return l;
    }
}
