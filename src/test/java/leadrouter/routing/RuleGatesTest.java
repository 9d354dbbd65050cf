package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static leadrouter.routing.Fixtures.buyer;
import static leadrouter.routing.Fixtures.config;
import static leadrouter.routing.Fixtures.rule;
import static leadrouter.routing.Fixtures.slots;
import static leadrouter.routing.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules skipped by their first comparison say what evaluating their condition would say, and
 * an {@code eq} answered by looking the lead's value up agrees with {@code equalsIgnoreCase}, also
 * for texts whose lower cases differ.
 */
class RuleGatesTest {

    private final RoutingConfig cfg = config(List.of(
            rule("kansas-ish", new Condition.All(List.of(test("state", Op.EQ, "KA"), test("monthly_bill", Op.GTE, 100))),
                    new Distribution.RoundRobin(slots("a"), 1)),
            rule("texas", test("state", Op.EQ, "tx"), new Distribution.RoundRobin(slots("b"), 1)),
            rule("texas again", new Condition.All(List.of(test("state", Op.EQ, "TX"), test("monthly_bill", Op.LT, 50))),
                    new Distribution.RoundRobin(slots("a"), 1)),
            rule("rest", null, new Distribution.RoundRobin(slots("c"), 1))),
            buyer("a"), buyer("b"), buyer("c"));

    private static Decision decide(RoutingConfig cfg, Object state, int bill) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        if (state != null) f.put("state", state);
        f.put("monthly_bill", new java.math.BigDecimal(bill));
        return Router.decide(new Lead("l", "solar", "web", f, Instant.EPOCH), cfg, RoutingState.EMPTY, Instant.parse("2026-03-02T17:00:00Z"));
    }

    private static List<String> failed(Decision d) {
        return d.trace().rules().stream().map(r -> r.matched() ? "matched" : r.failedCondition()).toList();
    }

    @Test
    void skippedRulesSayWhichComparisonFailed() {
        Decision d = decide(cfg, "NY", 200);
        assertThat(failed(d)).containsExactly("state eq KA", "state eq tx", "state eq TX", "matched");
        assertThat(d.trace().rules().get(1)).isEqualTo(new Trace.RuleTrace("texas", false, "state eq tx", "round_robin", List.of(), null));
        // The gate passes, a later comparison fails.
        assertThat(failed(decide(cfg, "ka", 20))).containsExactly("monthly_bill gte 100", "state eq tx", "state eq TX", "matched");
        assertThat(failed(decide(cfg, "Tx", 20))).containsExactly("state eq KA", "matched");
        assertThat(failed(decide(cfg, null, 20))).containsExactly("state eq KA", "state eq tx", "state eq TX", "matched");
        assertThat(failed(decide(cfg, "", 20))).containsExactly("state eq KA", "state eq tx", "state eq TX", "matched");
    }

    @Test
    void textsThatEqualIgnoringCaseOnlyOutsideAsciiStillMatch() {
        // "\u212A" (Kelvin sign) equals "k" ignoring case; its lower case is "k" too, but the long s
        // "\u017F" equals "s" ignoring case while its lower case stays itself.
        assertThat("\u212AA".equalsIgnoreCase("KA")).isTrue();
        assertThat(failed(decide(cfg, "\u212AA", 200))).containsExactly("matched");
        RoutingConfig st = config(List.of(rule("st", test("state", Op.EQ, "ST"), new Distribution.RoundRobin(slots("a"), 1))), buyer("a"));
        assertThat("\u017Ft".equalsIgnoreCase("ST")).isTrue();
        assertThat(failed(decide(st, "\u017Ft", 1))).containsExactly("matched");
        assertThat(failed(decide(st, "\u00DFt", 1))).containsExactly("state eq ST");
    }

    @Test
    void asciiLowerCaseLeavesAnythingElseToTheComparison() {
        assertThat(RuleGates.asciiLower("Tx-9")).isEqualTo("tx-9");
        assertThat(RuleGates.asciiLower("ca")).isSameAs("ca");
        assertThat(RuleGates.asciiLower("\u212AA")).isNull();
        assertThat(RuleGates.asciiLower("")).isEmpty();
    }
}
