package leadrouter.engine;

import leadrouter.routing.CapPeriod;
import leadrouter.routing.CapUsage;
import leadrouter.routing.Decision;
import leadrouter.routing.RoutingState;
import leadrouter.routing.RuleKey;
import leadrouter.store.Rows;
import leadrouter.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The routing state of this node, in memory: cap counters and rotation turns, loaded from the
 * store at start-up and changed only by the writer thread, in the same order as the writes it
 * commits. Readers (the caps endpoint) may look at it concurrently. If a commit fails, the state
 * is reloaded from the store, which is the truth.
 */
public final class LiveState implements RoutingState {
    /** Counters older than this are dropped from memory; the longest calendar window is a month. */
    private static final Duration KEEP = Duration.ofDays(40);

    private record CounterKey(String buyer, CapPeriod period, Instant windowStart) {
    }

    private record TurnsKey(RuleKey rule, String buyer) {
    }

    private final Map<CounterKey, CapUsage> counters = new ConcurrentHashMap<>();
    private final Map<TurnsKey, Long> turns = new ConcurrentHashMap<>();
    private volatile Predicate<String> circuitOpen = buyer -> false;

    public void circuits(Predicate<String> openByBuyer) {
        this.circuitOpen = openByBuyer;
    }

    @Override
    public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) {
        return counters.getOrDefault(new CounterKey(buyer, period, windowStart), CapUsage.ZERO);
    }

    @Override
    public long rotationTurns(RuleKey rule, String buyer) {
        return turns.getOrDefault(new TurnsKey(rule, buyer), 0L);
    }

    @Override
    public boolean circuitOpen(String buyer) {
        return circuitOpen.test(buyer);
    }

    public void apply(Decision.Assigned decision) {
        for (Decision.CapClaim c : decision.claims()) add(c.buyer(), c.period(), c.windowStart(), c.leads(), c.cents());
        for (Decision.RotationUpdate r : decision.rotation()) turns.put(new TurnsKey(r.rule(), r.buyer()), r.turns());
    }

    public void add(String buyer, CapPeriod period, Instant windowStart, long leads, long cents) {
        counters.merge(new CounterKey(buyer, period, windowStart), new CapUsage(leads, cents),
                (a, b) -> a.plus(b.leads(), b.cents()));
    }

    /** Replaces everything with what the store holds. */
    public synchronized void load(Store store, Instant now) {
        counters.clear();
        turns.clear();
        for (Rows.CounterRow c : store.counters(now.minus(KEEP))) {
            counters.put(new CounterKey(c.buyer(), c.period(), c.windowStart()), new CapUsage(c.leads(), c.cents()));
        }
        for (Rows.RotationRow r : store.rotation()) {
            turns.put(new TurnsKey(new RuleKey(r.campaign(), r.rule()), r.buyer()), r.turns());
        }
    }

    /** Forgets counters of windows that ended long ago (they stay in the store). */
    public void forgetBefore(Instant cutoff) {
        counters.keySet().removeIf(k -> k.period() != CapPeriod.TOTAL && k.windowStart().isBefore(cutoff));
    }

    public Instant keepSince(Instant now) {
        return now.minus(KEEP);
    }
}
