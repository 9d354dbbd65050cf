package leadrouter.bench.routing;

import leadrouter.routing.CapPeriod;
import leadrouter.routing.CapUsage;
import leadrouter.routing.MemoryState;
import leadrouter.routing.RoutingState;
import leadrouter.routing.RuleKey;

import java.time.Instant;

/**
 * Counters, rotation turns and open circuits in memory, held as the server holds them (a
 * {@link MemoryState}, as in its live state): the cost of a warm in-memory cache.
 */
public final class InMemoryRoutingState implements RoutingState {

    private final MemoryState memory = new MemoryState();

    public void setUsage(String buyer, CapPeriod period, Instant windowStart, CapUsage used) {
        memory.set(buyer, period, windowStart, used);
    }

    public void setTurns(RuleKey rule, String buyer, long count) {
        memory.setTurns(rule, buyer, count);
    }

    public void openCircuit(String buyer) {
        memory.setCircuitOpen(buyer, true);
    }

    @Override
    public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) {
        return memory.capUsage(buyer, period, windowStart);
    }

    @Override
    public long rotationTurns(RuleKey rule, String buyer) {
        return memory.rotationTurns(rule, buyer);
    }

    @Override
    public boolean circuitOpen(String buyer) {
        return memory.circuitOpen(buyer);
    }

    @Override
    public BuyerView buyerView(String buyer) {
        return memory.buyerView(buyer);
    }

    @Override
    public TurnsView turnsView(RuleKey rule, String buyer) {
        return memory.turnsView(rule, buyer);
    }
}
