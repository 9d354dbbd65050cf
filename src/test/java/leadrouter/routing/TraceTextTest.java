package leadrouter.routing;

import leadrouter.Json;
import leadrouter.audit.TraceJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The trace text stored with every decision, and its assignments, are their plain JSON models
 * (keys in order, nulls kept, money as decimals) as the mapper writes them: the writer's
 * pre-quoted names and values must not change a byte. Random configs, leads and states give
 * matched and failed rules and skipped candidates of many reasons.
 */
class TraceTextTest {

    @Test
    void theStoredTextIsTheTracesPlainJsonModel() {
        qt().withExamples(150).forAll(longs().between(1, 1_000_000_000L)).checkAssert(TraceTextTest::checkSeed);
    }

    private static void checkSeed(long seed) {
        RandomRouting r = new RandomRouting(seed);
        RoutingConfig cfg = r.config();
        Instant t = r.start();
        MemoryState memory = new MemoryState();
        r.fill(cfg, t, new MapState(), memory);
        for (int k = 0; k < 30; k++) {
            Decision d;
            try {
                d = Router.decide(r.lead(k), r.history(cfg), cfg, memory, t);
            } catch (IllegalArgumentException e) {
                continue; // a random config may name a buyer it lacks; the router refuses it
            }
            assertThat(TraceJson.text(g -> TraceJson.write(g, d.trace()))).as("seed %d, decision %d", seed, k)
                    .isEqualTo(Json.write(model(d.trace())));
            if (d instanceof Decision.Assigned a) {
                assertThat(TraceJson.text(g -> {
                    g.writeStartObject();
                    TraceJson.writeAssignments(g, a.assignments());
                    g.writeEndObject();
                })).isEqualTo(Json.write(Map.of("assignments", TraceJson.assignments(a.assignments()))));
                memory.apply(a);
            }
            t = t.plus(r.step());
        }
    }

    private static Map<String, Object> model(Trace t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_version", t.configVersion());
        m.put("decided_at", t.decidedAt().toString());
        m.put("campaign", t.campaign());
        m.put("outcome", t.outcome());
        List<Object> rules = new ArrayList<>();
        for (Trace.RuleTrace r : t.rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule", r.rule());
            rule.put("matched", r.matched());
            if (r.failedCondition() != null) rule.put("failed_condition", r.failedCondition());
            rule.put("method", r.method());
            if (r.matched()) {
                List<Object> candidates = new ArrayList<>();
                for (Trace.CandidateTrace c : r.candidates()) candidates.add(candidate(c));
                rule.put("candidates", candidates);
            }
            if (r.note() != null) rule.put("note", r.note());
            rules.add(rule);
        }
        m.put("rules", rules);
        return m;
    }

    private static Map<String, Object> candidate(Trace.CandidateTrace c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyer", c.buyer());
        if (c.selected()) {
            m.put("result", "selected");
            if (c.priceCents() != null) m.put("price", TraceJson.money(c.priceCents()));
        } else {
            m.put("result", "skipped");
            m.put("reason", c.skipped().code());
            for (Map.Entry<String, Object> e : c.skipped().details().entrySet()) {
                Object v = e.getValue();
                m.put(e.getKey(), v == null || v instanceof Long || v instanceof Integer ? v : v.toString());
            }
        }
        if (c.bidCents() != null) m.put("bid", TraceJson.money(c.bidCents()));
        return m;
    }
}
