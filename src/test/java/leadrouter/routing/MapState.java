package leadrouter.routing;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A routing state for tests: counters and turns in maps, updated by applying decisions. */
final class MapState implements RoutingState {
    final Map<String, CapUsage> counters = new HashMap<>();
    final Map<String, Long> turns = new HashMap<>();
    final Set<String> openCircuits = new HashSet<>();

    @Override
    public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) {
        return counters.getOrDefault(buyer + "|" + period + "|" + windowStart, CapUsage.ZERO);
    }

    @Override
    public long rotationTurns(RuleKey rule, String buyer) {
        return turns.getOrDefault(rule + "|" + buyer, 0L);
    }

    @Override
    public boolean circuitOpen(String buyer) {
        return openCircuits.contains(buyer);
    }

    Decision apply(Decision d) {
        if (d instanceof Decision.Assigned a) {
            for (Decision.CapClaim c : a.claims()) {
                counters.merge(c.buyer() + "|" + c.period() + "|" + c.windowStart(), new CapUsage(c.leads(), c.cents()),
                        (x, y) -> x.plus(y.leads(), y.cents()));
            }
            for (Decision.RotationUpdate r : a.rotation()) turns.put(r.rule() + "|" + r.buyer(), r.turns());
        }
        return d;
    }
}
