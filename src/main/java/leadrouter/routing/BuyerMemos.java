package leadrouter.routing;

/**
 * What the router last concluded about each buyer of a plan, by {@link BuyerPlan#index}, where it
 * does not depend on the pool slot (no money cap), so that every rule naming the buyer shares
 * it: see {@link Eligibility}. Arrays side
 * by side rather than fields of the buyer's plan, so that the common path of a candidate touches
 * no buyer object. Immutable records in plain arrays: a reader sees an old one or a new one, each
 * valid for its own key.
 */
final class BuyerMemos {
    final Eligibility.HoursAndCaps[] hoursAndCaps;
    final Eligibility.Deferral[] deferrals;

    BuyerMemos(int buyers) {
        hoursAndCaps = new Eligibility.HoursAndCaps[buyers];
        deferrals = new Eligibility.Deferral[buyers];
    }
}
