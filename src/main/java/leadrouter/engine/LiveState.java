package leadrouter.engine;

import leadrouter.routing.CapPeriod;
import leadrouter.routing.CapUsage;
import leadrouter.routing.Decision;
import leadrouter.routing.MemoryState;
import leadrouter.routing.RoutingState;
import leadrouter.routing.RuleKey;
import leadrouter.store.Rows;
import leadrouter.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The routing state of this node, in memory: cap counters and rotation turns, loaded from the
 * store at start-up and changed only by the writer thread, in the same order as the writes it
 * commits. Readers (the caps endpoint) may look at it concurrently. If a commit fails, the state
 * is reloaded from the store, which is the truth. Held in a {@link MemoryState}, whose live
 * views let the router read a buyer's counters without building keys.
 */
public final class LiveState implements RoutingState {
    /** Counters older than this are dropped from memory; the longest calendar window is a month. */
    private static final Duration KEEP = Duration.ofDays(40);

    private final MemoryState memory = new MemoryState();

    /** Where open circuits are asked for; {@code suspects} names every buyer the predicate may find open. */
    public void circuits(Predicate<String> openByBuyer, Supplier<Collection<String>> suspects) {
        memory.circuits(openByBuyer, suspects);
    }

    @Override
    public long changeCount() {
        return memory.changeCount();
    }

    @Override
    public boolean changedBuyers(long from, long to, Consumer<String> buyer) {
        return memory.changedBuyers(from, to, buyer);
    }

    @Override
    public Collection<String> circuitSuspects() {
        return memory.circuitSuspects();
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

    public void apply(Decision.Assigned decision) {
        memory.apply(decision);
    }

    public void add(String buyer, CapPeriod period, Instant windowStart, long leads, long cents) {
        memory.add(buyer, period, windowStart, leads, cents);
    }

    /** Replaces everything with what the store holds. */
    public synchronized void load(Store store, Instant now) {
        memory.clear();
        for (Rows.CounterRow c : store.counters(now.minus(KEEP))) {
            memory.set(c.buyer(), c.period(), c.windowStart(), new CapUsage(c.leads(), c.cents()));
        }
        for (Rows.RotationRow r : store.rotation()) {
            memory.setTurns(new RuleKey(r.campaign(), r.rule()), r.buyer(), r.turns());
        }
    }

    /** Forgets counters of windows that ended long ago (they stay in the store). */
    public void forgetBefore(Instant cutoff) {
        memory.forgetBefore(cutoff);
    }

    public Instant keepSince(Instant now) {
        return now.minus(KEEP);
    }
}
