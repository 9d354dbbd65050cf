package leadrouter.routing;

import leadrouter.routing.Decision.Assigned;
import leadrouter.routing.Decision.Assignment;
import leadrouter.routing.Decision.CapClaim;
import leadrouter.routing.Decision.RotationUpdate;
import leadrouter.routing.Trace.CandidateTrace;
import leadrouter.routing.Trace.RuleTrace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision core as it was first written, kept verbatim as the reference that the optimized
 * {@link Router} must agree with on every input (see {@code RouterEquivalenceTest}).
 */
final class ReferenceRouter {

    static final String EARLIER_BUYER_RULE = Router.EARLIER_BUYER_RULE;
    private static final int MAX_ROTATION_STEPS_PER_SLOT = 8;

    private ReferenceRouter() {
    }

    static Decision decide(Lead lead, RoutingConfig config, RoutingState state, Instant now) {
        return decide(lead, LeadHistory.NONE, config, state, now);
    }

    static Decision decide(Lead lead, LeadHistory history, RoutingConfig config, RoutingState state, Instant now) {
        Campaign campaign = config.campaign(lead.campaign());
        List<RuleTrace> traces = new ArrayList<>();
        Instant deferUntil = null;

        if (!history.previousBuyers().isEmpty()) {
            List<Slot> slots = new ArrayList<>();
            for (String b : history.previousBuyers()) {
                if (config.buyers().containsKey(b)) slots.add(Slot.of(b, slots.size()));
            }
            if (!slots.isEmpty()) {
                Rule earlier = new Rule(EARLIER_BUYER_RULE, null, new Distribution.Priority(slots, 1));
                RuleRun run = new RuleRun(campaign, earlier, lead, history, config, state, now);
                traces.add(run.trace);
                if (!run.picked.isEmpty()) return run.assigned(traces, config, now);
                deferUntil = earliest(deferUntil, run.deferUntil);
            }
        }

        for (Rule rule : campaign.rules()) {
            Condition failed = rule.when() == null ? null : rule.when().failing(lead);
            if (failed != null) {
                traces.add(new RuleTrace(rule.name(), false, failed.describe(), rule.distribute().method(), List.of(), null));
                continue;
            }
            RuleRun run = new RuleRun(campaign, rule, lead, history, config, state, now);
            traces.add(run.trace);
            if (!run.picked.isEmpty()) return run.assigned(traces, config, now);
            deferUntil = earliest(deferUntil, run.deferUntil);
        }

        if (deferUntil != null) {
            return new Decision.Deferred(deferUntil, new Trace(config.version(), now, campaign.id(), traces, "deferred"));
        }
        return new Decision.Unassigned(campaign.fallback(), new Trace(config.version(), now, campaign.id(), traces, "unassigned"));
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }

    /** Evaluates one matched rule: eligibility of each pool buyer, then the selection. */
    private static final class RuleRun {
        final Campaign campaign;
        final Rule rule;
        final RuleKey key;
        final Distribution dist;
        final List<Slot> pool;
        final long[] price;
        final long[] bid;
        final SkipReason[] reason;
        final List<Integer> picked = new ArrayList<>();
        final Map<String, Long> turns = new HashMap<>();
        final java.util.Set<String> turned = new java.util.HashSet<>();
        final RuleTrace trace;
        Instant deferUntil;

        RuleRun(Campaign campaign, Rule rule, Lead lead, LeadHistory history, RoutingConfig config, RoutingState state, Instant now) {
            this.campaign = campaign;
            this.rule = rule;
            this.key = RuleKey.of(campaign.id(), rule);
            this.dist = rule.distribute();
            this.pool = dist.pool();
            int n = pool.size();
            price = new long[n];
            bid = new long[n];
            reason = new SkipReason[n];
            for (int i = 0; i < n; i++) {
                Slot s = pool.get(i);
                Buyer b = config.buyer(s.buyer());
                long listPrice = s.priceCents() != null ? s.priceCents() : b.priceFor(campaign.id());
                bid[i] = s.bidCents() != null ? s.bidCents() : listPrice;
                // An auction winner pays what it bid.
                price[i] = dist instanceof Distribution.HighestBid && s.priceCents() == null ? bid[i] : listPrice;
                reason[i] = ReferenceEligibility.check(b, lead, history, state, now, price[i]);
                if (reason[i] instanceof SkipReason.OutsideHours oh) {
                    Instant at = ReferenceEligibility.deferrableAt(b, oh, state, price[i]);
                    deferUntil = earliest(deferUntil, at);
                }
            }
            // A shared lead that still has holders (a buyer rejected it) needs only the missing shares.
            select(state, dist.shares() - history.holders().size());
            trace = buildTrace();
        }

        private void select(RoutingState state, int wanted) {
            for (int k = 0; k < wanted; k++) {
                int best = -1;
                for (int i = 0; i < pool.size(); i++) {
                    if (available(i) && (best < 0 || compareTier(i, best) < 0)) best = i;
                }
                if (best < 0) return;
                List<Integer> tier = new ArrayList<>();
                for (int i = 0; i < pool.size(); i++) if (compareTier(i, best) == 0) tier.add(i);
                picked.add(tier.size() == 1 ? best : rotate(tier, state));
            }
        }

        private boolean available(int i) {
            return reason[i] == null && !picked.contains(i);
        }

        /** Negative when slot a ranks before slot b. */
        private int compareTier(int a, int b) {
            return switch (dist) {
                case Distribution.RoundRobin r -> 0;
                case Distribution.Weighted w -> 0;
                case Distribution.Priority p -> Integer.compare(pool.get(a).priority(), pool.get(b).priority());
                case Distribution.HighestBid h -> bid[a] != bid[b] ? Long.compare(bid[b], bid[a])
                        : Integer.compare(pool.get(a).priority(), pool.get(b).priority());
            };
        }

        private int weight(int i) {
            return dist instanceof Distribution.Weighted ? pool.get(i).weight() : 1;
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
        private int rotate(List<Integer> tier, RoutingState state) {
            for (int step = 0; step < MAX_ROTATION_STEPS_PER_SLOT * tier.size(); step++) {
                int turn = nextTurn(tier, state, true);
                take(turn);
                if (available(turn)) return turn;
            }
            int turn = nextTurn(tier.stream().filter(this::available).toList(), state, false);
            take(turn);
            return turn;
        }

        private void take(int i) {
            turns.merge(pool.get(i).buyer(), 1L, Long::sum);
            turned.add(pool.get(i).buyer());
        }

        private long turnsOf(int i, RoutingState state) {
            return turns.computeIfAbsent(pool.get(i).buyer(), b -> state.rotationTurns(key, b));
        }

        /** The slot due next: within quota, largest weight / (turns + 1), first in pool order on ties. */
        private int nextTurn(List<Integer> slots, RoutingState state, boolean quota) {
            long total = 0, taken = 0;
            for (int i : slots) {
                total += weight(i);
                taken += turnsOf(i, state);
            }
            long next = taken + 1;
            int best = -1;
            for (int pass = 0; pass < 2 && best < 0; pass++) {
                for (int i : slots) {
                    long c = turnsOf(i, state), w = weight(i);
                    // Within quota: c < next * w / total.
                    if (quota && pass == 0 && c * total >= next * w) continue;
                    if (best < 0 || w * (turnsOf(best, state) + 1) > weight(best) * (c + 1)) best = i;
                }
            }
            return best;
        }

        private RuleTrace buildTrace() {
            List<CandidateTrace> cands = new ArrayList<>(pool.size());
            int marginal = picked.isEmpty() ? -1 : picked.getLast();
            boolean bids = dist instanceof Distribution.HighestBid;
            for (int i = 0; i < pool.size(); i++) {
                String b = pool.get(i).buyer();
                Long shownBid = bids ? bid[i] : null;
                if (picked.contains(i)) {
                    cands.add(new CandidateTrace(b, true, null, shownBid, price[i]));
                } else {
                    SkipReason r = reason[i] != null ? reason[i] : lostTo(i, marginal);
                    cands.add(new CandidateTrace(b, false, r, shownBid, null));
                }
            }
            String note = picked.isEmpty() ? "no eligible buyer" : null;
            return new RuleTrace(rule.name(), true, null, dist.method(), cands, note);
        }

        /** Why an eligible slot lost to the last slot picked. */
        private SkipReason lostTo(int i, int winner) {
            if (winner < 0) return new SkipReason.NotNextInRotation();
            if (dist instanceof Distribution.HighestBid && bid[i] < bid[winner]) {
                return new SkipReason.LowerBid(bid[i], bid[winner]);
            }
            int p = pool.get(i).priority(), wp = pool.get(winner).priority();
            boolean ranked = dist instanceof Distribution.Priority || dist instanceof Distribution.HighestBid;
            if (ranked && p > wp) return new SkipReason.LowerPriority(p, wp);
            return new SkipReason.NotNextInRotation();
        }

        Assigned assigned(List<RuleTrace> traces, RoutingConfig config, Instant now) {
            List<Assignment> assignments = new ArrayList<>();
            List<CapClaim> claims = new ArrayList<>();
            for (int i : picked) {
                Buyer b = config.buyer(pool.get(i).buyer());
                assignments.add(new Assignment(b.id(), rule.name(), price[i], dist.exclusive()));
                for (CapPeriod p : CapPeriod.values()) {
                    claims.add(new CapClaim(b.id(), p, p.windowStart(now, b.zone()), 1, price[i]));
                }
            }
            List<RotationUpdate> rotation = new ArrayList<>();
            for (String buyer : turned) rotation.add(new RotationUpdate(key, buyer, turns.get(buyer)));
            return new Assigned(assignments, claims, rotation, new Trace(config.version(), now, campaign.id(), traces, "assigned"));
        }
    }
}
