package leadrouter.routing;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * What the router reads besides the lead and config: counters, rotation turns, open circuits.
 *
 * <p>The router reads through views ({@link #buyerView}, {@link #turnsView}) and may keep a view
 * for as long as it sees the same state object, across decisions. A view is live: every call
 * answers from the state as it is at that moment, as the keyed methods would. The defaults
 * delegate to the keyed methods; a state that overrides them does so to answer without building
 * a key or hashing on every read.
 */
public interface RoutingState {

    /** Usage of the buyer's counter for the window of {@code period} that starts at {@code windowStart}. */
    CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart);

    /** How many turns the buyer has had in a rule's rotation (0 if none yet). */
    long rotationTurns(RuleKey rule, String buyer);

    /** True while the buyer's primary delivery endpoint is failing (circuit open). */
    boolean circuitOpen(String buyer);

    /** {@link #changeCount()} of a state that keeps no log of its changes. */
    long NO_LOG = -1;

    /**
     * How many changes to buyers' counters (what {@link BuyerView#capUsage} answers) the state has
     * logged so far, or {@link #NO_LOG}. With a log, the router keeps what it concluded about a
     * pool and redoes only the buyers logged as changed since (see {@link #changedBuyers}).
     */
    default long changeCount() {
        return NO_LOG;
    }

    /**
     * Gives the buyer of each change numbered {@code from} (inclusive) to {@code to} (exclusive),
     * once or more each, and returns true; or returns false when the log no longer holds them all
     * (the caller then asks about every buyer again). A change is logged after it is visible.
     */
    default boolean changedBuyers(long from, long to, Consumer<String> buyer) {
        return false;
    }

    /**
     * The buyers whose circuit may be open now, a superset that is usually empty: the router asks
     * {@link BuyerView#circuitOpen} of these only. Null when the state cannot narrow it down, and
     * then every candidate is asked.
     */
    default Collection<String> circuitSuspects() {
        return null;
    }

    /** A live view of one buyer's counters and circuit. */
    default BuyerView buyerView(String buyer) {
        return new KeyedViews.Buyer(this, buyer);
    }

    /** A live view of the turns one buyer has had in one rule's rotation. */
    default TurnsView turnsView(RuleKey rule, String buyer) {
        return new KeyedViews.Turns(this, rule, buyer);
    }

    /** One buyer's part of a state; answers as {@link #capUsage} and {@link #circuitOpen} would now. */
    interface BuyerView {
        /** {@link #version()} of a view that cannot tell when its counters change. */
        long UNVERSIONED = -1;

        CapUsage capUsage(CapPeriod period, Instant windowStart);

        boolean circuitOpen();

        /**
         * A number that changes (after the change is visible) whenever any of this buyer's
         * counters change, so the router may keep what it concluded from them until then; never
         * {@link #UNVERSIONED} for such a view. The default cannot tell, and the router then reads
         * the counters every time.
         */
        default long version() {
            return UNVERSIONED;
        }
    }

    /** One buyer's turns in one rotation; answers as {@link #rotationTurns} would now. */
    interface TurnsView {
        long turns();
    }

    RoutingState EMPTY = new RoutingState() {
        public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) { return CapUsage.ZERO; }
        public long rotationTurns(RuleKey rule, String buyer) { return 0; }
        public boolean circuitOpen(String buyer) { return false; }
    };
}
