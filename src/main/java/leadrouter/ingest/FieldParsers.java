package leadrouter.ingest;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Normalization of one submitted value by field type; see {@link Normalizer} for the rules. */
final class FieldParsers {
    static final int MAX_PASS_THROUGH_LENGTH = 2000;

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern ZIP = Pattern.compile("([0-9]{5})(?:-?[0-9]{4})?");
    private static final Pattern ISO_DATE = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern US_DATE = Pattern.compile("([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})");
    private static final List<String> TRUE = List.of("true", "yes", "y", "1", "on");
    private static final List<String> FALSE = List.of("false", "no", "n", "0", "off");

    private FieldParsers() {}

    static Parsed parse(String field, FieldSpec spec, Object raw) {
        if (raw == null) return Parsed.ABSENT;
        if (Text.nested(raw)) {
            return Parsed.bad(FieldError.NESTED_VALUE, "'%s' must be a single value, got %s".formatted(field, Text.kind(raw)));
        }
        return switch (spec.type()) {
            case STRING -> string(field, raw, spec.maxLength());
            case EMAIL -> email(field, raw);
            case PHONE -> phone(field, raw, spec.region());
            case ZIP -> zip(field, raw);
            case US_STATE -> state(field, raw);
            case NUMBER -> number(field, raw);
            case BOOLEAN -> bool(field, raw);
            case DATE -> date(field, raw);
            case ENUM -> choice(field, raw, spec.values());
        };
    }

    /** A field the schema does not name: kept as text when it is a scalar. */
    static Parsed passThrough(String field, Object raw) {
        if (raw == null) return Parsed.ABSENT;
        if (Text.nested(raw)) {
            return Parsed.bad(FieldError.NESTED_VALUE, "'%s' must be a single value, got %s".formatted(field, Text.kind(raw)));
        }
        return string(field, raw, MAX_PASS_THROUGH_LENGTH);
    }

    private static Parsed string(String field, Object raw, int maxLength) {
        String s = Text.scalar(raw);
        if (s == null && raw instanceof Number) {
            return Parsed.bad(FieldError.INVALID_NUMBER, "'%s' got a number that has no text form (not finite, or absurdly large)".formatted(field));
        }
        if (s == null) return wrongType(field, raw, "text");
        Parsed p = Text.clean(field, s);
        if (p instanceof Parsed.Ok(Object v)) {
            String t = (String) v;
            int length = t.codePointCount(0, t.length());
            if (length > maxLength) {
                return Parsed.bad(FieldError.TOO_LONG,
                        "'%s' must be at most %d characters, got %d: %s".formatted(field, maxLength, length, Text.quote(t)));
            }
        }
        return p;
    }

    private static Parsed email(String field, Object raw) {
        if (!(raw instanceof String s)) return wrongType(field, raw, "text (an email address)");
        Parsed p = Text.clean(field, s);
        if (!(p instanceof Parsed.Ok(Object v))) return p;
        String text = (String) v;
        String lower = text.toLowerCase(Locale.ROOT);
        String problem = Emails.problem(lower);
        if (problem != null) {
            return Parsed.bad(FieldError.INVALID_EMAIL,
                    "'%s' must be an email address like name@example.com (%s), got %s".formatted(field, problem, Text.quote(text)));
        }
        return new Parsed.Ok(lower);
    }

    static Parsed phone(String field, Object raw, String region) {
        Parsed p = phoneText(field, raw, region);
        if (!(p instanceof Parsed.Ok(Object v))) return p;
        String e164 = nanpFast((String) v, region);
        return e164 != null ? new Parsed.Ok(e164) : libPhone(field, (String) v, region);
    }

    /** The libphonenumber path alone: what {@link #phone} must always agree with (tests, benchmark). */
    static Parsed phoneSlow(String field, Object raw, String region) {
        Parsed p = phoneText(field, raw, region);
        return p instanceof Parsed.Ok(Object v) ? libPhone(field, (String) v, region) : p;
    }

    /** The cleaned text of a phone value, or the problem. */
    private static Parsed phoneText(String field, Object raw, String region) {
        String s = raw instanceof Number n ? Numbers.wholeDigits(n) : raw instanceof String str ? str : null;
        if (s == null) {
            if (raw instanceof Number) return badPhone(field, region, raw);
            return wrongType(field, raw, "a phone number as text");
        }
        return Text.clean(field, s);
    }

    private static Parsed libPhone(String field, String text, String region) {
        try {
            PhoneNumber number = PHONES.parse(text, region.toUpperCase(Locale.ROOT));
            if (PHONES.isValidNumber(number)) return new Parsed.Ok(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            // Falls through to the same answer as a number that parses but does not exist.
        }
        return badPhone(field, region, text);
    }

    /**
     * E.164 of a valid NANP number written plainly, or null to leave the text to libphonenumber,
     * whose parse regexes cost ~11% of request-thread CPU. Only ASCII digits, spaces and ()-. with
     * an optional leading "+1": for such text parse keeps just the digits, and 10 of them (region
     * US), or 11 after a leading 1, are country code 1 and that national number. Invalid numbers
     * go the slow way too, so every answer here is one the slow path gives.
     */
    static String nanpFast(String text, String region) {
        int length = text.length();
        if (length < 10 || length > 32) return null;
        boolean plus = text.charAt(0) == '+';
        // "+" must be followed by country code 1; "+ 1", "++1" and the like are left to the parser.
        if (plus ? text.charAt(1) != '1' : !"US".equalsIgnoreCase(region)) return null;
        char[] digits = new char[11];
        int count = 0;
        for (int i = plus ? 1 : 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == digits.length) return null;
                digits[count++] = c;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        int start;
        if (count == 10 && !plus) start = 0;
        else if (count == 11 && digits[0] == '1') start = 1;
        else return null;
        // A national number starting 0 or 1 brings in IDD and national-prefix rules: not ours.
        if (digits[start] < '2') return null;
        long national = 0;
        for (int i = start; i < count; i++) national = national * 10 + (digits[i] - '0');
        PhoneNumber number = new PhoneNumber().setCountryCode(1).setNationalNumber(national);
        // isValidNumber first finds the region by running each NANP region's patterns, US first,
        // then checks that region again: a number valid in the US is valid, with one check.
        if (!PHONES.isValidNumberForRegion(number, "US") && !PHONES.isValidNumber(number)) return null;
        return "+1" + new String(digits, start, 10);
    }

    private static Parsed badPhone(String field, String region, Object shown) {
        return Parsed.bad(FieldError.INVALID_PHONE,
                "'%s' must be a valid phone number (international with +, or national for region %s), got %s"
                        .formatted(field, region, Text.quote(shown)));
    }

    private static Parsed zip(String field, Object raw) {
        String s;
        if (raw instanceof Number n) {
            s = Numbers.wholeDigits(n);
            if (s == null || !(s.length() == 5 || s.length() == 9)) {
                return Parsed.bad(FieldError.INVALID_ZIP,
                        ("'%s' got the JSON number %s, which is not a 5-digit ZIP code; send ZIP codes as strings "
                                + "(\"02134\") so that leading zeros are kept").formatted(field, Text.quote(raw)));
            }
        } else if (raw instanceof String str) {
            s = str;
        } else {
            return wrongType(field, raw, "a ZIP code as text");
        }
        Parsed p = Text.clean(field, s);
        if (!(p instanceof Parsed.Ok(Object v))) return p;
        Matcher m = ZIP.matcher((String) v);
        if (!m.matches()) {
            return Parsed.bad(FieldError.INVALID_ZIP,
                    "'%s' must be a US ZIP code (12345 or 12345-6789), got %s".formatted(field, Text.quote(v)));
        }
        return new Parsed.Ok(m.group(1));
    }

    private static Parsed state(String field, Object raw) {
        if (!(raw instanceof String s)) return wrongType(field, raw, "a US state as text");
        Parsed p = Text.clean(field, s);
        if (!(p instanceof Parsed.Ok(Object v))) return p;
        return UsStates.code((String) v).<Parsed>map(Parsed.Ok::new).orElseGet(() -> Parsed.bad(FieldError.INVALID_STATE,
                "'%s' must be a US state, DC or territory, as a 2-letter code or full name (CA, California), got %s"
                        .formatted(field, Text.quote(v))));
    }

    private static Parsed number(String field, Object raw) {
        if (raw instanceof Number n) return Numbers.fromNumber(field, n);
        if (!(raw instanceof String s)) return wrongType(field, raw, "a number");
        Parsed p = Text.clean(field, s);
        return p instanceof Parsed.Ok(Object v) ? Numbers.parse(field, (String) v) : p;
    }

    private static Parsed bool(String field, Object raw) {
        if (raw instanceof Boolean b) return new Parsed.Ok(b);
        String s = raw instanceof Number n ? Numbers.wholeDigits(n) : raw instanceof String str ? str : null;
        if (s == null && !(raw instanceof Number)) return wrongType(field, raw, "a boolean");
        if (s != null) {
            Parsed p = Text.clean(field, s);
            if (!(p instanceof Parsed.Ok(Object v))) return p;
            String token = ((String) v).toLowerCase(Locale.ROOT);
            if (TRUE.contains(token)) return new Parsed.Ok(Boolean.TRUE);
            if (FALSE.contains(token)) return new Parsed.Ok(Boolean.FALSE);
        }
        return Parsed.bad(FieldError.INVALID_BOOLEAN,
                "'%s' must be true/false (also yes/no, y/n, 1/0, on/off), got %s".formatted(field, Text.quote(raw)));
    }

    private static Parsed date(String field, Object raw) {
        if (raw instanceof LocalDate d) {
            if (d.getYear() >= 0 && d.getYear() <= 9999) return new Parsed.Ok(d);
            return Parsed.bad(FieldError.INVALID_DATE, "'%s' must have a 4-digit year, got %s".formatted(field, d));
        }
        if (!(raw instanceof String s)) return wrongType(field, raw, "a date as text");
        Parsed p = Text.clean(field, s);
        if (!(p instanceof Parsed.Ok(Object v))) return p;
        String text = (String) v;
        Matcher iso = ISO_DATE.matcher(text), us = US_DATE.matcher(text);
        int year, month, day;
        if (iso.matches()) {
            year = Integer.parseInt(iso.group(1));
            month = Integer.parseInt(iso.group(2));
            day = Integer.parseInt(iso.group(3));
        } else if (us.matches()) {
            month = Integer.parseInt(us.group(1));
            day = Integer.parseInt(us.group(2));
            year = Integer.parseInt(us.group(3));
        } else {
            return Parsed.bad(FieldError.INVALID_DATE,
                    "'%s' must be a date as YYYY-MM-DD or MM/DD/YYYY, got %s".formatted(field, Text.quote(text)));
        }
        try {
            return new Parsed.Ok(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Parsed.bad(FieldError.INVALID_DATE, "'%s' is not a real date, got %s".formatted(field, Text.quote(text)));
        }
    }

    private static Parsed choice(String field, Object raw, List<String> values) {
        Parsed p = string(field, raw, Integer.MAX_VALUE);
        if (!(p instanceof Parsed.Ok(Object v))) return p;
        for (String allowed : values) if (allowed.equalsIgnoreCase((String) v)) return new Parsed.Ok(allowed);
        String shown = values.size() <= 20 ? String.join(", ", values) : String.join(", ", values.subList(0, 20)) + ", …";
        return Parsed.bad(FieldError.NOT_ALLOWED, "'%s' must be one of [%s], got %s".formatted(field, shown, Text.quote(v)));
    }

    private static Parsed wrongType(String field, Object raw, String expected) {
        String got = Text.scalar(raw) == null ? Text.kind(raw) : Text.kind(raw) + " " + Text.quote(raw);
        return Parsed.bad(FieldError.INVALID_TYPE, "'%s' must be %s, got %s".formatted(field, expected, got));
    }
}
