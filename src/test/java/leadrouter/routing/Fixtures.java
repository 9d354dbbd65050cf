package leadrouter.routing;

import leadrouter.ingest.FieldSpec;
import leadrouter.ingest.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for routing tests. */
final class Fixtures {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final ZoneId NY = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");

    private Fixtures() {
    }

    static Map<String, FieldSpec> fields() {
        Map<String, FieldSpec> f = new LinkedHashMap<>();
        f.put("state", FieldSpec.of("state", FieldType.US_STATE, true));
        f.put("monthly_bill", FieldSpec.of("monthly_bill", FieldType.NUMBER, false));
        f.put("zip", FieldSpec.of("zip", FieldType.ZIP, false));
        return f;
    }

    static RoutingConfig config(List<Rule> rules, Buyer... buyers) {
        Map<String, Buyer> bs = new LinkedHashMap<>();
        for (Buyer b : buyers) bs.put(b.id(), b);
        Campaign c = new Campaign("solar", "Solar", fields(), null, rules, "unassigned");
        return new RoutingConfig(7, Map.of("solar", c), bs);
    }

    static Rule rule(String name, Condition when, Distribution d) {
        return new Rule(name, when, d);
    }

    static List<Slot> slots(String... buyers) {
        List<Slot> s = new ArrayList<>();
        for (String b : buyers) s.add(Slot.of(b, s.size()));
        return s;
    }

    static Slot weighted(String buyer, int weight) {
        return new Slot(buyer, weight, 0, null, null);
    }

    static Slot bid(String buyer, int priority, long cents) {
        return new Slot(buyer, 1, priority, cents, null);
    }

    static Buyer buyer(String id) {
        return Buyer.simple(id, UTC);
    }

    static Buyer withCaps(String id, ZoneId zone, Cap... caps) {
        return new Buyer(id, id, zone, true, OperatingHours.ALWAYS, Buyer.OffHours.DEFER, List.of(caps), Map.of("solar", 1000L), null, false);
    }

    static Buyer withHours(String id, ZoneId zone, OperatingHours hours, Buyer.OffHours off) {
        return new Buyer(id, id, zone, true, hours, off, List.of(), Map.of(), null, false);
    }

    static Condition.Test test(String field, Op op, Object value) {
        return new Condition.Test(field, op, value == null ? Condition.Operand.NONE : Condition.Operand.scalar(value));
    }

    private static int seq;

    static Lead lead(String state, Object bill) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("state", state);
        if (bill != null) f.put("monthly_bill", new BigDecimal(bill.toString()));
        return new Lead("ld_" + (++seq), "solar", "web", f, Instant.parse("2026-03-02T17:00:00Z"));
    }
}
