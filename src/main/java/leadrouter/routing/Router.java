package leadrouter.routing;

import leadrouter.routing.Decision.Assigned;
import leadrouter.routing.Decision.Assignment;
import leadrouter.routing.Decision.CapClaim;
import leadrouter.routing.Decision.RotationUpdate;
import leadrouter.routing.Trace.RuleTrace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The decision core: {@code decide(lead, history, config, state, now)}. Pure: no I/O, no clock, no
 * randomness; the same inputs always give the same decision and trace.
 *
 * <p>Rules are tried in order. A rule that matches but has no eligible buyer falls through to the
 * next. When no rule places the lead and some skipped buyer would take it once it opens
 * ({@code off_hours: defer}), the lead is deferred to the earliest such opening; otherwise it goes
 * to the campaign's fallback queue.
 *
 * <p>The config is read through its {@link RoutingPlan} (compiled once per config object), and
 * the state through live views; see those for why the memos they keep cannot change a decision.
 */
public final class Router {

    static final String EARLIER_BUYER_RULE = "duplicate: earlier buyer";
    private static final int MAX_ROTATION_STEPS_PER_SLOT = 8;
    /** Turn counts up to this size cannot overflow the products of a rotation (see {@code RuleRun.small}). */
    private static final long SMALL_TURNS = 1L << 40;
    private static final CapPeriod[] PERIODS = CapPeriod.values();

    private Router() {
    }

    public static Decision decide(Lead lead, RoutingConfig config, RoutingState state, Instant now) {
        return decide(lead, LeadHistory.NONE, config, state, now);
    }

    public static Decision decide(Lead lead, LeadHistory history, RoutingConfig config, RoutingState state, Instant now) {
        RoutingPlan plan = RoutingPlan.of(config);
        RoutingPlan.CampaignPlan campaign = plan.campaign(lead.campaign());
        LeadView view = plan.view(lead);
        Eligibility eligibility = new Eligibility(plan, view, history, state, now);
        RuleTraces traces = new RuleTraces(Scratch.get());
        Instant deferUntil = null;
        String campaignId = campaign.campaign().id();

        if (!history.previousBuyers().isEmpty()) {
            List<Slot> slots = new ArrayList<>();
            for (String b : history.previousBuyers()) {
                if (config.buyers().containsKey(b)) slots.add(Slot.of(b, slots.size()));
            }
            if (!slots.isEmpty()) {
                Rule earlier = new Rule(EARLIER_BUYER_RULE, null, new Distribution.Priority(slots, 1));
                RuleRun run = new RuleRun(plan.adHoc(campaignId, earlier), history, config, state, eligibility);
                traces.add(run.trace);
                if (run.picks > 0) return run.assigned(traces, campaignId, config, plan, now);
                deferUntil = earliest(deferUntil, run.deferUntil);
            }
        }

        RuleGates.Run gates = campaign.gates().start(view);
        for (RulePlan rule : campaign.rules()) {
            if (rule.gate >= 0 && !gates.passes(rule.gate)) {
                traces.add(rule.gateFailure);
                continue;
            }
            RuleTrace failed = rule.when == null ? null : rule.when.failing(view);
            if (failed != null) {
                traces.add(failed);
                continue;
            }
            RuleRun run = new RuleRun(rule, history, config, state, eligibility);
            traces.add(run.trace);
            if (run.picks > 0) return run.assigned(traces, campaignId, config, plan, now);
            deferUntil = earliest(deferUntil, run.deferUntil);
        }

        if (deferUntil != null) {
            return new Decision.Deferred(deferUntil, new Trace(config.version(), now, campaignId, traces.toList(), "deferred"));
        }
        return new Decision.Unassigned(campaign.campaign().fallback(), new Trace(config.version(), now, campaignId, traces.toList(), "unassigned"));
    }

    /**
     * Up to this many distinct keys, a new {@link HashSet} keeps its 16 buckets and plain bins (it
     * grows past 12 keys, and makes a tree of a bin past 8), so it lists them by bucket, then in
     * the order they were added.
     */
    static final int HASH_ORDER_MAX = 8;

    /**
     * Sorts {@code keys} (indexes into {@code names}, distinct names, in the order they were
     * added; at most {@link #HASH_ORDER_MAX}) into the order a new {@code HashSet} of those names
     * lists them: by bucket, stably.
     */
    static void inHashSetOrder(int[] keys, String[] names) {
        for (int k = 1; k < keys.length; k++) {
            int key = keys[k];
            int bucket = bucket(names[key]);
            int j = k - 1;
            while (j >= 0 && bucket(names[keys[j]]) > bucket) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = key;
        }
    }

    /** The bucket of a 16-bucket {@code HashMap} that a key lands in. */
    private static int bucket(String name) {
        int h = name.hashCode();
        return (h ^ (h >>> 16)) & 15;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }

    /**
     * The rule traces of one decision, gathered in the thread's scratch array and copied once into
     * the immutable list the trace keeps (a list built from an array is not copied again).
     */
    private static final class RuleTraces {
        private final Scratch scratch;
        private int size;

        RuleTraces(Scratch scratch) {
            this.scratch = scratch;
        }

        void add(RuleTrace t) {
            if (size == scratch.ruleTraces.length) scratch.ruleTraces = Arrays.copyOf(scratch.ruleTraces, Math.max(16, size * 2));
            scratch.ruleTraces[size++] = t;
        }

        List<RuleTrace> toList() {
            return List.of(Arrays.copyOf(scratch.ruleTraces, size));
        }
    }

    /** Evaluates one matched rule: eligibility of each pool buyer, then the selection. */
    private static final class RuleRun {
        final RulePlan rule;
        final RulePlan.Pool pool;
        final int n;
        /** Working arrays, valid up to {@link #n} (or the pool's distinct buyers), this run only. */
        final Scratch scratch;
        final SkipReason[] reason;
        /** Slots picked, in order; {@link #picks} of them. */
        final int[] picked;
        int picks;
        final boolean[] isPicked;
        /** Rotation turns by turn index (one per distinct buyer), read from the state on first use. */
        final long[] turns;
        final boolean[] turnsRead;
        /** Turn indexes in the order they first took a turn, and which did. */
        final int[] turnedOrder;
        final boolean[] turned;
        int turnedCount;
        final RuleTrace trace;
        final Instant deferUntil;

        RuleRun(RulePlan rule, LeadHistory history, RoutingConfig config, RoutingState state, Eligibility eligibility) {
            this.rule = rule;
            this.pool = rule.pool();
            // An unknown buyer fails the rule as the config's lookup does.
            if (pool.unknown != null) config.buyer(pool.unknown);
            n = pool.size;
            scratch = Scratch.get().forPool(n, pool.turnBuyer.length);
            // Kept by the trace: a new array each run.
            reason = new SkipReason[n];
            isPicked = scratch.picked;
            turns = scratch.turns;
            turnsRead = scratch.turnsRead;
            turnedOrder = scratch.turnedOrder;
            turned = scratch.turned;
            deferUntil = eligibility.checkAll(pool, reason);
            // A shared lead that still has holders (a buyer rejected it) needs only the missing shares.
            int wanted = rule.shares - history.holders().size();
            picked = new int[Math.max(0, Math.min(wanted, n))];
            select(state, wanted);
            String note = picks == 0 ? "no eligible buyer" : null;
            trace = new RuleTrace(rule.rule.name(), true, null, rule.methodName, new Candidates(pool, rule.method, reason, picked, picks), note);
        }

        private void select(RoutingState state, int wanted) {
            int[] tier = scratch.tier;
            // Every slot of a rotating method is in the one tier.
            boolean whole = rule.method == RulePlan.ROUND_ROBIN || rule.method == RulePlan.WEIGHTED;
            for (int k = 0; k < wanted; k++) {
                int best = best();
                if (best < 0) return;
                int size = 0;
                if (whole) {
                    tier = pool.allSlots;
                    size = n;
                } else {
                    for (int i = 0; i < n; i++) if (sameTier(i, best)) tier[size++] = i;
                }
                int pick = size == 1 ? best : rotate(tier, size, state);
                picked[picks++] = pick;
                isPicked[pick] = true;
            }
        }

        private boolean available(int i) {
            return reason[i] == null && !isPicked[i];
        }

        /**
         * The first available slot of the best tier, or -1: by priority (lower first), by bid
         * (higher first, then priority), or any slot for the rotating methods. One loop per
         * method, so that the comparison is inlined.
         */
        private int best() {
            int[] p = pool.priority;
            long[] bid = pool.bid;
            int best = -1;
            switch (rule.method) {
                case RulePlan.PRIORITY -> {
                    for (int i = 0; i < n; i++) if (available(i) && (best < 0 || p[i] < p[best])) best = i;
                }
                case RulePlan.HIGHEST_BID -> {
                    for (int i = 0; i < n; i++) {
                        if (available(i) && (best < 0 || bid[i] > bid[best] || bid[i] == bid[best] && p[i] < p[best])) best = i;
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) if (available(i)) return i;
                }
            }
            return best;
        }

        /** Slots a and b rank alike, and so take turns. */
        private boolean sameTier(int a, int b) {
            return switch (rule.method) {
                case RulePlan.PRIORITY -> pool.priority[a] == pool.priority[b];
                case RulePlan.HIGHEST_BID -> pool.bid[a] == pool.bid[b] && pool.priority[a] == pool.priority[b];
                default -> true;
            };
        }

        private int weight(int i) {
            return rule.method == RulePlan.WEIGHTED ? pool.weight[i] : 1;
        }

        /**
         * Weighted rotation over every slot of the tier by the quota method (Balinski and Young):
         * the next turn goes to the slot with the largest weight / (turns + 1) among those that
         * would not get ahead of their exact share, which keeps every slot within one lead of its
         * share of the turns at every point. A turn that falls to a slot that cannot take the lead
         * is used up and the next one is taken, so a skipped buyer keeps its place in the order and
         * gets no burst when back. If the eligible slots hold a tiny share of the weight, stepping is
         * bounded and the remaining choice is made among the eligible slots alone.
         */
        private int rotate(int[] tier, int size, RoutingState state) {
            // The tier's turns and weights side by side, for the scans below.
            long[] c = scratch.c, w = scratch.w;
            long total = 0, taken = 0;
            if (tier == pool.allSlots && !pool.repeats && !turnsRead[0]) {
                // The whole pool, each buyer once (turn index = slot), nothing read yet: read
                // the turns straight into place, in one pass.
                RoutingState.TurnsView[] views = pool.turns(state);
                boolean weighted = rule.method == RulePlan.WEIGHTED;
                for (int k = 0; k < size; k++) {
                    long t = views[k].turns();
                    turns[k] = t;
                    c[k] = t;
                    w[k] = weighted ? pool.weight[k] : 1;
                    total += w[k];
                    taken += t;
                }
                Arrays.fill(turnsRead, 0, size, true);
            } else {
                readTurns(tier, size, state);
                for (int k = 0; k < size; k++) {
                    c[k] = turns[pool.turnIndex[tier[k]]];
                    w[k] = weight(tier[k]);
                    total += w[k];
                    taken += c[k];
                }
            }
            int steps = MAX_ROTATION_STEPS_PER_SLOT * size;
            if (rule.method != RulePlan.WEIGHTED && !pool.repeats && small(c, size)) {
                int turn = rotateEvenly(tier, c, size, steps);
                if (turn >= 0) return turn;
                steps = 0;
            }
            for (int step = 0; step < steps; step++) {
                int k = nextTurn(c, w, size, total, taken, true);
                int turn = tier[k];
                take(turn);
                if (pool.repeats) {
                    // The buyer's other slots in the tier had the turn too.
                    taken = 0;
                    for (int j = 0; j < size; j++) taken += c[j] = turns[pool.turnIndex[tier[j]]];
                } else {
                    c[k]++;
                    taken++;
                }
                if (available(turn)) return turn;
            }
            // The eligible slots, gathered in the scratch tier (never in the pool's own array).
            int[] eligible = scratch.tier;
            int m = 0;
            long eligibleTotal = 0, eligibleTaken = 0;
            for (int k = 0; k < size; k++) {
                if (!available(tier[k])) continue;
                eligible[m] = tier[k];
                c[m] = turns[pool.turnIndex[tier[k]]];
                w[m] = w[k];
                eligibleTotal += w[m];
                eligibleTaken += c[m++];
            }
            int turn = eligible[nextTurn(c, w, m, eligibleTotal, eligibleTaken, false)];
            take(turn);
            return turn;
        }

        /** Turns far from overflow: the products {@link #nextTurn} forms are exact. */
        private static boolean small(long[] c, int size) {
            for (int k = 0; k < size; k++) if (c[k] > SMALL_TURNS || c[k] < -SMALL_TURNS) return false;
            return true;
        }

        /**
         * {@link #rotate}'s stepping when every weight is 1 and no buyer holds two slots: then
         * {@link #nextTurn} is the first slot with the fewest turns (with equal weights the slot
         * with the fewest turns is within quota whenever any is), so the turns go round the tier
         * in pool order, the fewest first: a scan, not a search per step. Takes the same turns and
         * returns the same slot, or -1 with every step used (the eligible slots then choose).
         */
        private int rotateEvenly(int[] tier, long[] c, int size, int steps) {
            long level = Long.MAX_VALUE;
            for (int k = 0; k < size; k++) level = Math.min(level, c[k]);
            int pos = 0;
            for (int step = 0; step < steps; step++) {
                while (c[pos] != level) {
                    if (++pos == size) {
                        pos = 0;
                        level++;
                    }
                }
                int turn = tier[pos];
                take(turn);
                c[pos]++;
                if (available(turn)) return turn;
                if (++pos == size) {
                    pos = 0;
                    level++;
                }
            }
            return -1;
        }

        /** Reads, once per decision, the turns of the tier's buyers not read yet. */
        private void readTurns(int[] tier, int size, RoutingState state) {
            RoutingState.TurnsView[] views = null;
            for (int k = 0; k < size; k++) {
                int t = pool.turnIndex[tier[k]];
                if (turnsRead[t]) continue;
                if (views == null) views = pool.turns(state);
                turns[t] = views[t].turns();
                turnsRead[t] = true;
            }
        }

        private void take(int i) {
            int t = pool.turnIndex[i];
            turns[t]++;
            if (!turned[t]) {
                turned[t] = true;
                turnedOrder[turnedCount++] = t;
            }
        }

        /**
         * The position due next among {@code size} slots with turns {@code c} and weights
         * {@code w} (summing to {@code taken} and {@code total}): within quota, largest
         * weight / (turns + 1), first in pool order on ties.
         */
        private static int nextTurn(long[] c, long[] w, int size, long total, long taken, boolean quota) {
            long next = taken + 1;
            int best = -1;
            long bestTurns = 0, bestWeight = 0;
            for (int pass = 0; pass < 2 && best < 0; pass++) {
                for (int k = 0; k < size; k++) {
                    long ck = c[k], wk = w[k];
                    // Within quota: c < next * w / total.
                    if (quota && pass == 0 && ck * total >= next * wk) continue;
                    if (best < 0 || wk * (bestTurns + 1) > bestWeight * (ck + 1)) {
                        best = k;
                        bestTurns = ck;
                        bestWeight = wk;
                    }
                }
            }
            return best;
        }

        Assigned assigned(RuleTraces traces, String campaign, RoutingConfig config, RoutingPlan plan, Instant now) {
            Assignment[] assignments = new Assignment[picks];
            CapClaim[] claims = new CapClaim[picks * PERIODS.length];
            boolean sameMinute = plan.wholeMinutes(Math.floorDiv(now.getEpochSecond(), 60));
            for (int k = 0; k < picks; k++) {
                int i = picked[k];
                BuyerPlan b = pool.buyers[i];
                assignments[k] = new Assignment(b.id, rule.rule.name(), pool.price[i], rule.shares == 1);
                b.claims(now, pool.price[i], sameMinute, claims, k * PERIODS.length);
            }
            // Listed in the iteration order of a hash set filled in the order the buyers first took
            // a turn, as the updates have always been listed.
            RotationUpdate[] rotation;
            if (turnedCount <= HASH_ORDER_MAX) {
                int[] order = Arrays.copyOf(turnedOrder, turnedCount);
                inHashSetOrder(order, pool.turnBuyer);
                rotation = new RotationUpdate[turnedCount];
                for (int k = 0; k < turnedCount; k++) rotation[k] = new RotationUpdate(pool.key, pool.turnBuyer[order[k]], turns[order[k]]);
            } else {
                Set<String> updated = new HashSet<>();
                for (int k = 0; k < turnedCount; k++) updated.add(pool.turnBuyer[turnedOrder[k]]);
                rotation = new RotationUpdate[updated.size()];
                int r = 0;
                for (String buyer : updated) rotation[r++] = new RotationUpdate(pool.key, buyer, turnsOf(buyer));
            }
            return new Assigned(List.of(assignments), List.of(claims), List.of(rotation),
                    new Trace(config.version(), now, campaign, traces.toList(), "assigned"));
        }

        private long turnsOf(String buyer) {
            for (int k = 0; k < turnedCount; k++) {
                int t = turnedOrder[k];
                if (pool.turnBuyer[t].equals(buyer)) return turns[t];
            }
            throw new AssertionError(buyer);
        }
    }
}
