package leadrouter.audit;

import leadrouter.routing.Decision;
import leadrouter.routing.SkipReason;
import leadrouter.routing.Trace;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The trace as it is stored and served: plain maps, stable key names, money as decimals. */
public final class TraceJson {
    private TraceJson() {
    }

    public static Map<String, Object> of(Trace t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_version", t.configVersion());
        m.put("decided_at", t.decidedAt().toString());
        m.put("campaign", t.campaign());
        m.put("outcome", t.outcome());
        List<Object> rules = new ArrayList<>();
        for (Trace.RuleTrace r : t.rules()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("rule", r.rule());
            rm.put("matched", r.matched());
            if (r.failedCondition() != null) rm.put("failed_condition", r.failedCondition());
            rm.put("method", r.method());
            if (r.matched()) {
                List<Object> cands = new ArrayList<>();
                for (Trace.CandidateTrace c : r.candidates()) cands.add(candidate(c));
                rm.put("candidates", cands);
            }
            if (r.note() != null) rm.put("note", r.note());
            rules.add(rm);
        }
        m.put("rules", rules);
        return m;
    }

    private static Map<String, Object> candidate(Trace.CandidateTrace c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyer", c.buyer());
        if (c.selected()) {
            m.put("result", "selected");
            if (c.priceCents() != null) m.put("price", money(c.priceCents()));
        } else {
            SkipReason r = c.skipped();
            m.put("result", "skipped");
            m.put("reason", r.code());
            if (!r.details().isEmpty()) m.putAll(r.details());
        }
        if (c.bidCents() != null) m.put("bid", money(c.bidCents()));
        return m;
    }

    public static List<Object> assignments(List<Decision.Assignment> as) {
        List<Object> out = new ArrayList<>();
        for (Decision.Assignment a : as) out.add(assignment(a.buyer(), a.priceCents(), a.rule(), a.exclusive()));
        return out;
    }

    public static Map<String, Object> assignment(String buyer, long priceCents, String rule, boolean exclusive) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyer", buyer);
        m.put("price", money(priceCents));
        m.put("rule", rule);
        m.put("exclusive", exclusive);
        return m;
    }

    /** Cents as a decimal amount: 4250 -> 42.5. */
    public static BigDecimal money(long cents) {
        BigDecimal v = BigDecimal.valueOf(cents, 2).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
