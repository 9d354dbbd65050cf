package leadrouter.routing;

import leadrouter.routing.Trace.CandidateTrace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One buyer compiled for the router: its filter as a {@link Matcher} whose failures are ready-made
 * reasons, its hours as {@link OpenHours}, its zone's {@link ZoneCalendar}, and trace entries for
 * the reasons that carry no data beyond the buyer. Also memoizes, invisibly:
 *
 * <ul>
 *   <li>its view of the last {@link RoutingState} it was read from (views are live, see there);</li>
 *   <li>its next opening while closed: {@link OperatingHours#nextOpening} from an instant when the
 *       buyer is closed is the same for every later closed instant before that opening (it is the
 *       first candidate opening after the instant, and no candidate in between opens).</li>
 * </ul>
 */
final class BuyerPlan {

    final Buyer buyer;
    final String id;
    /** The config's key for the buyer, as pools name it in traces. */
    private final String key;
    final ZoneCalendar calendar;
    final OpenHours hours;
    final Cap[] caps;
    final Matcher<SkipReason.FilterFailed> accepts;

    private final List<SkipReason.FilterFailed> filterReasons = new ArrayList<>();
    private final List<CandidateTrace> filterTraces = new ArrayList<>();
    private final CandidateTrace paused, circuitOpen, rejected, alreadyHas, notNext;

    private record ViewMemo(RoutingState state, RoutingState.BuyerView view) {
    }

    /** Closed from {@code from} until {@code reason.opensAt()}. */
    private record Opening(Instant from, SkipReason.OutsideHours reason, CandidateTrace trace) {
    }

    private volatile ViewMemo view;
    private volatile Opening opening;

    BuyerPlan(String key, Buyer buyer, ZoneCalendar calendar, Map<String, Integer> fields) {
        this.key = key;
        this.buyer = buyer;
        this.id = buyer.id();
        this.calendar = calendar;
        this.hours = new OpenHours(buyer.hours());
        this.caps = buyer.caps().toArray(Cap[]::new);
        this.accepts = buyer.accepts() == null ? null : Matcher.compile(buyer.accepts(), fields, this::filterFailed);
        paused = skipped(Eligibility.PAUSED);
        circuitOpen = skipped(Eligibility.CIRCUIT_OPEN);
        rejected = skipped(Eligibility.REJECTED);
        alreadyHas = skipped(Eligibility.ALREADY_HAS);
        notNext = skipped(Eligibility.NOT_NEXT);
    }

    private SkipReason.FilterFailed filterFailed(Condition failed) {
        SkipReason.FilterFailed r = failed instanceof Condition.Test t
                ? new SkipReason.FilterFailed(t.field(), t.op().key(), t.describe())
                : new SkipReason.FilterFailed(null, failed instanceof Condition.Not ? "not" : "any", failed.describe());
        filterReasons.add(r);
        filterTraces.add(skipped(r));
        return r;
    }

    private CandidateTrace skipped(SkipReason r) {
        return new CandidateTrace(key, false, r, null, null);
    }

    boolean active() {
        return buyer.active();
    }

    boolean defers() {
        return buyer.offHours() == Buyer.OffHours.DEFER;
    }

    RoutingState.BuyerView view(RoutingState state) {
        ViewMemo m = view;
        if (m == null || m.state != state) view = m = new ViewMemo(state, state.buyerView(id));
        return m.view;
    }

    /** Why the buyer, closed at {@code at}, cannot take a lead: when it opens next. */
    SkipReason.OutsideHours closed(Instant at) {
        return closedMemo(at).reason;
    }

    private Opening closedMemo(Instant at) {
        Opening o = opening;
        if (o != null && !at.isBefore(o.from) && at.isBefore(o.reason.opensAt())) return o;
        SkipReason.OutsideHours r = new SkipReason.OutsideHours(buyer.hours().nextOpening(at, buyer.zone()));
        o = new Opening(at, r, skipped(r));
        // An opening that never comes within the look-ahead is not memoized: a later instant looks further.
        if (r.opensAt() != null) opening = o;
        return o;
    }

    /** The ready-made trace entry for a skip reason that names nothing but this buyer, or null. */
    CandidateTrace skippedTrace(SkipReason r) {
        if (r == Eligibility.NOT_NEXT) return notNext;
        if (r == Eligibility.PAUSED) return paused;
        if (r == Eligibility.CIRCUIT_OPEN) return circuitOpen;
        if (r == Eligibility.REJECTED) return rejected;
        if (r == Eligibility.ALREADY_HAS) return alreadyHas;
        if (r instanceof SkipReason.FilterFailed) {
            for (int i = 0; i < filterReasons.size(); i++) if (filterReasons.get(i) == r) return filterTraces.get(i);
        }
        if (r instanceof SkipReason.OutsideHours) {
            Opening o = opening;
            if (o != null && o.reason == r) return o.trace;
        }
        return null;
    }
}
