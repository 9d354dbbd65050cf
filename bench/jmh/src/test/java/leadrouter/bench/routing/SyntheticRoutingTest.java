package leadrouter.bench.routing;

import leadrouter.routing.Buyer;
import leadrouter.routing.Decision;
import leadrouter.routing.Distribution;
import leadrouter.routing.Router;
import leadrouter.routing.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticRoutingTest {

    @ParameterizedTest
    @CsvSource({"10,10", "50,100", "500,100", "50,1000"})
    void leadsMatchAboutHalfwayDownTheRulesAndAreMostlyAssigned(int rules, int buyers) {
        WorkloadShape.Shape s = WorkloadShape.measure(rules, buyers);
        assertThat(s.meanRulesTried() / rules).isBetween(0.35, 0.65);
        assertThat(s.share("assigned")).isGreaterThan(0.9);
        // Candidates are skipped for the reasons a real pool has: filters, hours, caps, rotation.
        assertThat(s.skips()).containsKeys("filter_failed", "not_next_in_rotation");
        if (buyers >= 100) assertThat(s.skips()).containsKeys("outside_hours", "cap_reached", "paused");
        // Rotations are in the state running ones leave: the turn due falls to an eligible buyer
        // within a few steps, as in a server, not after dozens.
        assertThat(s.meanTurns()).isBetween(0.5, 3.0);
    }

    @Test
    void mixesMethodsAndMostBuyersAreOpenAtTheBenchmarkInstant() {
        SyntheticRouting.Workload w = SyntheticRouting.build(50, 100, 1);
        Set<String> methods = w.config().campaign(SyntheticRouting.CAMPAIGN).rules().stream()
                .map(Rule::distribute).map(Distribution::method).collect(Collectors.toSet());
        assertThat(methods).containsExactlyInAnyOrder("weighted", "round_robin", "priority", "highest_bid");
        long open = w.config().buyers().values().stream().filter(b -> b.hours().isOpen(w.now(), b.zone())).count();
        assertThat(open).isBetween(80L, 97L);
        for (Buyer b : w.config().buyers().values()) assertThat(b.caps()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void sameSeedSameDecisions() {
        SyntheticRouting.Workload a = SyntheticRouting.build(50, 100, 7);
        SyntheticRouting.Workload b = SyntheticRouting.build(50, 100, 7);
        for (int i = 0; i < 100; i++) {
            Decision da = Router.decide(a.leads()[i], a.config(), a.state(), a.now());
            Decision db = Router.decide(b.leads()[i], b.config(), b.state(), b.now());
            assertThat(da).isEqualTo(db);
        }
    }

    @Test
    void matchProbabilityPutsTheExpectedFirstMatchAtHalfTheList() {
        for (int r : new int[]{3, 10, 50, 500}) {
            double p = SyntheticRouting.matchProbability(r);
            double expected = 0, reach = 1;
            for (int k = 1; k < r; k++) {
                expected += k * reach * p;
                reach *= 1 - p;
            }
            expected += r * reach;
            assertThat(expected).isCloseTo(r / 2.0, org.assertj.core.data.Offset.offset(0.01 * r));
        }
    }
}
