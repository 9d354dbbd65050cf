package leadrouter.routing;

import java.time.Instant;

/**
 * Whether one buyer can take one lead now, for the candidates of one decision; null means
 * eligible, else the first reason it cannot. Reasons that carry no data are shared instances.
 *
 * <p>What hours and caps say about a pool slot depends only on the buyer's local minute and
 * offset, its counters and (with a money cap) the slot's price; with a state whose views are
 * versioned, it is kept ({@link HoursAndCaps}: per buyer, or per slot for money caps) and used
 * again while none of these has changed, and likewise whether a closed buyer could take the lead
 * at its opening ({@link Deferral}).
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
    }

    /** The reason slot {@code i} of the pool cannot take the lead, or null. */
    SkipReason check(RulePlan.Pool pool, int i) {
        if (hasHistory) {
            String id = pool.buyers[i].id;
            String owner = history.exclusiveOwner();
            if (owner != null && !owner.equals(id)) {
                if (exclusiveTaken == null) exclusiveTaken = new SkipReason.ExclusiveTaken(owner);
                return exclusiveTaken;
            }
            if (history.rejectedBy().contains(id)) return REJECTED;
            if (history.holders().contains(id)) return ALREADY_HAS;
        }
        if (!pool.active[i]) return PAUSED;
        int buyer = pool.buyerIndex[i];
        RoutingState.BuyerView view = view(pool, i);
        if (view.circuitOpen()) return CIRCUIT_OPEN;
        Matcher<SkipReason.FilterFailed> accepts = pool.accepts[i];
        if (accepts != null) {
            SkipReason.FilterFailed failed = accepts.failing(lead);
            if (failed != null) return failed;
        }
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
        int buyer = pool.buyerIndex[i];
        RoutingState.BuyerView v = views[buyer];
        if (v == null) views[buyer] = v = state.buyerView(pool.buyers[i].id);
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
