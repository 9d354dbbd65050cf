package leadrouter.ingest;

/**
 * One problem with a submitted lead: the field it concerns ({@link #LEAD} for the lead as a whole),
 * a machine-readable code, and a message for the person who sent it.
 */
public record FieldError(String field, String code, String message) {
    /** Field name used for problems that concern the whole lead or a field without a name. */
    public static final String LEAD = "";

    public static final String REQUIRED = "required";
    public static final String INVALID_TYPE = "invalid_type";
    public static final String INVALID_PHONE = "invalid_phone";
    public static final String INVALID_EMAIL = "invalid_email";
    public static final String INVALID_ZIP = "invalid_zip";
    public static final String INVALID_STATE = "invalid_state";
    public static final String INVALID_NUMBER = "invalid_number";
    public static final String INVALID_BOOLEAN = "invalid_boolean";
    public static final String INVALID_DATE = "invalid_date";
    public static final String NOT_ALLOWED = "not_allowed";
    public static final String TOO_LONG = "too_long";
    public static final String CONTROL_CHARACTERS = "control_characters";
    /** Text that is not well-formed Unicode (an unpaired UTF-16 surrogate). */
    public static final String INVALID_UNICODE = "invalid_unicode";
    public static final String INVALID_NAME = "invalid_name";
    public static final String NESTED_VALUE = "nested_value";
    public static final String TOO_MANY_FIELDS = "too_many_fields";

    public FieldError {
        if (field == null) throw new IllegalArgumentException("field is required (use FieldError.LEAD for the whole lead)");
        if (code == null || code.isBlank()) throw new IllegalArgumentException("error code is required");
        if (message == null || message.isBlank()) throw new IllegalArgumentException("error message is required");
    }
}
