package leadrouter.routing;

import java.time.Instant;

/** The default views of a {@link RoutingState}: each read goes to the state's keyed methods. */
final class KeyedViews {

    private KeyedViews() {
    }

    record Buyer(RoutingState state, String buyer) implements RoutingState.BuyerView {
        public CapUsage capUsage(CapPeriod period, Instant windowStart) {
            return state.capUsage(buyer, period, windowStart);
        }

        public boolean circuitOpen() {
            return state.circuitOpen(buyer);
        }
    }

    record Turns(RoutingState state, RuleKey rule, String buyer) implements RoutingState.TurnsView {
        public long turns() {
            return state.rotationTurns(rule, buyer);
        }
    }
}
