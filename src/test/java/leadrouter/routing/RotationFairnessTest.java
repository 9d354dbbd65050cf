package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static leadrouter.routing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class RotationFairnessTest {
    private static final Instant NOW = Instant.parse("2026-03-02T17:00:00Z");

    /** Routes n leads through one weighted rule and checks every prefix against the ideal split. */
    private static double worstPrefixError(List<Integer> weights, int n) {
        List<Slot> pool = new ArrayList<>();
        List<Buyer> buyers = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            pool.add(weighted("b" + i, weights.get(i)));
            buyers.add(buyer("b" + i));
        }
        RoutingConfig cfg = config(List.of(rule("split", null, new Distribution.Weighted(pool, 1))), buyers.toArray(Buyer[]::new));
        MapState state = new MapState();
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        Map<String, Integer> got = new HashMap<>();
        double worst = 0;
        for (int k = 1; k <= n; k++) {
            Decision d = state.apply(Router.decide(lead("TX", 10), cfg, state, NOW));
            got.merge(((Decision.Assigned) d).assignments().getFirst().buyer(), 1, Integer::sum);
            for (int i = 0; i < weights.size(); i++) {
                double ideal = (double) k * weights.get(i) / total;
                worst = Math.max(worst, Math.abs(got.getOrDefault("b" + i, 0) - ideal));
            }
        }
        return worst;
    }

    @Test
    void sixtyTwentyTwentyIsWithinOneLeadOfIdealAtEveryPrefixOverTenThousandLeads() {
        assertThat(worstPrefixError(List.of(60, 20, 20), 10_000)).isLessThanOrEqualTo(1.0);
    }

    @Test
    void anySplitOfUpToEightBuyersStaysWithinOneLeadOfIdealAtEveryPrefix() {
        qt().withExamples(80).forAll(lists().of(integers().between(1, 100)).ofSizeBetween(2, 8))
                .checkAssert(ws -> assertThat(worstPrefixError(ws, 2_000)).isLessThanOrEqualTo(1.0));
    }

    @Test
    void twoBuyerSplitsAreWithinOneLeadAtEveryPrefix() {
        qt().withExamples(100).forAll(integers().between(1, 100), integers().between(1, 100))
                .checkAssert((a, b) -> assertThat(worstPrefixError(List.of(a, b), 1_000)).isLessThanOrEqualTo(1.0));
    }

    @Test
    void roundRobinGoesInPoolOrder() {
        RoutingConfig cfg = config(List.of(rule("rr", null, new Distribution.RoundRobin(slots("a", "b", "c"), 1))),
                buyer("a"), buyer("b"), buyer("c"));
        MapState state = new MapState();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            order.add(((Decision.Assigned) state.apply(Router.decide(lead("TX", 1), cfg, state, NOW))).assignments().getFirst().buyer());
        }
        assertThat(order).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void aSkippedBuyerKeepsItsTurnOrderAndResumesWhereItLeftOff() {
        Buyer a = buyer("a"), c = buyer("c");
        Buyer b = buyer("b");
        Buyer bPaused = new Buyer("b", "b", UTC, false, OperatingHours.ALWAYS, Buyer.OffHours.DEFER, List.of(), java.util.Map.of(), null, false);
        Rule rr = rule("rr", null, new Distribution.RoundRobin(slots("a", "b", "c"), 1));
        RoutingConfig open = config(List.of(rr), a, b, c);
        RoutingConfig paused = config(List.of(rr), a, bPaused, c);
        MapState state = new MapState();
        List<String> order = new ArrayList<>();
        RoutingConfig[] configs = {open, paused, paused, paused, paused, open, open, open};
        for (RoutingConfig cfg : configs) {
            Decision d = state.apply(Router.decide(lead("TX", 1), cfg, state, NOW));
            order.add(((Decision.Assigned) d).assignments().getFirst().buyer());
        }
        // a, then b is paused: c, a, c, a; b is back and takes its turn first, then the order goes on.
        assertThat(order).containsExactly("a", "c", "a", "c", "a", "b", "c", "a");
    }
}
