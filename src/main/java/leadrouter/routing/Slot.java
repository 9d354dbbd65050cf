package leadrouter.routing;

/**
 * A buyer's place in a rule's pool: its weight (weighted split), priority (waterfall and bid
 * tie-break; lower goes first), and optional bid and price overrides in cents.
 */
public record Slot(String buyer, int weight, int priority, Long bidCents, Long priceCents) {
    public Slot {
        if (buyer == null || buyer.isBlank()) throw new IllegalArgumentException("pool entry needs a buyer");
        if (weight <= 0) throw new IllegalArgumentException("weight must be positive, was " + weight);
        if (bidCents != null && bidCents < 0) throw new IllegalArgumentException("bid must not be negative");
        if (priceCents != null && priceCents < 0) throw new IllegalArgumentException("price must not be negative");
    }

    public static Slot of(String buyer, int priority) {
        return new Slot(buyer, 1, priority, null, null);
    }
}
