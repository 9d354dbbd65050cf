package leadrouter.ingest;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Made-up leads that a campaign's fields accept: every field of the schema gets a value of its
 * type, varied from lead to lead (states, ZIPs, amounts, enum values), with a phone and an email
 * that differ for each of the first million or so leads, so that dedupe does not turn most of them
 * into duplicates. For warming a node up, never for real routing.
 */
public final class SampleLeads {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final List<String> STATES = List.copyOf(UsStates.codes());
    private static final List<String> ZIPS = List.of("94107", "10001", "33101", "78701", "85004", "60601", "98101",
            "02108", "19103", "80202", "89101", "30303", "97201", "84101", "07302");
    private static final List<String> NAMES = List.of("Avery", "Jordan", "Riley", "Morgan", "Casey", "Quinn", "Parker");

    private final Map<String, FieldSpec> schema;
    private final String run;

    /** {@code run}: a tag that keeps this run's emails apart from another's (letters and digits). */
    public SampleLeads(Map<String, FieldSpec> schema, String run) {
        this.schema = schema;
        this.run = run;
    }

    /** The {@code n}-th lead's raw fields, as a form or JSON post would carry them. */
    public Map<String, Object> fields(long n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSpec f : schema.values()) out.put(f.name(), value(f, n));
        return out;
    }

    private Object value(FieldSpec f, long n) {
        int i = (int) Math.floorMod(n, 1_000_000_007L);
        return switch (f.type()) {
            case STRING -> fit(NAMES.get(i % NAMES.size()) + " " + i, f.maxLength());
            case EMAIL -> "warm-up." + run + "." + n + "@example.com";
            case PHONE -> phone(f.region(), n);
            case ZIP -> ZIPS.get(i % ZIPS.size());
            case US_STATE -> STATES.get(i % STATES.size());
            case NUMBER -> i % 500;
            case BOOLEAN -> i % 2 == 0;
            case DATE -> "2026-%02d-%02d".formatted(1 + i % 12, 1 + i % 28);
            case ENUM -> f.values().get(i % f.values().size());
        };
    }

    private static String fit(String s, int maxLength) {
        return s.length() <= maxLength ? s : s.substring(0, maxLength);
    }

    /**
     * The region's example mobile (or any) number with its last digits replaced by a count from
     * {@code n}, skipping counts that make it invalid; the example itself if none of a few is valid.
     */
    static String phone(String region, long n) {
        String r = region == null ? "US" : region.toUpperCase(Locale.ROOT);
        PhoneNumber example = PHONES.getExampleNumberForType(r, PhoneNumberUtil.PhoneNumberType.MOBILE);
        if (example == null) example = PHONES.getExampleNumber(r);
        if (example == null) return "+14155550100";
        String national = PHONES.getNationalSignificantNumber(example);
        int vary = Math.min(7, national.length() - 3);
        long span = (long) Math.pow(10, vary);
        // Lead n tries counts 8n to 8n+7, spread over the span by a multiplier prime to it: no two
        // leads share a candidate (for the first span / 8 leads).
        for (int attempt = 0; attempt < 8; attempt++) {
            String tail = String.format("%0" + vary + "d", Math.floorMod((n * 8 + attempt) * 3_967_111L, span));
            String candidate = "+" + example.getCountryCode() + national.substring(0, national.length() - vary) + tail;
            try {
                if (PHONES.isValidNumber(PHONES.parse(candidate, r))) return candidate;
            } catch (NumberParseException ignored) {
                // try the next count
            }
        }
        return PHONES.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
    }
}
