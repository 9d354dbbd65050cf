package leadrouter.routing;

import leadrouter.routing.Trace.RuleTrace;

import java.util.List;
import java.util.Map;

/**
 * One rule of one campaign compiled for the router: its condition as a {@link Matcher} whose
 * failures are ready-made trace entries, and (built on first use, since most rules of a long list
 * never match) its pool as arrays: buyers, prices, bids, priorities, weights.
 */
final class RulePlan {

    static final int ROUND_ROBIN = 0, WEIGHTED = 1, PRIORITY = 2, HIGHEST_BID = 3;

    final Rule rule;
    final Distribution dist;
    final int method;
    final String methodName;
    final int shares;
    final Matcher<RuleTrace> when;
    private final String campaign;
    private final Map<String, BuyerPlan> buyers;
    private final BuyerMemos memos;
    private volatile Pool pool;
    /** The key of this rule's gate in its campaign's {@link RuleGates}, or -1; and the trace entry when it fails. */
    int gate = -1;
    RuleTrace gateFailure;

    RulePlan(String campaign, Rule rule, Map<String, BuyerPlan> buyers, BuyerMemos memos, Fields fields) {
        this.campaign = campaign;
        this.memos = memos;
        this.rule = rule;
        this.dist = rule.distribute();
        this.buyers = buyers;
        this.method = switch (dist) {
            case Distribution.RoundRobin r -> ROUND_ROBIN;
            case Distribution.Weighted w -> WEIGHTED;
            case Distribution.Priority p -> PRIORITY;
            case Distribution.HighestBid h -> HIGHEST_BID;
        };
        this.methodName = dist.method();
        this.shares = dist.shares();
        this.when = rule.when() == null ? null : Matcher.compile(rule.when(), fields,
                failed -> new RuleTrace(rule.name(), false, failed.describe(), dist.method(), List.of(), null));
    }

    Pool pool() {
        Pool p = pool;
        if (p == null) pool = p = new Pool(this);
        return p;
    }

    /**
     * The pool as arrays by slot. A buyer in the pool more than once shares one rotation count
     * ({@link #turnIndex}). {@link #unknown} names the first slot's buyer the config lacks, if any.
     */
    static final class Pool {
        final RuleKey key;
        final int size;
        final String[] ids;
        final BuyerPlan[] buyers;
        /**
         * What the eligibility check reads first, per slot, side by side (copied from the
         * buyers' plans), so that its common path touches no buyer object.
         */
        final int[] buyerIndex;
        final boolean[] active;
        final int[] zone;
        final Matcher<SkipReason.FilterFailed>[] accepts;
        final boolean[] moneyCaps;
        /** The plan's per-buyer memos. */
        final BuyerMemos memos;
        final String unknown;
        final long[] price;
        final long[] bid;
        final Long[] shownBid;
        final int[] priority;
        final int[] weight;
        final int[] turnIndex;
        final String[] turnBuyer;
        /** Every slot in order (0, 1, ...): the tier of a rotating method. */
        final int[] allSlots;
        /** Some buyer holds more than one slot. */
        final boolean repeats;
        /**
         * Per slot, what {@link Eligibility} last concluded for a buyer with a money cap (the
         * price is the slot's). Immutable records in plain arrays: a reader sees an old one or a
         * new one, each valid for its key.
         */
        final Eligibility.HoursAndCaps[] hoursAndCaps;
        final Eligibility.Deferral[] deferrals;

        private record TurnsMemo(RoutingState state, RoutingState.TurnsView[] views) {
        }

        private volatile TurnsMemo turns;

        @SuppressWarnings("unchecked")
        Pool(RulePlan plan) {
            List<Slot> slots = plan.dist.pool();
            key = RuleKey.of(plan.campaign, plan.rule);
            size = slots.size();
            ids = new String[size];
            buyers = new BuyerPlan[size];
            buyerIndex = new int[size];
            active = new boolean[size];
            zone = new int[size];
            accepts = new Matcher[size];
            moneyCaps = new boolean[size];
            memos = plan.memos;
            price = new long[size];
            bid = new long[size];
            shownBid = plan.method == HIGHEST_BID ? new Long[size] : null;
            priority = new int[size];
            weight = new int[size];
            turnIndex = new int[size];
            allSlots = java.util.stream.IntStream.range(0, size).toArray();
            hoursAndCaps = new Eligibility.HoursAndCaps[size];
            deferrals = new Eligibility.Deferral[size];
            String missing = null;
            java.util.HashMap<String, Integer> distinct = new java.util.HashMap<>();
            for (int i = 0; i < size; i++) {
                Slot s = slots.get(i);
                ids[i] = s.buyer();
                priority[i] = s.priority();
                weight[i] = s.weight();
                turnIndex[i] = distinct.computeIfAbsent(s.buyer(), b -> distinct.size());
                BuyerPlan b = plan.buyers.get(s.buyer());
                buyers[i] = b;
                if (b == null) {
                    if (missing == null) missing = s.buyer();
                    continue;
                }
                buyerIndex[i] = b.index;
                active[i] = b.active;
                zone[i] = b.calendar.index;
                accepts[i] = b.accepts;
                moneyCaps[i] = b.moneyCaps;
                long listPrice = s.priceCents() != null ? s.priceCents() : b.buyer.priceFor(plan.campaign);
                bid[i] = s.bidCents() != null ? s.bidCents() : listPrice;
                // An auction winner pays what it bid.
                price[i] = plan.method == HIGHEST_BID && s.priceCents() == null ? bid[i] : listPrice;
                if (shownBid != null) shownBid[i] = bid[i];
            }
            unknown = missing;
            turnBuyer = new String[distinct.size()];
            repeats = distinct.size() < size;
            distinct.forEach((b, i) -> turnBuyer[i] = b);
        }

        /** Live views of each distinct buyer's turns in {@code state}, by turn index. */
        RoutingState.TurnsView[] turns(RoutingState state) {
            TurnsMemo m = turns;
            if (m == null || m.state != state) {
                RoutingState.TurnsView[] views = new RoutingState.TurnsView[turnBuyer.length];
                for (int i = 0; i < views.length; i++) views[i] = state.turnsView(key, turnBuyer[i]);
                turns = m = new TurnsMemo(state, views);
            }
            return m.views;
        }
    }
}
