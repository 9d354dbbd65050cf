package leadrouter.bench.routing;

import leadrouter.routing.CapPeriod;
import leadrouter.routing.CapUsage;
import leadrouter.routing.RoutingState;
import leadrouter.routing.RuleKey;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Counters, rotation turns and open circuits in hash maps: the cost of a warm in-memory cache. */
public final class InMemoryRoutingState implements RoutingState {

    private record UsageKey(String buyer, CapPeriod period, Instant windowStart) {
    }

    private record TurnsKey(RuleKey rule, String buyer) {
    }

    private final Map<UsageKey, CapUsage> usage = new HashMap<>();
    private final Map<TurnsKey, Long> turns = new HashMap<>();
    private final Set<String> openCircuits = new HashSet<>();

    public void setUsage(String buyer, CapPeriod period, Instant windowStart, CapUsage used) {
        usage.put(new UsageKey(buyer, period, windowStart), used);
    }

    public void setTurns(RuleKey rule, String buyer, long count) {
        turns.put(new TurnsKey(rule, buyer), count);
    }

    public void openCircuit(String buyer) {
        openCircuits.add(buyer);
    }

    @Override
    public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) {
        return usage.getOrDefault(new UsageKey(buyer, period, windowStart), CapUsage.ZERO);
    }

    @Override
    public long rotationTurns(RuleKey rule, String buyer) {
        return turns.getOrDefault(new TurnsKey(rule, buyer), 0L);
    }

    @Override
    public boolean circuitOpen(String buyer) {
        return openCircuits.contains(buyer);
    }
}
