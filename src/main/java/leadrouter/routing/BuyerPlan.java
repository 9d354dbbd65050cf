package leadrouter.routing;

import java.time.Instant;

/**
 * One buyer compiled for the router: its filter as a {@link Matcher} whose failures are ready-made
 * reasons, its hours as {@link OpenHours}, its zone's {@link ZoneCalendar}. Also memoizes, invisibly:
 *
 * <ul>
 *   <li>its next opening while closed: {@link OperatingHours#nextOpening} from an instant when the
 *       buyer is closed is the same for every later closed instant before that opening (it is the
 *       first candidate opening after the instant, and no candidate in between opens).</li>
 * </ul>
 */
final class BuyerPlan {

    final Buyer buyer;
    final String id;
    /** This buyer's number in its plan. */
    final int index;
    final boolean active;
    final ZoneCalendar calendar;
    final OpenHours hours;
    /** The caps, by part: period, maximum, whether in cents. */
    final CapPeriod[] capPeriod;
    final long[] capMax;
    final boolean[] capMoney;
    final Matcher<SkipReason.FilterFailed> accepts;

    /** True when a cap counts money: what the caps say then depends on the slot's price. */
    final boolean moneyCaps;

    /** Closed from {@code from} until {@code reason.opensAt()}. */
    private record Opening(Instant from, SkipReason.OutsideHours reason) {
    }

    private volatile Opening opening;

    /** The cap claims of a lead at {@code cents}, for the UTC minute {@code minute}. */
    private record Claims(long minute, long cents, Decision.CapClaim[] claims) {
    }

    private volatile Claims claims;

    BuyerPlan(Buyer buyer, int index, ZoneCalendar calendar, Fields fields) {
        this.index = index;
        this.buyer = buyer;
        this.id = buyer.id();
        this.active = buyer.active();
        this.calendar = calendar;
        this.hours = new OpenHours(buyer.hours());
        int caps = buyer.caps().size();
        capPeriod = new CapPeriod[caps];
        capMax = new long[caps];
        capMoney = new boolean[caps];
        boolean money = false;
        for (int k = 0; k < caps; k++) {
            Cap cap = buyer.caps().get(k);
            capPeriod[k] = cap.per();
            capMax[k] = cap.max();
            capMoney[k] = cap.money();
            money |= cap.money();
        }
        moneyCaps = money;
        this.accepts = buyer.accepts() == null ? null : Matcher.compile(buyer.accepts(), fields, BuyerPlan::filterFailed);
    }

    private static SkipReason.FilterFailed filterFailed(Condition failed) {
        return failed instanceof Condition.Test t
                ? new SkipReason.FilterFailed(t.field(), t.op().key(), t.describe())
                : new SkipReason.FilterFailed(null, failed instanceof Condition.Not ? "not" : "any", failed.describe());
    }

    /**
     * Copies into {@code into} at {@code at} the claims, one per period, of a lead at
     * {@code cents} taken {@code now}. With {@code sameMinute} (the zone keeps one whole-minute
     * offset through this UTC minute, so no window starts within it) they are the same all
     * minute, and kept for it: the records are immutable, so decisions may share them.
     */
    void claims(Instant now, long cents, boolean sameMinute, Decision.CapClaim[] into, int at) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        Claims c = claims;
        if (c == null || c.minute != minute || c.cents != cents) {
            CapPeriod[] periods = CapPeriod.values();
            Decision.CapClaim[] made = new Decision.CapClaim[periods.length];
            for (int p = 0; p < periods.length; p++) {
                made[p] = new Decision.CapClaim(id, periods[p], calendar.window(periods[p], now).start(), 1, cents);
            }
            c = new Claims(minute, cents, made);
            if (sameMinute) claims = c;
        }
        System.arraycopy(c.claims, 0, into, at, c.claims.length);
    }

    boolean defers() {
        return buyer.offHours() == Buyer.OffHours.DEFER;
    }

    /** Why the buyer, closed at {@code at}, cannot take a lead: when it opens next. */
    SkipReason.OutsideHours closed(Instant at) {
        Opening o = opening;
        if (o != null && !at.isBefore(o.from) && at.isBefore(o.reason.opensAt())) return o.reason;
        SkipReason.OutsideHours r = new SkipReason.OutsideHours(buyer.hours().nextOpening(at, buyer.zone()));
        // An opening that never comes within the look-ahead is not memoized: a later instant looks further.
        if (r.opensAt() != null) opening = new Opening(at, r);
        return r;
    }
}
