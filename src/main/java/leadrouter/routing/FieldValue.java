package leadrouter.routing;

import java.util.Map;

/**
 * A lead's field value as conditions compare it, for one decision. Its case-folded forms and its
 * number among the values the config lists for the field ({@link Fields}) are computed at most
 * once, however many conditions look at the field.
 */
final class FieldValue {
    final Object raw;
    /** True when the field has a value: not null and not the empty string. */
    final boolean present;
    private final Map<String, Integer> listed;
    private String canonical;
    private String lower;
    private int number = UNKNOWN;
    private static final int UNKNOWN = -2;

    FieldValue(Object raw) {
        this(raw, Map.of());
    }

    FieldValue(Object raw, Map<String, Integer> listed) {
        this.raw = raw;
        this.present = raw != null && !(raw instanceof String s && s.isEmpty());
        this.listed = listed;
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

    /** The canonical form's number among the field's listed values, -1 if no list holds it. */
    int number() {
        int n = number;
        return n != UNKNOWN ? n : lookUpNumber();
    }

    /**
     * Kept out of {@link #number}, which list tests call for every candidate, so that it stays
     * small enough to inline. Text is looked up as it is first: {@code listed} also holds the
     * upper-case forms, and text that lower-casing leaves as it is is its own canonical form.
     */
    private int lookUpNumber() {
        Integer id = null;
        if (!listed.isEmpty()) {
            if (!(raw instanceof String s)) {
                id = listed.get(canonical());
            } else if ((id = listed.get(s)) == null && s.toLowerCase() != s) {
                // toLowerCase returns the string itself when it changes nothing; only text it
                // changes can have a canonical form other than itself.
                id = listed.get(canonical());
            }
        }
        return number = id == null ? -1 : id;
    }
}
