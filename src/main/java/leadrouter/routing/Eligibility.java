package leadrouter.routing;

import java.time.Instant;

/**
 * Whether one buyer can take one lead now, for the candidates of one decision; null means
 * eligible, else the first reason it cannot. Reasons that carry no data are shared instances.
 */
final class Eligibility {

    static final SkipReason.Paused PAUSED = new SkipReason.Paused();
    static final SkipReason.CircuitOpen CIRCUIT_OPEN = new SkipReason.CircuitOpen();
    static final SkipReason.RejectedLead REJECTED = new SkipReason.RejectedLead();
    static final SkipReason.AlreadyHasLead ALREADY_HAS = new SkipReason.AlreadyHasLead();
    static final SkipReason.NotNextInRotation NOT_NEXT = new SkipReason.NotNextInRotation();

    private final LeadView lead;
    private final LeadHistory history;
    private final RoutingState state;
    private final Instant now;
    /** Most leads have no history: one test instead of three per candidate. */
    private final boolean hasHistory;
    private SkipReason.ExclusiveTaken exclusiveTaken;

    Eligibility(LeadView lead, LeadHistory history, RoutingState state, Instant now) {
        this.lead = lead;
        this.history = history;
        this.state = state;
        this.now = now;
        this.hasHistory = history.exclusiveOwner() != null || !history.rejectedBy().isEmpty() || !history.holders().isEmpty();
    }

    SkipReason check(BuyerPlan b, long price) {
        if (hasHistory) {
            String owner = history.exclusiveOwner();
            if (owner != null && !owner.equals(b.id)) {
                if (exclusiveTaken == null) exclusiveTaken = new SkipReason.ExclusiveTaken(owner);
                return exclusiveTaken;
            }
            if (history.rejectedBy().contains(b.id)) return REJECTED;
            if (history.holders().contains(b.id)) return ALREADY_HAS;
        }
        if (!b.active()) return PAUSED;
        RoutingState.BuyerView view = b.view(state);
        if (view.circuitOpen()) return CIRCUIT_OPEN;
        if (b.accepts != null) {
            SkipReason.FilterFailed failed = b.accepts.failing(lead);
            if (failed != null) return failed;
        }
        if (!b.hours.isOpen(b.calendar.localSeconds(now))) return b.closed(now);
        return capReached(b, view, now, price);
    }

    /** The first cap the lead would exceed at {@code at}, or null. */
    private static SkipReason.CapReached capReached(BuyerPlan b, RoutingState.BuyerView view, Instant at, long price) {
        for (Cap cap : b.caps) {
            ZoneCalendar.Window window = b.calendar.window(cap.per(), at);
            CapUsage used = view.capUsage(cap.per(), window.start());
            long current = cap.money() ? used.cents() : used.leads();
            long adding = cap.money() ? price : 1;
            if (current + adding > cap.max()) {
                return new SkipReason.CapReached(cap.per(), current, cap.max(), cap.money(), window.reset());
            }
        }
        return null;
    }

    /** When a closed buyer could take the lead if it waits: at opening, if open then and within caps. */
    Instant deferrableAt(BuyerPlan b, SkipReason.OutsideHours closed, long price) {
        if (!b.defers() || closed.opensAt() == null) return null;
        return capReached(b, b.view(state), closed.opensAt(), price) == null ? closed.opensAt() : null;
    }
}
