package leadrouter.config;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Money in a config is written in currency units with at most two decimals ({@code 42.50}) and
 * held as cents. An amount with more decimals is an error: it is never rounded.
 */
public final class Amounts {
    private static final Pattern TEXT = Pattern.compile("-?\\d+(\\.\\d+)?");

    private Amounts() {
    }

    public static long cents(BigDecimal amount) {
        if (amount.signum() < 0) throw new IllegalArgumentException("must not be negative, got " + amount.toPlainString());
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.scale() > 2) {
            throw new IllegalArgumentException("has more than 2 decimals (" + amount.toPlainString() + "); amounts are not rounded");
        }
        try {
            return amount.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large: " + amount.toPlainString());
        }
    }

    /** Parses text such as "42.50" or "7". */
    public static long cents(String text) {
        if (text == null || !TEXT.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("must be an amount such as 42.50, got '" + text + "'");
        }
        return cents(new BigDecimal(text.trim()));
    }

    /** "42.50" for 4250. */
    public static String format(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
