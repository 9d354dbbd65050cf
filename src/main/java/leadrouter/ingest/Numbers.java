package leadrouter.ingest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as submitted (JSON numbers, or text such as "150.25", "-3", "$1,200.50") turned into
 * BigDecimal from their written digits, so no binary rounding creeps in.
 */
final class Numbers {
    static final BigDecimal MAX_ABS = BigDecimal.TEN.pow(15);
    static final int MAX_DIGITS = 30;
    /** Longer text cannot be a number within the limits; refusing it early keeps parsing cheap. */
    private static final int MAX_TEXT = 100;

    private static final Pattern PLAIN = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?");
    /** Money style: one optional leading "$", thousands commas only where they belong. */
    private static final Pattern MONEY = Pattern.compile("([+-]?)\\$?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?");

    private Numbers() {}

    static Parsed parse(String field, String text) {
        if (text.length() > MAX_TEXT) return tooManyDigits(field, text);
        BigDecimal d;
        if (PLAIN.matcher(text).matches()) {
            d = new BigDecimal(text);
        } else {
            Matcher m = MONEY.matcher(text);
            if (!m.matches()) {
                return Parsed.bad(FieldError.INVALID_NUMBER,
                        "'%s' must be a number like 150, -3, 150.25 or $1,200.50, got %s".formatted(field, Text.quote(text)));
            }
            String fraction = m.group(3) == null ? "" : m.group(3);
            d = new BigDecimal(m.group(1) + m.group(2).replace(",", "") + fraction);
        }
        return check(field, d, text);
    }

    static Parsed fromNumber(String field, Number n) {
        BigDecimal d = exact(n);
        if (d == null) {
            return Parsed.bad(FieldError.INVALID_NUMBER, "'%s' must be a finite number, got %s".formatted(field, n));
        }
        return check(field, d, n);
    }

    /** The exact decimal value of a number as it was written, or null if it is not finite. */
    static BigDecimal exact(Number n) {
        try {
            return switch (n) {
                case BigDecimal d -> d;
                case BigInteger i -> new BigDecimal(i);
                case Integer i -> BigDecimal.valueOf(i);
                case Long l -> BigDecimal.valueOf(l);
                case Short s -> BigDecimal.valueOf(s);
                case Byte b -> BigDecimal.valueOf(b);
                case Double x -> Double.isFinite(x) ? new BigDecimal(x.toString()) : null;
                case Float x -> Float.isFinite(x) ? new BigDecimal(x.toString()) : null;
                default -> new BigDecimal(n.toString());
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Digits of a whole non-negative number of at most 20 digits, else null (for ZIPs and phones sent as numbers). */
    static String wholeDigits(Number n) {
        BigDecimal d = exact(n);
        if (d == null || d.signum() < 0 || d.abs().compareTo(BigDecimal.TEN.pow(20)) >= 0) return null;
        try {
            return d.toBigIntegerExact().toString();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Parsed check(String field, BigDecimal d, Object shown) {
        if (d.precision() > MAX_DIGITS) return tooManyDigits(field, shown);
        if (d.abs().compareTo(MAX_ABS) > 0) {
            return Parsed.bad(FieldError.INVALID_NUMBER,
                    "'%s' must be between -10^15 and 10^15, got %s".formatted(field, Text.quote(shown)));
        }
        if (Text.plainDigits(d) > MAX_DIGITS) return tooManyDigits(field, shown);
        // 1E+3 and 1000 are the same value; keep the form whose text reads back to an equal BigDecimal.
        return new Parsed.Ok(d.scale() < 0 ? d.setScale(0) : d);
    }

    private static Parsed tooManyDigits(String field, Object shown) {
        return Parsed.bad(FieldError.INVALID_NUMBER,
                "'%s' must have at most %d digits, got %s".formatted(field, MAX_DIGITS, Text.quote(shown)));
    }
}
