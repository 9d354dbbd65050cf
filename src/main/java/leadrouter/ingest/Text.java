package leadrouter.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * Rules every submitted text obeys whatever its field type: no control characters but tab, CR and
 * LF, well-formed Unicode, composed form (NFC, so that "é" typed two ways compares equal), and no
 * surrounding white space. Also renders values safely inside error messages.
 */
final class Text {
    static final int QUOTE_LIMIT = 40;
    /** Longest plain rendering of a number accepted as text; past it a number is absurd, not an ID. */
    private static final int MAX_NUMBER_TEXT = 1000;

    private Text() {}

    /** The cleaned text, {@link Parsed#ABSENT} if nothing is left, or the problem. */
    static Parsed clean(String field, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') continue;
            if (Character.isISOControl(c)) {
                String what = c == 0 ? "a NUL character" : "a control character (U+%04X)".formatted((int) c);
                return Parsed.bad(FieldError.CONTROL_CHARACTERS,
                        "'%s' contains %s; only tab, CR and LF are allowed: %s".formatted(field, what, quote(s)));
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Parsed.bad(FieldError.INVALID_UNICODE,
                        "'%s' is not well-formed Unicode text (unpaired surrogate U+%04X): %s".formatted(field, (int) c, quote(s)));
            }
        }
        String t = strip(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC));
        return t.isEmpty() ? Parsed.ABSENT : new Parsed.Ok(t);
    }

    /** Removes white space at both ends, including no-break spaces and a byte order mark. */
    static String strip(String s) {
        int start = 0, end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!blank(cp)) break;
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!blank(cp)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    private static boolean blank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0xFEFF;
    }

    static boolean nested(Object v) {
        return v instanceof Map<?, ?> || v instanceof Iterable<?> || v.getClass().isArray();
    }

    /** How a value's JSON kind reads in a message. */
    static String kind(Object v) {
        return switch (v) {
            case String _ -> "text";
            case Number _ -> "a number";
            case Boolean _ -> "a boolean";
            case Map<?, ?> _ -> "an object";
            default -> nested(v) ? "a list" : "a " + v.getClass().getSimpleName();
        };
    }

    /**
     * The text of a scalar that is not a String (number, boolean, date, character), or null when the
     * value has no text form. Numbers keep their written digits, never an exponent or float noise.
     */
    static String scalar(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Character c -> c.toString();
            case LocalDate d -> d.toString();
            case BigDecimal d -> plainDigits(d) > MAX_NUMBER_TEXT ? null : d.toPlainString();
            case Double d -> Double.isFinite(d) ? new BigDecimal(d.toString()).toPlainString() : null;
            case Float f -> Float.isFinite(f) ? new BigDecimal(f.toString()).toPlainString() : null;
            case Number n -> n.toString();
            default -> null;
        };
    }

    /** Digits in a number's plain (non-exponent) form, computed without building it. */
    static long plainDigits(BigDecimal d) {
        long precision = d.precision(), scale = d.scale();
        if (scale <= 0) return precision - scale;
        return Math.max(precision - scale, 1) + scale;
    }

    /** A value as shown in a message: at most 40 characters, control characters escaped, quoted. */
    static String quote(Object v) {
        String text = scalar(v);
        String s = text == null ? kind(v) : text;
        StringBuilder b = new StringBuilder("'");
        int shown = 0, i = 0;
        while (i < s.length() && shown < QUOTE_LIMIT) {
            int cp = s.codePointAt(i);
            if (Character.isISOControl(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) b.append("\\u%04X".formatted(cp));
            else b.appendCodePoint(cp);
            i += Character.charCount(cp);
            shown++;
        }
        if (i < s.length()) b.append('…');
        return b.append('\'').toString();
    }
}
