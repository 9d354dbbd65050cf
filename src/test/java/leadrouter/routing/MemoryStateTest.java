package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Views of a {@link MemoryState} stay live: they answer as the keyed methods do, after any change. */
class MemoryStateTest {
    private static final Instant DAY = Instant.parse("2026-03-18T07:00:00Z");
    private static final Instant NEXT_DAY = Instant.parse("2026-03-19T07:00:00Z");
    private static final RuleKey RULE = new RuleKey("solar", "r1@abcd");

    @Test
    void buyerViewsFollowAddsSetsClearsAndForgetting() {
        MemoryState s = new MemoryState();
        RoutingState.BuyerView view = s.buyerView("b1");
        long v0 = view.version();
        assertThat(view.capUsage(CapPeriod.DAY, DAY)).isEqualTo(CapUsage.ZERO);

        s.add("b1", CapPeriod.DAY, DAY, 1, 500);
        s.add("b1", CapPeriod.DAY, NEXT_DAY, 2, 700);
        s.add("b1", CapPeriod.DAY, DAY, 1, 500);
        assertThat(view.capUsage(CapPeriod.DAY, DAY)).isEqualTo(new CapUsage(2, 1000)).isEqualTo(s.capUsage("b1", CapPeriod.DAY, DAY));
        assertThat(view.capUsage(CapPeriod.DAY, NEXT_DAY)).isEqualTo(new CapUsage(2, 700));
        assertThat(view.version()).isNotEqualTo(v0).isNotEqualTo(RoutingState.BuyerView.UNVERSIONED);

        long v1 = view.version();
        s.clear();
        assertThat(view.version()).isNotEqualTo(v1);
        assertThat(view.capUsage(CapPeriod.DAY, DAY)).isEqualTo(CapUsage.ZERO);
        s.set("b1", CapPeriod.DAY, DAY, new CapUsage(7, 7));
        s.set("b1", CapPeriod.TOTAL, Instant.EPOCH, new CapUsage(9, 9));
        assertThat(view.capUsage(CapPeriod.DAY, DAY)).isEqualTo(new CapUsage(7, 7));

        s.forgetBefore(NEXT_DAY);
        assertThat(view.capUsage(CapPeriod.DAY, DAY)).isEqualTo(CapUsage.ZERO).isEqualTo(s.capUsage("b1", CapPeriod.DAY, DAY));
        assertThat(view.capUsage(CapPeriod.TOTAL, Instant.EPOCH)).isEqualTo(new CapUsage(9, 9));
    }

    @Test
    void aDecisionsClaimsAreOneChangePerBuyerAndAreGivenBackTheSameWay() {
        MemoryState s = new MemoryState();
        Instant month = Instant.parse("2026-03-01T08:00:00Z");
        List<Decision.CapClaim> claims = List.of(
                new Decision.CapClaim("a", CapPeriod.DAY, DAY, 1, 500), new Decision.CapClaim("a", CapPeriod.MONTH, month, 1, 500),
                new Decision.CapClaim("b", CapPeriod.DAY, DAY, 1, 700));
        long before = s.changeCount(), version = s.buyerView("a").version();
        s.count(claims, 1);
        List<String> logged = new ArrayList<>();
        assertThat(s.changedBuyers(before, s.changeCount(), logged::add)).isTrue();
        assertThat(logged).containsExactly("a", "b");
        assertThat(s.buyerView("a").version()).isGreaterThan(version);
        assertThat(s.capUsage("a", CapPeriod.DAY, DAY)).isEqualTo(new CapUsage(1, 500));
        assertThat(s.buyerView("a").capUsage(CapPeriod.MONTH, month)).isEqualTo(new CapUsage(1, 500));
        assertThat(s.capUsage("b", CapPeriod.DAY, DAY)).isEqualTo(new CapUsage(1, 700));
        s.count(claims, -1);
        assertThat(s.changeCount() - before).isEqualTo(4);
        assertThat(s.buyerView("a").capUsage(CapPeriod.DAY, DAY)).isEqualTo(new CapUsage(0, 0));
        assertThat(s.capUsage("a", CapPeriod.MONTH, month)).isEqualTo(new CapUsage(0, 0));
        assertThat(s.capUsage("b", CapPeriod.DAY, DAY)).isEqualTo(new CapUsage(0, 0));
    }

    @Test
    void turnsViewsFindCellsCreatedLaterAndSurviveClear() {
        MemoryState s = new MemoryState();
        RoutingState.TurnsView pending = s.turnsView(RULE, "b1");
        assertThat(pending.turns()).isZero();
        s.setTurns(RULE, "b2", 4);
        assertThat(pending.turns()).isZero();
        s.setTurns(RULE, "b1", 3);
        assertThat(pending.turns()).isEqualTo(3).isEqualTo(s.rotationTurns(RULE, "b1"));
        RoutingState.TurnsView existing = s.turnsView(RULE, "b2");
        s.clear();
        assertThat(pending.turns()).isZero();
        assertThat(existing.turns()).isZero();
        s.setTurns(RULE, "b2", 5);
        assertThat(existing.turns()).isEqualTo(5);
    }

    @Test
    void circuitsBySetFlagOrByPredicate() {
        MemoryState s = new MemoryState();
        RoutingState.BuyerView b1 = s.buyerView("b1"), b2 = s.buyerView("b2");
        s.setCircuitOpen("b1", true);
        assertThat(b1.circuitOpen()).isTrue();
        assertThat(s.circuitOpen("b1")).isTrue();
        assertThat(b2.circuitOpen()).isFalse();
        s.circuits("b2"::equals);
        assertThat(b2.circuitOpen()).isTrue();
        assertThat(s.circuitOpen("b2")).isTrue();
        s.setCircuitOpen("b1", false);
        assertThat(b1.circuitOpen()).isFalse();
    }

    @Test
    void concurrentAddsAllCountAndTheViewAgreesWithTheMap() throws Exception {
        MemoryState s = new MemoryState();
        RoutingState.BuyerView view = s.buyerView("b1");
        int threads = 4, adds = 5_000;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Instant window = t % 2 == 0 ? DAY : NEXT_DAY;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < adds; k++) s.add("b1", CapPeriod.DAY, window, 1, 10);
                }));
            }
            for (Future<?> f : done) f.get();
        }
        for (Instant window : List.of(DAY, NEXT_DAY)) {
            CapUsage expected = new CapUsage(2L * adds, 20L * adds);
            assertThat(view.capUsage(CapPeriod.DAY, window)).isEqualTo(expected);
            assertThat(s.capUsage("b1", CapPeriod.DAY, window)).isEqualTo(expected);
        }
    }
}
