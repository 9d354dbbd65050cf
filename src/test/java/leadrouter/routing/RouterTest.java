package leadrouter.routing;

import leadrouter.routing.Decision.Assigned;
import leadrouter.routing.Trace.CandidateTrace;
import leadrouter.routing.Trace.RuleTrace;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static leadrouter.routing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private static final Instant NOW = Instant.parse("2026-03-02T17:00:00Z"); // Monday 09:00 in Los Angeles

    private static CandidateTrace candidate(RuleTrace rule, String buyer) {
        return rule.candidates().stream().filter(c -> c.buyer().equals(buyer)).findFirst().orElseThrow();
    }

    @Test
    void theTraceNamesTheConditionThatStoppedEachRuleAndWhyEachCandidateLost() {
        Condition caHigh = new Condition.All(List.of(test("state", Op.EQ, "CA"), test("monthly_bill", Op.GTE, 150)));
        Buyer paused = new Buyer("paused", "P", UTC, false, OperatingHours.ALWAYS, Buyer.OffHours.DEFER, List.of(), Map.of(), null, false);
        Buyer picky = new Buyer("picky", "P", UTC, true, OperatingHours.ALWAYS, Buyer.OffHours.DEFER, List.of(), Map.of(),
                new Condition.Test("state", Op.IN, Condition.Operand.set("[NV, AZ]", List.of("NV", "AZ"))), false);
        Buyer capped = withCaps("capped", LA, Cap.leads(CapPeriod.DAY, 0));
        RoutingConfig cfg = config(List.of(
                        rule("California high bill", caHigh, new Distribution.HighestBid(
                                List.of(bid("sunco", 0, 4250), bid("bright", 1, 3000)), 1)),
                        rule("Rest", null, new Distribution.RoundRobin(slots("paused", "picky", "capped", "green"), 1))),
                buyer("sunco"), buyer("bright"), paused, picky, capped, buyer("green"));

        Assigned low = (Assigned) Router.decide(lead("CA", 120), cfg, RoutingState.EMPTY, NOW);
        RuleTrace first = low.trace().rules().getFirst();
        assertThat(first.matched()).isFalse();
        assertThat(first.failedCondition()).isEqualTo("monthly_bill gte 150");
        RuleTrace rest = low.trace().rules().get(1);
        assertThat(candidate(rest, "paused").skipped().code()).isEqualTo("paused");
        assertThat(candidate(rest, "picky").skipped()).isEqualTo(new SkipReason.FilterFailed("state", "in", "state in [NV, AZ]"));
        SkipReason.CapReached cap = (SkipReason.CapReached) candidate(rest, "capped").skipped();
        assertThat(cap.period()).isEqualTo(CapPeriod.DAY);
        assertThat(cap.used()).isZero();
        assertThat(cap.max()).isZero();
        assertThat(cap.resetsAt()).isEqualTo(Instant.parse("2026-03-03T08:00:00Z")); // next local midnight in LA
        assertThat(candidate(rest, "green").selected()).isTrue();
        assertThat(low.assignments()).containsExactly(new Decision.Assignment("green", "Rest", 0, true));
        assertThat(low.trace().configVersion()).isEqualTo(7);

        Assigned high = (Assigned) Router.decide(lead("CA", 200), cfg, RoutingState.EMPTY, NOW);
        RuleTrace auction = high.trace().rules().getFirst();
        assertThat(auction.matched()).isTrue();
        assertThat(candidate(auction, "sunco").selected()).isTrue();
        assertThat(candidate(auction, "bright").skipped()).isEqualTo(new SkipReason.LowerBid(3000, 4250));
        assertThat(high.assignments().getFirst().priceCents()).isEqualTo(4250);
        assertThat(high.trace().rules()).hasSize(1); // later rules are not evaluated
    }

    @Test
    void equalBidsGoToTheBetterPriorityThenTakeTurns() {
        RoutingConfig byPriority = config(List.of(rule("bid", null, new Distribution.HighestBid(
                List.of(bid("a", 2, 500), bid("b", 1, 500), bid("c", 3, 100)), 1))), buyer("a"), buyer("b"), buyer("c"));
        for (int i = 0; i < 3; i++) {
            Assigned d = (Assigned) Router.decide(lead("TX", 1), byPriority, RoutingState.EMPTY, NOW);
            assertThat(d.assignments().getFirst().buyer()).isEqualTo("b");
            assertThat(candidate(d.trace().rules().getFirst(), "a").skipped()).isEqualTo(new SkipReason.LowerPriority(2, 1));
            assertThat(candidate(d.trace().rules().getFirst(), "c").skipped()).isEqualTo(new SkipReason.LowerBid(100, 500));
        }
        RoutingConfig tied = config(List.of(rule("bid", null, new Distribution.HighestBid(
                List.of(bid("a", 1, 500), bid("b", 1, 500)), 1))), buyer("a"), buyer("b"));
        MapState state = new MapState();
        List<String> winners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Assigned d = (Assigned) state.apply(Router.decide(lead("TX", 1), tied, state, NOW));
            winners.add(d.assignments().getFirst().buyer());
            String loser = winners.getLast().equals("a") ? "b" : "a";
            assertThat(candidate(d.trace().rules().getFirst(), loser).skipped().code()).isEqualTo("not_next_in_rotation");
        }
        assertThat(winners).containsExactly("a", "b", "a", "b");
    }

    @Test
    void priorityWaterfallTakesTheFirstEligibleInOrder() {
        Buyer closedSkip = withHours("closed", UTC, new OperatingHours(Map.of(), Set.of()), Buyer.OffHours.SKIP);
        RoutingConfig cfg = config(List.of(rule("waterfall", null, new Distribution.Priority(slots("closed", "first", "second"), 1))),
                closedSkip, buyer("first"), buyer("second"));
        Assigned d = (Assigned) Router.decide(lead("TX", 1), cfg, RoutingState.EMPTY, NOW);
        assertThat(d.assignments().getFirst().buyer()).isEqualTo("first");
        RuleTrace t = d.trace().rules().getFirst();
        assertThat(candidate(t, "closed").skipped()).isEqualTo(new SkipReason.OutsideHours(null));
        assertThat(candidate(t, "second").skipped()).isEqualTo(new SkipReason.LowerPriority(2, 1));
    }

    @Test
    void aRuleWithNoEligibleBuyerFallsThroughAndTheFallbackCatchesWhatIsLeft() {
        Buyer paused = new Buyer("p", "P", UTC, false, OperatingHours.ALWAYS, Buyer.OffHours.DEFER, List.of(), Map.of(), null, false);
        RoutingConfig cfg = config(List.of(
                rule("first", null, new Distribution.RoundRobin(slots("p"), 1)),
                rule("second", null, new Distribution.RoundRobin(slots("b"), 1))), paused, buyer("b"));
        Assigned d = (Assigned) Router.decide(lead("TX", 1), cfg, RoutingState.EMPTY, NOW);
        assertThat(d.assignments().getFirst().rule()).isEqualTo("second");
        assertThat(d.trace().rules().getFirst().note()).isEqualTo("no eligible buyer");

        RoutingConfig nobody = config(List.of(rule("first", null, new Distribution.RoundRobin(slots("p"), 1))), paused);
        Decision u = Router.decide(lead("TX", 1), nobody, RoutingState.EMPTY, NOW);
        assertThat(u).isInstanceOf(Decision.Unassigned.class);
        assertThat(((Decision.Unassigned) u).queue()).isEqualTo("unassigned");
        assertThat(u.trace().outcome()).isEqualTo("unassigned");
    }

    @Test
    void whenEveryBuyerThatWouldTakeTheLeadIsClosedTheLeadIsDeferredToTheEarliestOpening() {
        OperatingHours nineToFive = new OperatingHours(Map.of(DayOfWeek.MONDAY, List.of(OperatingHours.Window.parse("09:00-17:00")),
                DayOfWeek.TUESDAY, List.of(OperatingHours.Window.parse("09:00-17:00"))), Set.of());
        Buyer ny = withHours("ny", NY, nineToFive, Buyer.OffHours.DEFER);      // closed at 05:00Z, opens 14:00Z
        Buyer la = withHours("la", LA, nineToFive, Buyer.OffHours.DEFER);      // opens 17:00Z
        Buyer skipper = withHours("skip", UTC, new OperatingHours(Map.of(), Set.of()), Buyer.OffHours.SKIP);
        RoutingConfig cfg = config(List.of(rule("all", null, new Distribution.RoundRobin(slots("la", "ny", "skip"), 1))), ny, la, skipper);
        Instant early = Instant.parse("2026-03-02T05:00:00Z");
        Decision d = Router.decide(lead("TX", 1), cfg, RoutingState.EMPTY, early);
        assertThat(d).isInstanceOf(Decision.Deferred.class);
        assertThat(((Decision.Deferred) d).until()).isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
        assertThat(candidate(d.trace().rules().getFirst(), "la").skipped())
                .isEqualTo(new SkipReason.OutsideHours(Instant.parse("2026-03-02T17:00:00Z")));

        // Only skip-buyers closed: nothing to wait for.
        RoutingConfig onlySkip = config(List.of(rule("all", null, new Distribution.RoundRobin(slots("skip"), 1))), skipper);
        assertThat(Router.decide(lead("TX", 1), onlySkip, RoutingState.EMPTY, early)).isInstanceOf(Decision.Unassigned.class);
    }

    @Test
    void aClosedBuyerWhoseCapIsFullWhenItOpensIsNotWaitedFor() {
        OperatingHours mornings = new OperatingHours(Map.of(DayOfWeek.MONDAY, List.of(OperatingHours.Window.parse("09:00-10:00"))), Set.of());
        Buyer monthly = new Buyer("m", "m", UTC, true, mornings, Buyer.OffHours.DEFER, List.of(Cap.leads(CapPeriod.MONTH, 1)), Map.of(), null, false);
        RoutingConfig cfg = config(List.of(rule("r", null, new Distribution.RoundRobin(slots("m"), 1))), monthly);
        MapState state = new MapState();
        state.counters.put("m|MONTH|" + CapPeriod.MONTH.windowStart(NOW, UTC), new CapUsage(1, 0));
        assertThat(Router.decide(lead("TX", 1), cfg, state, NOW)).isInstanceOf(Decision.Unassigned.class);
        // A day cap resets before Monday's opening, so that buyer is worth waiting for.
        Buyer daily = new Buyer("d", "d", UTC, true, mornings, Buyer.OffHours.DEFER, List.of(Cap.leads(CapPeriod.DAY, 1)), Map.of(), null, false);
        RoutingConfig cfg2 = config(List.of(rule("r", null, new Distribution.RoundRobin(slots("d"), 1))), daily);
        Instant sunday = Instant.parse("2026-03-01T12:00:00Z");
        state.counters.put("d|DAY|" + CapPeriod.DAY.windowStart(sunday, UTC), new CapUsage(1, 0));
        assertThat(Router.decide(lead("TX", 1), cfg2, state, sunday)).isEqualTo(
                new Decision.Deferred(Instant.parse("2026-03-02T09:00:00Z"), Router.decide(lead("TX", 1), cfg2, state, sunday).trace()));
    }

    @Test
    void moneyCapsCountThePriceOfTheLead() {
        Buyer spender = new Buyer("s", "s", UTC, true, OperatingHours.ALWAYS, Buyer.OffHours.DEFER,
                List.of(Cap.moneyCents(CapPeriod.DAY, 10_000)), Map.of("solar", 4_000L), null, false);
        RoutingConfig cfg = config(List.of(rule("r", null, new Distribution.RoundRobin(slots("s"), 1))), spender);
        MapState state = new MapState();
        int assigned = 0;
        for (int i = 0; i < 5; i++) if (state.apply(Router.decide(lead("TX", 1), cfg, state, NOW)) instanceof Assigned) assigned++;
        assertThat(assigned).isEqualTo(2); // 40 + 40 = 80 of 100; a third would make 120
        SkipReason.CapReached r = (SkipReason.CapReached) Router.decide(lead("TX", 1), cfg, state, NOW).trace().rules().getFirst().candidates().getFirst().skipped();
        assertThat(r.money()).isTrue();
        assertThat(r.used()).isEqualTo(8_000);
    }

    @Test
    void sharedLeadsGoToDistinctBuyersUpToTheShareCount() {
        RoutingConfig cfg = config(List.of(rule("shared", null, new Distribution.RoundRobin(slots("a", "b", "c", "d"), 3))),
                buyer("a"), buyer("b"), buyer("c"), buyer("d"));
        MapState state = new MapState();
        Assigned first = (Assigned) state.apply(Router.decide(lead("TX", 1), cfg, state, NOW));
        assertThat(first.assignments()).extracting(Decision.Assignment::buyer).containsExactly("a", "b", "c");
        assertThat(first.assignments()).allMatch(a -> !a.exclusive());
        Assigned second = (Assigned) state.apply(Router.decide(lead("TX", 1), cfg, state, NOW));
        assertThat(second.assignments()).extracting(Decision.Assignment::buyer).containsExactly("d", "a", "b");
    }

    @Test
    void historyExcludesHoldersRejectersAndRespectsAnExclusiveOwner() {
        RoutingConfig cfg = config(List.of(rule("r", null, new Distribution.Priority(slots("a", "b", "c"), 1))),
                buyer("a"), buyer("b"), buyer("c"));
        // A shared lead (2 shares) still held by a, rejected by b: one more share, and it goes to c.
        RoutingConfig sharedCfg = config(List.of(rule("r", null, new Distribution.Priority(slots("a", "b", "c", "d"), 2))),
                buyer("a"), buyer("b"), buyer("c"), buyer("d"));
        LeadHistory rerouting = new LeadHistory(Set.of("a"), Set.of("b"), null, List.of());
        Assigned d = (Assigned) Router.decide(lead("TX", 1), rerouting, sharedCfg, RoutingState.EMPTY, NOW);
        assertThat(d.assignments()).extracting(Decision.Assignment::buyer).containsExactly("c");
        RuleTrace t = d.trace().rules().getFirst();
        assertThat(candidate(t, "a").skipped().code()).isEqualTo("already_has_lead");
        assertThat(candidate(t, "b").skipped().code()).isEqualTo("rejected_lead");

        LeadHistory owned = new LeadHistory(Set.of(), Set.of(), "b", List.of("b"));
        Assigned toOwner = (Assigned) Router.decide(lead("TX", 1), owned, cfg, RoutingState.EMPTY, NOW);
        assertThat(toOwner.assignments().getFirst().buyer()).isEqualTo("b");
        assertThat(toOwner.assignments().getFirst().rule()).isEqualTo(Router.EARLIER_BUYER_RULE);

        MapState openCircuit = new MapState();
        openCircuit.openCircuits.add("b");
        Decision blocked = Router.decide(lead("TX", 1), owned, cfg, openCircuit, NOW);
        assertThat(blocked).isInstanceOf(Decision.Unassigned.class);
        assertThat(candidate(blocked.trace().rules().getFirst(), "b").skipped().code()).isEqualTo("circuit_open");
        assertThat(candidate(blocked.trace().rules().get(1), "a").skipped()).isEqualTo(new SkipReason.ExclusiveTaken("b"));
    }

    @Test
    void decideIsPureTheSameInputsGiveTheSameDecision() {
        Rule w = rule("w", null, new Distribution.Weighted(List.of(weighted("a", 3), weighted("b", 1)), 1));
        RoutingConfig cfg = config(List.of(w), buyer("a"), buyer("b"));
        MapState state = new MapState();
        state.turns.put(RuleKey.of("solar", w) + "|a", 2L);
        Lead l = lead("TX", 1);
        assertThat(Router.decide(l, cfg, state, NOW)).isEqualTo(Router.decide(l, cfg, state, NOW));
    }

    @Test
    void capClaimsCoverEveryPeriodInTheBuyersZone() {
        RoutingConfig cfg = config(List.of(rule("r", null, new Distribution.RoundRobin(slots("la"), 1))), withCaps("la", LA));
        Assigned d = (Assigned) Router.decide(lead("TX", 1), cfg, RoutingState.EMPTY, NOW);
        assertThat(d.claims()).extracting(Decision.CapClaim::period).containsExactly(CapPeriod.values());
        assertThat(d.claims()).filteredOn(c -> c.period() == CapPeriod.DAY).singleElement()
                .satisfies(c -> assertThat(c.windowStart()).isEqualTo(LocalDate.parse("2026-03-02").atStartOfDay(LA).toInstant()));
    }
}
