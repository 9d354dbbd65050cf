package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static leadrouter.routing.Fixtures.config;
import static leadrouter.routing.Fixtures.lead;
import static leadrouter.routing.Fixtures.rule;
import static leadrouter.routing.Fixtures.slots;
import static leadrouter.routing.Fixtures.withCaps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the router keeps per plan between decisions (hours and caps of every buyer, for a UTC
 * minute, brought up to date from the state's change log) never outlives what it was made from:
 * changes logged between decisions, a log that overflowed, circuits opening, a minute passing,
 * and zones whose offset is not whole minutes.
 */
class BuyerVerdictsTest {

    private static final Instant NOW = Instant.parse("2026-03-02T17:00:10Z");
    private static final Cap DAY_OF_TWO = Cap.leads(CapPeriod.DAY, 2);

    private final RoutingConfig cfg = config(List.of(rule("all", null, new Distribution.Priority(slots("a", "b"), 1))),
            withCaps("a", Fixtures.UTC, DAY_OF_TWO), withCaps("b", Fixtures.UTC, DAY_OF_TWO));

    private static Map<String, String> reasons(Decision d) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Trace.CandidateTrace c : d.trace().rules().getLast().candidates()) {
            out.put(c.buyer(), c.selected() ? "selected" : c.skipped().code());
        }
        return out;
    }

    private static void fill(MemoryState s, String buyer) {
        s.add(buyer, CapPeriod.DAY, CapPeriod.DAY.windowStart(NOW, Fixtures.UTC), 2, 0);
    }

    @Test
    void aBuyerFilledBetweenDecisionsIsSeenAsCapped() {
        MemoryState state = new MemoryState();
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW))).containsEntry("a", "selected");
        fill(state, "a");
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW.plusSeconds(5))))
                .containsEntry("a", "cap_reached").containsEntry("b", "selected");
    }

    @Test
    void aChangeThatFellOutOfAnOverflowedLogIsStillSeen() {
        MemoryState state = new MemoryState(4);
        Router.decide(lead("CA", 100), cfg, state, NOW);
        fill(state, "a");
        // Five more changes push a's out of a log of four.
        for (int k = 0; k < 5; k++) state.add("b", CapPeriod.TOTAL, Instant.EPOCH, 0, 0);
        assertThat(state.changedBuyers(0, state.changeCount(), b -> { })).isFalse();
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW.plusSeconds(5))))
                .containsEntry("a", "cap_reached").containsEntry("b", "selected");
    }

    @Test
    void oneConfigDecidingOverTwoStatesReadsEachItsOwn() {
        MemoryState empty = new MemoryState();
        MemoryState filled = new MemoryState();
        // One change each: the same change count, different counters.
        empty.add("b", CapPeriod.TOTAL, Instant.EPOCH, 0, 0);
        fill(filled, "a");
        for (int k = 0; k < 2; k++) {
            assertThat(reasons(Router.decide(lead("CA", 100), cfg, empty, NOW))).containsEntry("a", "selected");
            assertThat(reasons(Router.decide(lead("CA", 100), cfg, filled, NOW)))
                    .containsEntry("a", "cap_reached").containsEntry("b", "selected");
        }
    }

    @Test
    void theLogGivesTheBuyersOfTheChangesAskedFor() {
        MemoryState state = new MemoryState(4);
        state.add("a", CapPeriod.TOTAL, Instant.EPOCH, 1, 0);
        state.add("b", CapPeriod.TOTAL, Instant.EPOCH, 1, 0);
        state.add("c", CapPeriod.TOTAL, Instant.EPOCH, 1, 0);
        List<String> seen = new ArrayList<>();
        assertThat(state.changedBuyers(1, 3, seen::add)).isTrue();
        assertThat(seen).containsExactly("b", "c");
        state.add("d", CapPeriod.TOTAL, Instant.EPOCH, 1, 0);
        state.add("e", CapPeriod.TOTAL, Instant.EPOCH, 1, 0);
        // Change 0 is overwritten by change 4; 1 to 4 are still there.
        assertThat(state.changedBuyers(0, 5, b -> { })).isFalse();
        seen.clear();
        assertThat(state.changedBuyers(1, 5, seen::add)).isFalse();
        assertThat(state.changedBuyers(2, 5, seen::add)).isTrue();
        assertThat(seen.subList(seen.size() - 3, seen.size())).containsExactly("c", "d", "e");
        assertThat(state.changedBuyers(5, 6, b -> { })).as("not logged yet").isFalse();
    }

    @Test
    void circuitsAreAskedOfTheSuspectsTheirSourceNames() {
        MemoryState state = new MemoryState();
        Set<String> open = new HashSet<>();
        List<String> asked = new ArrayList<>();
        state.circuits(b -> {
            asked.add(b);
            return open.contains(b);
        }, () -> List.copyOf(open));
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW))).containsEntry("a", "selected");
        assertThat(asked).as("no suspects, no questions").isEmpty();
        open.add("a");
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW)))
                .containsEntry("a", "circuit_open").containsEntry("b", "selected");
        assertThat(asked).containsOnly("a");
        open.clear();
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW))).containsEntry("a", "selected");
        state.setCircuitOpen("b", true);
        state.setCircuitOpen("a", true);
        assertThat(state.circuitSuspects()).containsExactlyInAnyOrder("a", "b");
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, NOW)))
                .containsEntry("a", "circuit_open").containsEntry("b", "circuit_open");
    }

    @Test
    void aMoneyCapStopsEachSlotByItsOwnPrice() {
        // One verdict on buyer a serves slots priced 30.01, 30.00 and 29.99 with 70.00 of 100.00
        // used: the first is over by a cent, the second fills the cap exactly.
        Cap money = Cap.moneyCents(CapPeriod.MONTH, 10_000);
        Distribution over = new Distribution.Priority(List.of(new Slot("a", 1, 0, null, 3_001L)), 1);
        Distribution exact = new Distribution.Priority(List.of(new Slot("a", 1, 0, null, 3_000L)), 1);
        RoutingConfig cfg = config(List.of(rule("over", null, over), rule("exact", null, exact)), withCaps("a", Fixtures.UTC, money));
        MemoryState state = new MemoryState();
        state.add("a", CapPeriod.MONTH, CapPeriod.MONTH.windowStart(NOW, Fixtures.UTC), 3, 7_000);
        Decision d = Router.decide(lead("CA", 100), cfg, state, NOW);
        assertThat(d.trace().rules().get(0).candidates().getFirst().skipped())
                .isEqualTo(new SkipReason.CapReached(CapPeriod.MONTH, 7_000, 10_000, true,
                        CapPeriod.MONTH.nextReset(NOW, Fixtures.UTC)));
        assertThat(reasons(d)).containsEntry("a", "selected");

        // A lead cap reached after the money cap in the buyer's order: a slot the money cap
        // stops says so; one it lets through meets the lead cap.
        RoutingConfig both = config(List.of(rule("over", null, over), rule("exact", null, exact)),
                withCaps("a", Fixtures.UTC, money, Cap.leads(CapPeriod.DAY, 1)));
        state.add("a", CapPeriod.DAY, CapPeriod.DAY.windowStart(NOW, Fixtures.UTC), 1, 0);
        Decision capped = Router.decide(lead("CA", 100), both, state, NOW);
        assertThat(capped.trace().rules()).extracting(r -> ((SkipReason.CapReached) r.candidates().getFirst().skipped()).period())
                .containsExactly(CapPeriod.MONTH, CapPeriod.DAY);
    }

    @Test
    void aNewMinuteIsAskedAgain() {
        ZoneId zone = Fixtures.UTC;
        RoutingConfig nineToFive = config(List.of(rule("all", null, new Distribution.Priority(slots("a", "b"), 1))),
                hours("a", zone, "09:00-17:01"), hours("b", zone, "09:00-18:00"));
        MemoryState state = new MemoryState();
        // 17:00:59 and 17:01:00, a second apart.
        assertThat(reasons(Router.decide(lead("CA", 100), nineToFive, state, Instant.parse("2026-03-02T17:00:59Z"))))
                .containsEntry("a", "selected");
        assertThat(reasons(Router.decide(lead("CA", 100), nineToFive, state, Instant.parse("2026-03-02T17:01:00Z"))))
                .containsEntry("a", "outside_hours").containsEntry("b", "selected");
    }

    @Test
    void aZoneWhoseOffsetHasSecondsIsAskedEveryTime() {
        // New York kept local mean time, UTC-4:56:02, until 1883: 09:00:00 local is 13:56:02 UTC,
        // inside the UTC minute 13:56, so the same UTC minute is closed, then open.
        ZoneId ny = Fixtures.NY;
        RoutingConfig cfg = config(List.of(rule("all", null, new Distribution.Priority(slots("a", "b"), 1))),
                hours("a", ny, "09:00-17:00"), hours("b", Fixtures.UTC, "00:00-23:59"));
        MemoryState state = new MemoryState();
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, Instant.parse("1850-03-04T13:56:00Z"))))
                .containsEntry("a", "outside_hours");
        assertThat(reasons(Router.decide(lead("CA", 100), cfg, state, Instant.parse("1850-03-04T13:56:30Z"))))
                .containsEntry("a", "selected");
    }

    @Test
    void claimsInAZoneWhoseOffsetHasSecondsAreWorkedOutEveryTime() {
        // Local 09:00:00 in New York's mean time is 13:56:02 UTC: an hour window starts inside
        // the UTC minute 13:56, so two leads in that minute claim different hours.
        RoutingConfig cfg = config(List.of(rule("all", null, new Distribution.Priority(slots("a"), 1))),
                withCaps("a", Fixtures.NY, Cap.leads(CapPeriod.HOUR, 100)));
        MemoryState state = new MemoryState();
        Instant before = Instant.parse("1850-03-04T13:56:00Z"), after = Instant.parse("1850-03-04T13:56:30Z");
        assertThat(hourClaimed(Router.decide(lead("CA", 100), cfg, state, before))).isEqualTo(CapPeriod.HOUR.windowStart(before, Fixtures.NY));
        assertThat(hourClaimed(Router.decide(lead("CA", 100), cfg, state, after)))
                .isEqualTo(CapPeriod.HOUR.windowStart(after, Fixtures.NY)).isEqualTo(Instant.parse("1850-03-04T13:56:02Z"));
    }

    private static Instant hourClaimed(Decision d) {
        return ((Decision.Assigned) d).claims().stream().filter(c -> c.period() == CapPeriod.HOUR).findFirst().orElseThrow().windowStart();
    }

    private static Buyer hours(String id, ZoneId zone, String window) {
        Map<DayOfWeek, List<OperatingHours.Window>> weekly = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) weekly.put(d, List.of(OperatingHours.Window.parse(window)));
        return Fixtures.withHours(id, zone, new OperatingHours(weekly, Set.of()), Buyer.OffHours.SKIP);
    }
}
