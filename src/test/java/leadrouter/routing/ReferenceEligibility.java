package leadrouter.routing;

import java.time.Instant;

/** The reference router's eligibility check, verbatim. Whether one buyer can take one lead now; null means eligible, else the first reason it cannot. */
final class ReferenceEligibility {

    private ReferenceEligibility() {
    }

    static SkipReason check(Buyer b, Lead lead, LeadHistory history, RoutingState state, Instant now, long price) {
        if (history.exclusiveOwner() != null && !history.exclusiveOwner().equals(b.id())) {
            return new SkipReason.ExclusiveTaken(history.exclusiveOwner());
        }
        if (history.rejectedBy().contains(b.id())) return new SkipReason.RejectedLead();
        if (history.holders().contains(b.id())) return new SkipReason.AlreadyHasLead();
        if (!b.active()) return new SkipReason.Paused();
        if (state.circuitOpen(b.id())) return new SkipReason.CircuitOpen();
        if (b.accepts() != null) {
            Condition failed = b.accepts().failing(lead);
            if (failed != null) {
                return failed instanceof Condition.Test t
                        ? new SkipReason.FilterFailed(t.field(), t.op().key(), t.describe())
                        : new SkipReason.FilterFailed(null, failed instanceof Condition.Not ? "not" : "any", failed.describe());
            }
        }
        if (!b.hours().isOpen(now, b.zone())) {
            return new SkipReason.OutsideHours(b.hours().nextOpening(now, b.zone()));
        }
        return capReached(b, state, now, price);
    }

    /** The first cap the lead would exceed at {@code at}, or null. */
    static SkipReason.CapReached capReached(Buyer b, RoutingState state, Instant at, long price) {
        for (Cap cap : b.caps()) {
            Instant window = cap.per().windowStart(at, b.zone());
            CapUsage used = state.capUsage(b.id(), cap.per(), window);
            long current = cap.money() ? used.cents() : used.leads();
            long adding = cap.money() ? price : 1;
            if (current + adding > cap.max()) {
                return new SkipReason.CapReached(cap.per(), current, cap.max(), cap.money(), cap.per().nextReset(at, b.zone()));
            }
        }
        return null;
    }

    /** When a closed buyer could take the lead if it waits: at opening, if open then and within caps. */
    static Instant deferrableAt(Buyer b, SkipReason.OutsideHours closed, RoutingState state, long price) {
        if (b.offHours() != Buyer.OffHours.DEFER || closed.opensAt() == null) return null;
        return capReached(b, state, closed.opensAt(), price) == null ? closed.opensAt() : null;
    }
}
