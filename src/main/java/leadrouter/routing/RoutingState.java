package leadrouter.routing;

import java.time.Instant;

/** What the router reads besides the lead and config: counters, rotation turns, open circuits. */
public interface RoutingState {

    /** Usage of the buyer's counter for the window of {@code period} that starts at {@code windowStart}. */
    CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart);

    /** How many turns the buyer has had in a rule's rotation (0 if none yet). */
    long rotationTurns(RuleKey rule, String buyer);

    /** True while the buyer's primary delivery endpoint is failing (circuit open). */
    boolean circuitOpen(String buyer);

    RoutingState EMPTY = new RoutingState() {
        public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) { return CapUsage.ZERO; }
        public long rotationTurns(RuleKey rule, String buyer) { return 0; }
        public boolean circuitOpen(String buyer) { return false; }
    };
}
