package leadrouter.routing;

import java.util.List;

/**
 * How a rule picks among the eligible buyers of its pool, and how many it sells to:
 * {@code shares == 1} is an exclusive lead, more is a shared lead sold to that many distinct buyers.
 */
public sealed interface Distribution
        permits Distribution.RoundRobin, Distribution.Weighted, Distribution.Priority, Distribution.HighestBid {

    List<Slot> pool();

    int shares();

    default boolean exclusive() {
        return shares() == 1;
    }

    String method();

    /** Equal turns in pool order. */
    record RoundRobin(List<Slot> pool, int shares) implements Distribution {
        public RoundRobin { pool = checked(pool, shares); }
        public String method() { return "round_robin"; }
    }

    /** Turns in proportion to weights, smoothly interleaved (smooth weighted round-robin). */
    record Weighted(List<Slot> pool, int shares) implements Distribution {
        public Weighted { pool = checked(pool, shares); }
        public String method() { return "weighted"; }
    }

    /** Waterfall: the first eligible buyer by priority; equal priorities take turns. */
    record Priority(List<Slot> pool, int shares) implements Distribution {
        public Priority { pool = checked(pool, shares); }
        public String method() { return "priority"; }
    }

    /** The highest bid wins; ties go to the better priority, then take turns. */
    record HighestBid(List<Slot> pool, int shares) implements Distribution {
        public HighestBid { pool = checked(pool, shares); }
        public String method() { return "highest_bid"; }
    }

    private static List<Slot> checked(List<Slot> pool, int shares) {
        if (shares < 1) throw new IllegalArgumentException("shares must be at least 1, was " + shares);
        if (pool == null || pool.isEmpty()) throw new IllegalArgumentException("pool must name at least one buyer");
        return List.copyOf(pool);
    }
}
