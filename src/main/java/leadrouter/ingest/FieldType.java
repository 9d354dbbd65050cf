package leadrouter.ingest;

/** The types a campaign field can have; each has its own normalization (see {@code Normalizer}). */
public enum FieldType {
    STRING, EMAIL, PHONE, ZIP, US_STATE, NUMBER, BOOLEAN, DATE, ENUM;

    public String key() {
        return name().toLowerCase();
    }

    public static FieldType parse(String s) {
        for (FieldType t : values()) if (t.key().equals(s)) return t;
        throw new IllegalArgumentException("unknown field type '" + s + "' (string, email, phone, zip, us_state, number, boolean, date, enum)");
    }
}
