package leadrouter.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link RoutingState} held in memory: cap counters per buyer and window, rotation turns per
 * rule and buyer, and open circuits, set per buyer or asked of a predicate. Its views are the per-buyer and per-turn objects
 * themselves, so a read is a field access or a small map lookup, with no key to build.
 *
 * <p>Every change to a buyer's counters is also logged (the last {@link #LOG_SIZE} of them), so
 * that the router can redo only what changed ({@link RoutingState#changeCount}); open circuits are
 * known as suspects: the buyers flagged here plus those the circuits' source names.
 *
 * <p>Thread-safe: readers run alongside writers, and concurrent additions to one window are
 * atomic. Objects are never dropped while the router may hold them as views: {@link #clear}
 * empties them in place, so views stay live across a reload.
 */
public final class MemoryState implements RoutingState {

    private static final CapPeriod[] PERIODS = CapPeriod.values();

    private record TurnsKey(RuleKey rule, String buyer) {
    }

    /** Changes kept in the log: far more than a decision's worth, and 32 KB of references. */
    static final int LOG_SIZE = 4096;

    private final Map<String, BuyerCounters> buyers = new ConcurrentHashMap<>();
    private final Map<TurnsKey, TurnsCell> turns = new ConcurrentHashMap<>();
    private volatile Predicate<String> circuits = buyer -> false;
    /** The buyers the circuits' source may report open; null when it cannot say. */
    private volatile Supplier<Collection<String>> circuitSuspects = List::of;
    /** Buyers whose flag is set ({@link #setCircuitOpen}). */
    private final Set<String> flagged = ConcurrentHashMap.newKeySet();
    /** By change number modulo its length, the buyer changed; {@link #changes} logged so far. */
    private final AtomicReferenceArray<String> log;
    private volatile long changes;
    /** Bumped after every new turns cell, so a pending view need not look again until then. */
    private final java.util.concurrent.atomic.AtomicInteger turnsCells = new java.util.concurrent.atomic.AtomicInteger();

    public MemoryState() {
        this(LOG_SIZE);
    }

    /** With a log of {@code logSize} changes (a power of two; tests use small ones). */
    MemoryState(int logSize) {
        if (Integer.bitCount(logSize) != 1) throw new IllegalArgumentException("log size must be a power of two");
        log = new AtomicReferenceArray<>(logSize);
    }

    /**
     * Where open circuits are asked for (the delivery layer's breakers), besides those set open
     * here. Every candidate is then asked about, since the predicate names no suspects.
     */
    public void circuits(Predicate<String> openByBuyer) {
        circuits(openByBuyer, () -> null);
    }

    /** As {@link #circuits(Predicate)}, with {@code suspects} naming every buyer the predicate may find open. */
    public void circuits(Predicate<String> openByBuyer, Supplier<Collection<String>> suspects) {
        this.circuitSuspects = suspects;
        this.circuits = openByBuyer;
    }

    /** Marks a buyer's circuit open or closed (a flag read with the buyer's counters). */
    public synchronized void setCircuitOpen(String buyer, boolean open) {
        counters(buyer).circuitOpen = open;
        if (open) flagged.add(buyer);
        else flagged.remove(buyer);
    }

    @Override
    public Collection<String> circuitSuspects() {
        Collection<String> outside = circuitSuspects.get();
        if (outside == null) return null;
        if (flagged.isEmpty()) return outside;
        if (outside.isEmpty()) return flagged;
        List<String> both = new ArrayList<>(flagged);
        both.addAll(outside);
        return both;
    }

    @Override
    public long changeCount() {
        return changes;
    }

    @Override
    public boolean changedBuyers(long from, long to, Consumer<String> buyer) {
        int size = log.length();
        if (from < 0 || to > changes || to - from > size) return false;
        for (long c = from; c < to; c++) buyer.accept(log.get((int) (c & (size - 1))));
        // Entry `from` is overwritten only by change from + size, written while changes is that number.
        return changes - from < size;
    }

    /** Logs a change of the buyer's counters, after the change is visible. */
    private synchronized void logged(String buyer) {
        long c = changes;
        log.set((int) (c & (log.length() - 1)), buyer);
        changes = c + 1;
    }

    @Override
    public CapUsage capUsage(String buyer, CapPeriod period, Instant windowStart) {
        BuyerCounters b = buyers.get(buyer);
        return b == null ? CapUsage.ZERO : b.capUsage(period, windowStart);
    }

    @Override
    public long rotationTurns(RuleKey rule, String buyer) {
        TurnsCell c = turns.get(new TurnsKey(rule, buyer));
        return c == null ? 0 : c.turns;
    }

    @Override
    public boolean circuitOpen(String buyer) {
        BuyerCounters b = buyers.get(buyer);
        return b != null && b.circuitOpen || circuits.test(buyer);
    }

    @Override
    public BuyerView buyerView(String buyer) {
        return counters(buyer);
    }

    @Override
    public TurnsView turnsView(RuleKey rule, String buyer) {
        TurnsKey key = new TurnsKey(rule, buyer);
        int cells = turnsCells.get();
        TurnsCell c = turns.get(key);
        // Reading creates nothing: a view of turns not yet recorded finds its cell once one is.
        return c != null ? c : new PendingTurns(key, cells);
    }

    /** Adds to a buyer's counter for one window (negative amounts give back, as after a reject). */
    public void add(String buyer, CapPeriod period, Instant windowStart, long leads, long cents) {
        counters(buyer).add(period, windowStart, leads, cents);
    }

    /** Sets a buyer's counter for one window, as loaded from a store. */
    public void set(String buyer, CapPeriod period, Instant windowStart, CapUsage used) {
        counters(buyer).set(period, windowStart, used);
    }

    public void setTurns(RuleKey rule, String buyer, long count) {
        TurnsKey key = new TurnsKey(rule, buyer);
        TurnsCell c = turns.get(key);
        if (c == null) {
            c = turns.computeIfAbsent(key, k -> new TurnsCell());
            turnsCells.incrementAndGet();
        }
        c.turns = count;
    }

    /** Applies an assignment's cap claims and rotation updates. */
    public void apply(Decision.Assigned decision) {
        count(decision.claims(), 1);
        for (Decision.RotationUpdate r : decision.rotation()) setTurns(r.rule(), r.buyer(), r.turns());
    }

    /**
     * Adds cap claims to the counters ({@code sign} 1), or gives them back (-1). A buyer's claims
     * that follow one another (a decision lists them so, one per period) are counted as one
     * change: one version and one log entry, not one per period, which is what readers redo.
     */
    public void count(java.util.List<Decision.CapClaim> claims, int sign) {
        if (sign != 1 && sign != -1) throw new IllegalArgumentException("sign must be 1 or -1");
        int k = 0;
        while (k < claims.size()) {
            String buyer = claims.get(k).buyer();
            BuyerCounters b = counters(buyer);
            for (; k < claims.size() && claims.get(k).buyer().equals(buyer); k++) {
                Decision.CapClaim c = claims.get(k);
                b.update(c.period(), c.windowStart(), sign * c.leads(), sign * c.cents());
            }
            b.changed();
        }
    }

    /** Empties every counter and turn count, keeping the objects that views point at. */
    public void clear() {
        for (BuyerCounters b : buyers.values()) b.clear();
        for (TurnsCell c : turns.values()) c.turns = 0;
    }

    /** Drops counters of windows (other than TOTAL) that started before {@code cutoff}. */
    public void forgetBefore(Instant cutoff) {
        for (BuyerCounters b : buyers.values()) b.forgetBefore(cutoff);
    }

    private BuyerCounters counters(String buyer) {
        BuyerCounters b = buyers.get(buyer);
        return b != null ? b : buyers.computeIfAbsent(buyer, BuyerCounters::new);
    }

    /** One count of turns; it is its own live view. */
    private static final class TurnsCell implements TurnsView {
        volatile long turns;

        @Override
        public long turns() {
            return turns;
        }
    }

    /**
     * A view of turns that had no cell when asked for: looks the cell up again only after some
     * cell was created since it last looked, and keeps it once found.
     */
    private final class PendingTurns implements TurnsView {
        private final TurnsKey key;
        private volatile TurnsCell cell;
        private volatile int cellsSeen;

        PendingTurns(TurnsKey key, int cellsSeen) {
            this.key = key;
            this.cellsSeen = cellsSeen;
        }

        @Override
        public long turns() {
            TurnsCell c = cell;
            if (c == null) {
                int cells = turnsCells.get();
                if (cells == cellsSeen) return 0;
                c = turns.get(key);
                if (c == null) {
                    cellsSeen = cells;
                    return 0;
                }
                cell = c;
            }
            return c.turns;
        }
    }

    /** The usage of one window, as last written. */
    private record Latest(Instant start, CapUsage used) {
    }

    /**
     * One buyer's counters: per period, a map of windows, and the window written last (nearly
     * every read is of the current window, answered from it without hashing).
     */
    private final class BuyerCounters implements BuyerView {
        private static final java.lang.invoke.VarHandle VERSION;

        static {
            try {
                VERSION = java.lang.invoke.MethodHandles.lookup().findVarHandle(BuyerCounters.class, "version", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final String buyer;
        /** Bumped after every change of this buyer's counters. */
        private volatile long version;
        private volatile boolean circuitOpen;
        private final Map<Instant, CapUsage>[] windows;
        private final AtomicReferenceArray<Latest> latest = new AtomicReferenceArray<>(PERIODS.length);

        @SuppressWarnings("unchecked")
        BuyerCounters(String buyer) {
            this.buyer = buyer;
            windows = new Map[PERIODS.length];
            for (int p = 0; p < PERIODS.length; p++) windows[p] = new ConcurrentHashMap<>();
        }

        @Override
        public CapUsage capUsage(CapPeriod period, Instant windowStart) {
            Latest l = latest.get(period.ordinal());
            if (l != null && l.start.equals(windowStart)) return l.used;
            CapUsage u = windows[period.ordinal()].get(windowStart);
            return u == null ? CapUsage.ZERO : u;
        }

        @Override
        public boolean circuitOpen() {
            return circuitOpen || circuits.test(buyer);
        }

        @Override
        public long version() {
            return version;
        }

        void changed() {
            VERSION.getAndAdd(this, 1L);
            logged(buyer);
        }

        void add(CapPeriod period, Instant windowStart, long leads, long cents) {
            update(period, windowStart, leads, cents);
            changed();
        }

        void set(CapPeriod period, Instant windowStart, CapUsage used) {
            update(period, windowStart, old -> used);
            changed();
        }

        /** Adds to one window; the caller then calls {@link #changed}. */
        void update(CapPeriod period, Instant windowStart, long leads, long cents) {
            update(period, windowStart, old -> old == null ? new CapUsage(leads, cents) : old.plus(leads, cents));
        }

        private void update(CapPeriod period, Instant windowStart, java.util.function.UnaryOperator<CapUsage> change) {
            int p = period.ordinal();
            // The latest entry is set inside the map's atomic update of that window, so it never
            // holds an older value of the window than the map does.
            windows[p].compute(windowStart, (start, old) -> {
                CapUsage now = change.apply(old);
                latest.set(p, new Latest(start, now));
                return now;
            });
        }

        void clear() {
            for (int p = 0; p < PERIODS.length; p++) {
                windows[p].clear();
                latest.set(p, null);
            }
            changed();
        }

        void forgetBefore(Instant cutoff) {
            for (int p = 0; p < PERIODS.length; p++) {
                if (PERIODS[p] == CapPeriod.TOTAL) continue;
                windows[p].keySet().removeIf(start -> start.isBefore(cutoff));
                Latest l = latest.get(p);
                if (l != null && l.start.isBefore(cutoff)) latest.compareAndSet(p, l, null);
            }
            changed();
        }
    }
}
