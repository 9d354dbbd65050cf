package leadrouter.routing;

/**
 * A buyer's limit per calendar window: a number of leads, or (when {@code money}) an amount spent
 * in cents. Count and money caps are independent; the first one reached stops the buyer.
 */
public record Cap(CapPeriod per, long max, boolean money) {
    public Cap {
        if (per == null) throw new IllegalArgumentException("cap period is required");
        if (max < 0) throw new IllegalArgumentException("cap max must not be negative, was " + max);
    }

    public static Cap leads(CapPeriod per, long max) {
        return new Cap(per, max, false);
    }

    public static Cap moneyCents(CapPeriod per, long maxCents) {
        return new Cap(per, maxCents, true);
    }
}
