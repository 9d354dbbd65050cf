package leadrouter.routing;

import java.time.Instant;
import java.util.Arrays;

/**
 * Whether one buyer can take one lead now, for the candidates of one decision; null means
 * eligible, else the first reason it cannot. Reasons that carry no data are shared instances.
 *
 * <p>What hours and caps say about a pool slot depends only on the buyer's local minute and
 * offset, its counters and (with a money cap) the slot's price; with a state whose views are
 * versioned, it is kept ({@link HoursAndCaps}: per buyer, or per slot for money caps) and used
 * again while none of these has changed, and likewise whether a closed buyer could take the lead
 * at its opening ({@link Deferral}).
 *
 * <p>With a state that logs its changes, the plan also keeps one {@link Verdict} per buyer for the
 * current minute, shared by every rule naming the buyer (for a buyer with a money cap, what its
 * caps say at any price: {@link PricedCaps}), and forgets only those of buyers changed since: a
 * candidate then costs a few array reads, not a look at its counters. Circuits are asked
 * of the state's suspects once per decision, not of every candidate.
 */
final class Eligibility {

    static final SkipReason.Paused PAUSED = new SkipReason.Paused();
    static final SkipReason.CircuitOpen CIRCUIT_OPEN = new SkipReason.CircuitOpen();
    static final SkipReason.RejectedLead REJECTED = new SkipReason.RejectedLead();
    static final SkipReason.AlreadyHasLead ALREADY_HAS = new SkipReason.AlreadyHasLead();
    static final SkipReason.NotNextInRotation NOT_NEXT = new SkipReason.NotNextInRotation();

    /** The hours and caps verdict for a slot at one local minute and offset, from one version of the counters. */
    record HoursAndCaps(RoutingState.BuyerView view, long version, long minute, int offset, boolean open,
                        SkipReason.CapReached capped) {
    }

    /**
     * What hours and caps say of a buyer now: why it cannot take a lead ({@code reason}, null if
     * it can) and, when closed, when it could by waiting ({@code deferAt}). For an open buyer with
     * a money cap the answer depends on the slot's price: {@code priced} holds it, and
     * {@code deferAt} is left to each slot.
     */
    record Verdict(SkipReason reason, Instant deferAt, PricedCaps priced) {
    }

    /**
     * The caps of an open buyer with a money cap, in the buyer's order, as far as its first lead
     * cap already reached: cap k stops a lead priced above {@code headroom[k]} (the cents left;
     * {@link #ALWAYS} for a lead cap reached), with {@code reason[k]}. Caps with room for one more
     * lead are left out. The same answer as checking each cap with the price.
     */
    record PricedCaps(long[] headroom, SkipReason.CapReached[] reason) {
        static final long ALWAYS = Long.MIN_VALUE;

        SkipReason.CapReached reasonAt(long price) {
            for (int k = 0; k < headroom.length; k++) {
                if (headroom[k] == ALWAYS || price > headroom[k]) return reason[k];
            }
            return null;
        }
    }

    private static final Verdict CLEAR = new Verdict(null, null, null);

    /**
     * Verdicts by buyer index for the UTC minute {@code minute}, each made from {@code state}
     * as of change number {@code changes} or later; null where not made yet.
     */
    record BuyerVerdicts(RoutingState state, long minute, long changes, Verdict[] byBuyer) {
    }

    /** Whether a slot's buyer could take the lead at {@code opensAt}, from one version of its counters. */
    record Deferral(RoutingState.BuyerView view, long version, Instant opensAt, Instant at) {
    }

    private final LeadView lead;
    private final LeadHistory history;
    private final Instant now;
    private final long nowSeconds;
    private final RoutingState.BuyerView[] views;
    private final RoutingState state;
    /** Local time now per zone of the plan, read once per decision (the thread's scratch arrays). */
    private final long[] localNow;
    private final boolean[] localKnown;
    /** Most leads have no history: one test instead of three per candidate. */
    private final boolean hasHistory;
    private SkipReason.ExclusiveTaken exclusiveTaken;
    /** By buyer index, whose circuit is open now; null when none is (or when each is asked). */
    private final boolean[] openCircuit;
    /** The state names no suspects: each candidate's circuit is asked about. */
    private final boolean askEachCircuit;
    /** The plan's verdicts by buyer for now (see {@link #verdicts}), or null. */
    private final Verdict[] verdicts;

    Eligibility(RoutingPlan plan, LeadView lead, LeadHistory history, RoutingState state, Instant now) {
        this.lead = lead;
        this.history = history;
        this.state = state;
        this.views = plan.views(state);
        Scratch scratch = Scratch.get().forZones(plan.zones());
        this.localNow = scratch.localNow;
        this.localKnown = scratch.localKnown;
        this.now = now;
        this.nowSeconds = now.getEpochSecond();
        this.hasHistory = history.exclusiveOwner() != null || !history.rejectedBy().isEmpty() || !history.holders().isEmpty();
        java.util.Collection<String> suspects = state.circuitSuspects();
        askEachCircuit = suspects == null;
        boolean[] open = null;
        if (suspects != null) {
            for (String id : suspects) {
                for (BuyerPlan b : plan.buyersWithId(id)) {
                    if (!view(b).circuitOpen()) continue;
                    if (open == null) open = new boolean[views.length];
                    open[b.index] = true;
                }
            }
        }
        openCircuit = open;
        verdicts = verdicts(plan, state, nowSeconds);
    }

    /**
     * Fills {@code reason} with each slot's reason (null when eligible; else the first of: the
     * lead's history, paused, circuit open, the buyer's filter, hours and caps) and returns the
     * earliest time a slot closed now could take the lead by waiting, or null.
     *
     * <p>One loop with the common path written out and what is rare in methods of its own: a
     * call per slot, or a per-slot method too large to inline, costs more than the checks.
     */
    Instant checkAll(RulePlan.Pool pool, SkipReason[] reason) {
        Instant deferUntil = null;
        boolean[] active = pool.active;
        int[] buyerIndex = pool.buyerIndex;
        Matcher<SkipReason.FilterFailed>[] accepts = pool.accepts;
        for (int i = 0; i < pool.size; i++) {
            SkipReason r = hasHistory ? historyReason(pool.buyers[i].id) : null;
            if (r == null) {
                if (!active[i]) {
                    r = PAUSED;
                } else if (openCircuit != null ? openCircuit[buyerIndex[i]] : askEachCircuit && view(pool, i).circuitOpen()) {
                    r = CIRCUIT_OPEN;
                } else {
                    Matcher<SkipReason.FilterFailed> filter = accepts[i];
                    if (filter != null) r = filter.failing(lead);
                    if (r == null) r = hoursAndCaps(pool, i, buyerIndex[i]);
                }
            }
            if (r == null) continue;
            reason[i] = r;
            if (r instanceof SkipReason.OutsideHours closed) {
                Instant at = deferUntil(pool, i, closed);
                if (at != null && (deferUntil == null || at.isBefore(deferUntil))) deferUntil = at;
            }
        }
        return deferUntil;
    }

    /** What hours and caps say of slot {@code i} (buyer {@code buyer}) now: the plan's verdict when it keeps them. */
    private SkipReason hoursAndCaps(RulePlan.Pool pool, int i, int buyer) {
        if (verdicts == null) return hoursAndCaps(pool, i);
        Verdict v = verdicts[buyer];
        if (v == null) v = verdict(pool, i);
        return v.priced == null ? v.reason : v.priced.reasonAt(pool.price[i]);
    }

    /** Why the lead's history keeps buyer {@code id} from it, or null. */
    private SkipReason historyReason(String id) {
        String owner = history.exclusiveOwner();
        if (owner != null && !owner.equals(id)) {
            if (exclusiveTaken == null) exclusiveTaken = new SkipReason.ExclusiveTaken(owner);
            return exclusiveTaken;
        }
        if (history.rejectedBy().contains(id)) return REJECTED;
        if (history.holders().contains(id)) return ALREADY_HAS;
        return null;
    }

    /** When slot {@code i}'s buyer, closed now ({@code closed}, from {@link #checkAll}), could take the lead by waiting, or null. */
    Instant deferUntil(RulePlan.Pool pool, int i, SkipReason.OutsideHours closed) {
        if (verdicts == null || pool.moneyCaps[i]) return deferrableAt(pool, i, closed);
        return verdict(pool, i).deferAt;
    }

    /** The plan's verdict on slot {@code i}'s buyer now, made if not known yet. */
    private Verdict verdict(RulePlan.Pool pool, int i) {
        int buyer = pool.buyerIndex[i];
        Verdict v = verdicts[buyer];
        if (v == null) {
            if (pool.moneyCaps[i]) {
                v = pricedVerdict(pool, i);
            } else {
                SkipReason r = hoursAndCaps(pool, i);
                v = r == null ? CLEAR : new Verdict(r, r instanceof SkipReason.OutsideHours closed ? deferrableAt(pool, i, closed) : null, null);
            }
            verdicts[buyer] = v;
        }
        return v;
    }

    /** The verdict on slot {@code i}'s buyer, which has a money cap: closed, or its caps for any price. */
    private Verdict pricedVerdict(RulePlan.Pool pool, int i) {
        BuyerPlan b = pool.buyers[i];
        long local = localNow(pool, i);
        if (!b.hours.isOpen(local)) return new Verdict(b.closed(now), null, null);
        RoutingState.BuyerView view = view(pool, i);
        int caps = b.capPeriod.length;
        long[] headroom = new long[caps];
        SkipReason.CapReached[] reason = new SkipReason.CapReached[caps];
        int m = 0;
        for (int k = 0; k < caps; k++) {
            CapPeriod period = b.capPeriod[k];
            ZoneCalendar.Window window = b.calendar.window(period, now, local);
            CapUsage used = view.capUsage(period, window.start());
            boolean money = b.capMoney[k];
            long current = money ? used.cents() : used.leads();
            if (!money && current + 1 <= b.capMax[k]) continue;
            headroom[m] = money ? b.capMax[k] - current : PricedCaps.ALWAYS;
            reason[m++] = new SkipReason.CapReached(period, current, b.capMax[k], money, window.reset());
            if (!money) break;
        }
        return new Verdict(null, null, new PricedCaps(Arrays.copyOf(headroom, m), Arrays.copyOf(reason, m)));
    }

    /**
     * The plan's verdicts by buyer for now, to fill in as needed, or null when the state keeps no
     * log of its changes (then every candidate asks its counters). Kept in the plan for the UTC
     * minute (local minutes, and so hours, windows and openings, change only with it while
     * offsets are whole minutes) and brought up to date by forgetting the verdicts on the buyers
     * the state logged as changed: usually the one or two the decision before counted a lead for.
     * Published arrays are only ever filled in; forgetting is done on a copy.
     */
    private static Verdict[] verdicts(RoutingPlan plan, RoutingState state, long nowSeconds) {
        long changes = state.changeCount();
        if (changes == RoutingState.NO_LOG) return null;
        long minute = Math.floorDiv(nowSeconds, 60);
        BuyerVerdicts known = plan.verdicts;
        int buyers = plan.buyerCount();
        if (known != null && known.state == state && known.minute == minute) {
            if (known.changes == changes) return known.byBuyer;
            // A decision logs a change per cap period of the buyer it counted; past a few such
            // per buyer, starting afresh costs less than replaying the log.
            if (changes - known.changes <= 4L * buyers + 64) {
                Verdict[] v = known.byBuyer.clone();
                String[] last = new String[1];
                boolean logged = state.changedBuyers(known.changes, changes, id -> {
                    if (id == last[0]) return;
                    last[0] = id;
                    for (BuyerPlan b : plan.buyersWithId(id)) v[b.index] = null;
                });
                if (logged) {
                    plan.verdicts = new BuyerVerdicts(state, minute, changes, v);
                    return v;
                }
            }
        }
        if (!plan.wholeMinutes(minute)) return null;
        Verdict[] v = new Verdict[buyers];
        plan.verdicts = new BuyerVerdicts(state, minute, changes, v);
        return v;
    }

    /** What hours and caps say of slot {@code i} now: open and within caps (null), or why not. */
    private SkipReason hoursAndCaps(RulePlan.Pool pool, int i) {
        int buyer = pool.buyerIndex[i];
        RoutingState.BuyerView view = view(pool, i);
        long local = localNow(pool, i);
        long minute = Math.floorDiv(local, 60);
        int offset = (int) (local - nowSeconds);
        long version = view.version();
        boolean versioned = version != RoutingState.BuyerView.UNVERSIONED;
        boolean money = pool.moneyCaps[i];
        if (versioned) {
            HoursAndCaps known = money ? pool.hoursAndCaps[i] : pool.memos.hoursAndCaps[buyer];
            if (known != null && known.view == view && known.version == version && known.minute == minute && known.offset == offset) {
                return known.open ? known.capped : pool.buyers[i].closed(now);
            }
        }
        BuyerPlan b = pool.buyers[i];
        boolean open = b.hours.isOpen(local);
        SkipReason.CapReached capped = open ? capReached(b, view, now, local, pool.price[i]) : null;
        if (versioned) {
            HoursAndCaps known = new HoursAndCaps(view, version, minute, offset, open, capped);
            if (money) pool.hoursAndCaps[i] = known;
            else pool.memos.hoursAndCaps[buyer] = known;
        }
        return open ? capped : b.closed(now);
    }

    private RoutingState.BuyerView view(RulePlan.Pool pool, int i) {
        return view(pool.buyers[i]);
    }

    private RoutingState.BuyerView view(BuyerPlan b) {
        RoutingState.BuyerView v = views[b.index];
        if (v == null) views[b.index] = v = state.buyerView(b.id);
        return v;
    }

    private long localNow(RulePlan.Pool pool, int i) {
        int z = pool.zone[i];
        if (localKnown[z]) return localNow[z];
        localKnown[z] = true;
        return localNow[z] = pool.buyers[i].calendar.localSeconds(now);
    }

    /** The first cap the lead would exceed at {@code at} (local seconds {@code local}), or null. */
    private static SkipReason.CapReached capReached(BuyerPlan b, RoutingState.BuyerView view, Instant at, long local, long price) {
        for (int k = 0; k < b.capPeriod.length; k++) {
            CapPeriod period = b.capPeriod[k];
            boolean money = b.capMoney[k];
            ZoneCalendar.Window window = b.calendar.window(period, at, local);
            CapUsage used = view.capUsage(period, window.start());
            long current = money ? used.cents() : used.leads();
            long adding = money ? price : 1;
            if (current + adding > b.capMax[k]) {
                return new SkipReason.CapReached(period, current, b.capMax[k], money, window.reset());
            }
        }
        return null;
    }

    /** When slot {@code i}'s buyer, closed now, could take the lead if it waits: at opening, if open then and within caps. */
    Instant deferrableAt(RulePlan.Pool pool, int i, SkipReason.OutsideHours closed) {
        BuyerPlan b = pool.buyers[i];
        Instant opens = closed.opensAt();
        if (!b.defers() || opens == null) return null;
        RoutingState.BuyerView view = view(pool, i);
        long version = view.version();
        Deferral known = b.moneyCaps ? pool.deferrals[i] : pool.memos.deferrals[b.index];
        if (version != RoutingState.BuyerView.UNVERSIONED && known != null && known.view == view && known.version == version
                && known.opensAt.equals(opens)) {
            return known.at;
        }
        Instant at = capReached(b, view, opens, b.calendar.localSeconds(opens), pool.price[i]) == null ? opens : null;
        if (version != RoutingState.BuyerView.UNVERSIONED) {
            if (b.moneyCaps) pool.deferrals[i] = new Deferral(view, version, opens, at);
            else pool.memos.deferrals[b.index] = new Deferral(view, version, opens, at);
        }
        return at;
    }
}
