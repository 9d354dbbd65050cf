package leadrouter.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates and normalizes a submitted lead against its campaign's fields.
 *
 * <p>Raw values are what JSON or a form post yields (String, Number, Boolean, null, Map, List);
 * normalized values are only String, BigDecimal, Boolean and LocalDate, in the forms the router
 * compares: E.164 phones, lower-case emails, 5-digit ZIPs, 2-letter state codes, ISO dates, enum
 * values as the schema spells them. Bad input never throws: every problem found is reported.
 *
 * <p>Rules by type (text is first checked for control characters, made NFC and stripped of white
 * space; blank counts as absent):
 * <ul>
 *   <li>string: at most {@code maxLength} characters (code points); numbers and booleans become text.</li>
 *   <li>email: lower-cased; a pragmatic syntax check (see {@code Emails}); non-ASCII addresses refused.</li>
 *   <li>phone: must be a valid number for libphonenumber, read with the field's region; E.164 out.
 *       An extension, if given, is dropped.</li>
 *   <li>zip: 12345, 12345-6789 or 123456789, kept as the 5-digit ZIP. A JSON number is accepted only
 *       with 5 or 9 digits, since a shorter one has lost its leading zeros.</li>
 *   <li>us_state: code or name of a state, DC, PR, VI, GU, AS or MP; the 2-letter code out.</li>
 *   <li>number: JSON number or text (150, -3, 150.25, 1e3, $1,200.50); at most 30 digits and
 *       within ±10^15; BigDecimal out, with the scale as written.</li>
 *   <li>boolean: true/false, yes/no, y/n, 1/0, on/off in any case.</li>
 *   <li>date: 2026-05-01, 05/01/2026 or 5/1/2026 (month first), a real calendar day.</li>
 *   <li>enum: a listed value in any case, out as the schema spells it.</li>
 * </ul>
 *
 * <p>Fields the schema does not name are passed through as text (a supplier's TrustedForm URL, say),
 * provided their names are plain identifiers and their values scalars of at most 2000 characters.
 * The output lists schema fields in schema order, then passed-through fields in submitted order.
 */
public final class Normalizer {
    public static final int MAX_FIELDS = 100;
    public static final int MAX_PASS_THROUGH_LENGTH = FieldParsers.MAX_PASS_THROUGH_LENGTH;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private Normalizer() {}

    public sealed interface Result permits Valid, Invalid {}

    /** The normalized fields, in order (see class comment); unmodifiable. */
    public record Valid(Map<String, Object> fields) implements Result {
        public Valid {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** Every problem found, never empty. */
    public record Invalid(List<FieldError> errors) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) throw new IllegalArgumentException("an invalid lead has at least one error");
        }
    }

    public static Result normalize(Map<String, FieldSpec> schema, Map<String, ?> raw) {
        Map<String, FieldSpec> fields = schema == null ? Map.of() : schema;
        Map<String, ?> submitted = raw == null ? Map.of() : raw;
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();

        // Past the limit the extra fields are not examined one by one: the lead is refused anyway.
        boolean tooMany = submitted.size() > MAX_FIELDS;
        if (tooMany) {
            errors.add(new FieldError(FieldError.LEAD, FieldError.TOO_MANY_FIELDS,
                    "the lead has %d fields; at most %d are accepted".formatted(submitted.size(), MAX_FIELDS)));
        }
        for (Map.Entry<String, FieldSpec> e : fields.entrySet()) {
            String name = e.getKey();
            if (name == null || e.getValue() == null) continue;
            record(name, FieldParsers.parse(name, e.getValue(), submitted.get(name)), e.getValue().required(), out, errors);
        }
        if (!tooMany) {
            for (Map.Entry<String, ?> e : submitted.entrySet()) {
                String name = e.getKey();
                if (name != null && fields.containsKey(name)) continue;
                if (name == null || !NAME.matcher(name).matches()) {
                    errors.add(new FieldError(name == null ? FieldError.LEAD : name, FieldError.INVALID_NAME,
                            ("field name %s is not accepted: a name starts with a letter or _, and has only letters, "
                                    + "digits, _ . - (at most 64 characters)").formatted(name == null ? "(none)" : Text.quote(name))));
                    continue;
                }
                record(name, FieldParsers.passThrough(name, e.getValue()), false, out, errors);
            }
        }
        return errors.isEmpty() ? new Valid(out) : new Invalid(errors);
    }

    private static void record(String name, Parsed parsed, boolean required, Map<String, Object> out, List<FieldError> errors) {
        switch (parsed) {
            case Parsed.Ok(Object value) -> out.put(name, value);
            case Parsed.Absent a -> {
                if (required) errors.add(new FieldError(name, FieldError.REQUIRED, "'%s' is required".formatted(name)));
            }
            case Parsed.Bad(String code, String message) -> errors.add(new FieldError(name, code, message));
        }
    }
}
