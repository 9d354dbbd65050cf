package leadrouter.bench.routing;

import leadrouter.ingest.DedupePolicy;
import leadrouter.ingest.FieldSpec;
import leadrouter.ingest.FieldType;
import leadrouter.routing.MemoryState;
import leadrouter.routing.Buyer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Cap;
import leadrouter.routing.CapPeriod;
import leadrouter.routing.CapUsage;
import leadrouter.routing.Condition;
import leadrouter.routing.Distribution;
import leadrouter.routing.Lead;
import leadrouter.routing.Op;
import leadrouter.routing.OperatingHours;
import leadrouter.routing.RoutingConfig;
import leadrouter.routing.Rule;
import leadrouter.routing.RuleKey;
import leadrouter.routing.Slot;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic but plausible routing workload: one campaign of {@code rules} rules whose pools each
 * hold all {@code buyers} buyers, in-memory counters, and a pool of pre-built leads. Rule conditions
 * are tuned so that a lead matches, on average, about halfway down the list; the last rule takes
 * everyone. Deterministic for a given seed.
 */
public final class SyntheticRouting {

    /** A Wednesday: 12:00 in Los Angeles, 15:00 in New York, 09:00 in Honolulu. */
    public static final Instant NOW = Instant.parse("2026-03-18T19:00:00Z");
    public static final String CAMPAIGN = "solar";
    public static final int LEADS = 1024;

    /** Lead states and their shares, as the load generator sends them. */
    static final String[] STATES = {"CA", "TX", "FL", "NY", "AZ", "NJ", "NC", "MA", "NV", "CO", "IL", "PA", "GA",
            "WA", "VA", "OH", "MD", "UT", "OR", "MI"};
    static final int[] STATE_WEIGHTS = {24, 15, 12, 9, 5, 4, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1};
    private static final int STATE_TOTAL = 101;

    static final int ZIP_UNIVERSE = 20_000;
    static final int ZIP_LIST_SIZE = 5_000;
    static final int ZIP_LISTS = 4;
    /** Share of the zip universe in each in_list set. */
    static final double ZIP_LIST_SHARE = (double) ZIP_LIST_SIZE / ZIP_UNIVERSE;

    private static final String[] ZONES = {"America/Los_Angeles", "America/Denver", "America/Phoenix",
            "America/Chicago", "America/New_York", "Pacific/Honolulu", "America/Anchorage"};

    public record Workload(RoutingConfig config, MemoryState state, Lead[] leads, Instant now) {
    }

    private SyntheticRouting() {
    }

    public static Workload build(int ruleCount, int buyerCount, long seed) {
        if (ruleCount < 1 || buyerCount < 1) throw new IllegalArgumentException("need at least one rule and one buyer");
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] zips = zipUniverse(rnd);
        List<Set<String>> zipLists = new ArrayList<>();
        for (int i = 0; i < ZIP_LISTS; i++) zipLists.add(sample(rnd, zips, ZIP_LIST_SIZE));
        List<Condition.Operand> zipOperands = new ArrayList<>();
        for (int i = 0; i < ZIP_LISTS; i++) zipOperands.add(Condition.Operand.set("zips_" + i, zipLists.get(i)));

        Map<String, Buyer> buyers = new LinkedHashMap<>();
        for (int i = 0; i < buyerCount; i++) {
            Buyer b = buyer(rnd, i);
            buyers.put(b.id(), b);
        }
        List<String> ids = new ArrayList<>(buyers.keySet());

        // Bands round to whole dollars and overlap a little between rules: aim slightly high.
        double p = Math.min(1.0, 1.15 * matchProbability(ruleCount));
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < ruleCount; r++) {
            boolean last = r == ruleCount - 1;
            Condition when = last ? null : condition(rnd, p, zipOperands);
            rules.add(new Rule("rule " + (r + 1), when, distribution(rnd, ids)));
        }
        Campaign campaign = new Campaign(CAMPAIGN, "Solar", fields(),
                new DedupePolicy(List.of("phone", "email"), Duration.ofDays(30), null, null), rules, null);
        RoutingConfig config = new RoutingConfig(1, Map.of(CAMPAIGN, campaign), buyers);

        MemoryState state = new MemoryState();
        for (Buyer b : buyers.values()) {
            for (Cap cap : b.caps()) {
                Instant window = cap.per().windowStart(NOW, b.zone());
                // About one buyer in twenty has just used up its day cap.
                long used = cap.per() == CapPeriod.DAY && rnd.nextInt(20) == 0 ? cap.max()
                        : (long) (cap.max() * rnd.nextDouble(0.0, 0.9));
                state.set(b.id(), cap.per(), window, cap.money() ? new CapUsage(used / 3000, used) : new CapUsage(used, used * 3000));
            }
            if (rnd.nextInt(50) == 0) state.setCircuitOpen(b.id(), true);
        }
        for (Rule rule : rules) {
            // The key the router reads: rule name plus pool signature.
            RuleKey key = RuleKey.of(CAMPAIGN, rule);
            List<Slot> pool = rule.distribute().pool();
            boolean weighted = rule.distribute() instanceof Distribution.Weighted;
            long weights = 0;
            for (Slot s : pool) weights += weighted ? s.weight() : 1;
            // A rotation that has run for a while: each buyer has had about its share of the
            // turns so far, give or take one. (Turns only grow, from 0, and each decision's
            // updates keep them so; the benchmark does not apply them, so the state must already
            // be one that decisions leave as they find it.)
            long taken = rnd.nextLong(0, 20_000);
            for (Slot s : pool) {
                long share = taken * (weighted ? s.weight() : 1) / weights;
                state.setTurns(key, s.buyer(), Math.max(0, share + rnd.nextLong(-1, 2)));
            }
        }

        Lead[] leads = new Lead[LEADS];
        for (int i = 0; i < LEADS; i++) leads[i] = lead(rnd, i, zips);
        return new Workload(config, state, leads, NOW);
    }

    /**
     * The per-rule match chance p that puts the expected first matching rule at half the list,
     * given that the last rule matches everything: (1 - (1-p)^(R-1)) / p = R / 2, by bisection.
     */
    static double matchProbability(int rules) {
        if (rules <= 2) return 0.5;
        double lo = 1e-6, hi = 1.0;
        for (int i = 0; i < 100; i++) {
            double p = (lo + hi) / 2;
            double expected = 0;
            double reach = 1;
            for (int k = 1; k < rules; k++) {
                expected += k * reach * p;
                reach *= 1 - p;
            }
            expected += rules * reach;
            if (expected > rules / 2.0) lo = p;
            else hi = p;
        }
        return (lo + hi) / 2;
    }

    /**
     * A rule condition that a random lead satisfies with probability about p: a state, a zip list,
     * or both, narrowed by a monthly-bill band at a random place, so that rules pick different
     * leads rather than all the same high bills.
     */
    private static Condition condition(SplittableRandom rnd, double p, List<Condition.Operand> zipOperands) {
        int shape = rnd.nextInt(3);
        int state = pickState(rnd);
        Condition.Operand zips = zipOperands.get(rnd.nextInt(zipOperands.size()));
        double base = switch (shape) {
            case 0 -> stateShare(state);
            case 1 -> ZIP_LIST_SHARE;
            default -> stateShare(state) * ZIP_LIST_SHARE;
        };
        if (p > base) {
            shape = p <= ZIP_LIST_SHARE ? 1 : 3;
            base = shape == 1 ? ZIP_LIST_SHARE : 1.0;
        }
        List<Condition> tests = new ArrayList<>();
        if (shape == 0 || shape == 2) tests.add(eq("state", STATES[state]));
        if (shape == 1 || shape == 2) tests.add(new Condition.Test("zip", Op.IN_LIST, zips));
        // Bills are uniform on 50..400: a band of w values holds w/351 of the leads.
        int width = (int) Math.max(1, Math.min(351, Math.round(351 * p / base)));
        int lo = 50 + rnd.nextInt(351 - width + 1);
        int hi = lo + width;
        if (lo > 50) tests.add(gte("monthly_bill", lo));
        if (hi <= 400) tests.add(new Condition.Test("monthly_bill", Op.LT, Condition.Operand.scalar(hi)));
        return new Condition.All(tests);
    }

    private static int pickState(SplittableRandom rnd) {
        int r = rnd.nextInt(STATE_TOTAL);
        int s = 0;
        while (r >= STATE_WEIGHTS[s]) r -= STATE_WEIGHTS[s++];
        return s;
    }

    private static double stateShare(int i) {
        return STATE_WEIGHTS[i] / (double) STATE_TOTAL;
    }

    private static Condition eq(String field, String value) {
        return new Condition.Test(field, Op.EQ, Condition.Operand.scalar(value));
    }

    private static Condition gte(String field, int value) {
        return new Condition.Test(field, Op.GTE, Condition.Operand.scalar(value));
    }

    private static Distribution distribution(SplittableRandom rnd, List<String> buyerIds) {
        List<String> order = new ArrayList<>(buyerIds);
        Collections.shuffle(order, new java.util.Random(rnd.nextLong()));
        int method = rnd.nextInt(100);
        boolean bids = method >= 85;
        List<Slot> pool = new ArrayList<>(order.size());
        for (String id : order) {
            Long bid = bids && rnd.nextInt(10) < 3 ? (long) rnd.nextInt(2000, 8001) : null;
            pool.add(new Slot(id, rnd.nextInt(1, 11), rnd.nextInt(1, 6), bid, null));
        }
        int shares = rnd.nextInt(10) == 0 ? 2 : 1;
        if (method < 35) return new Distribution.Weighted(pool, shares);
        if (method < 60) return new Distribution.RoundRobin(pool, shares);
        if (method < 85) return new Distribution.Priority(pool, shares);
        return new Distribution.HighestBid(pool, shares);
    }

    private static Buyer buyer(SplittableRandom rnd, int i) {
        String id = "b%04d".formatted(i);
        ZoneId zone = ZoneId.of(ZONES[rnd.nextInt(ZONES.length)]);
        int kind = rnd.nextInt(100);
        OperatingHours hours;
        Buyer.OffHours offHours = rnd.nextBoolean() ? Buyer.OffHours.DEFER : Buyer.OffHours.SKIP;
        Set<LocalDate> holidays = rnd.nextInt(10) == 0
                ? Set.of(LocalDate.of(2026, 5, 25), LocalDate.of(2026, 7, 3), LocalDate.of(2026, 9, 7))
                : Set.of();
        if (kind < 70) {
            hours = OperatingHours.always(holidays);
        } else if (kind < 90) {
            hours = weekly(OperatingHours.Window.parse("07:00-21:00"), holidays, DayOfWeek.SATURDAY);
        } else {
            // Night shift: closed at the benchmark instant in every US zone.
            hours = weekly(OperatingHours.Window.parse("21:30-06:00"), holidays, null);
        }
        List<Cap> caps = new ArrayList<>();
        caps.add(Cap.leads(CapPeriod.DAY, rnd.nextInt(50, 501)));
        caps.add(Cap.leads(CapPeriod.MONTH, rnd.nextInt(1_000, 10_001)));
        if (rnd.nextInt(10) == 0) caps.add(Cap.moneyCents(CapPeriod.MONTH, rnd.nextLong(1_000_000, 5_000_001)));
        Map<String, Long> price = Map.of(CAMPAIGN, (long) rnd.nextInt(1_500, 6_001));
        Condition accepts = null;
        int filter = rnd.nextInt(10);
        if (filter < 3) {
            Set<String> states = new LinkedHashSet<>();
            int n = rnd.nextInt(3, 9);
            while (states.size() < n) states.add(STATES[rnd.nextInt(STATES.length)]);
            accepts = new Condition.Test("state", Op.IN, Condition.Operand.set(String.join(", ", states), states));
        } else if (filter == 3) {
            accepts = gte("monthly_bill", 100);
        }
        boolean active = rnd.nextInt(100) >= 3;
        return new Buyer(id, "Buyer " + i, zone, active, hours, offHours, caps, price, accepts, rnd.nextInt(4) == 0);
    }

    private static OperatingHours weekly(OperatingHours.Window w, Set<LocalDate> closed, DayOfWeek alsoOn) {
        Map<DayOfWeek, List<OperatingHours.Window>> weekly = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            boolean weekday = d.getValue() <= 5;
            if (weekday || d == alsoOn) weekly.put(d, List.of(w));
        }
        return new OperatingHours(weekly, closed);
    }

    private static Lead lead(SplittableRandom rnd, int i, String[] zips) {
        int s = pickState(rnd);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("first_name", "First" + i);
        fields.put("last_name", "Last" + i);
        fields.put("phone", "+1415%07d".formatted(2_000_000 + i));
        fields.put("email", "lead" + i + "@example.com");
        fields.put("state", STATES[s]);
        fields.put("zip", zips[rnd.nextInt(zips.length)]);
        fields.put("monthly_bill", BigDecimal.valueOf(rnd.nextInt(50, 401)));
        return new Lead("lead-" + i, CAMPAIGN, "bench", fields, NOW);
    }

    private static Map<String, FieldSpec> fields() {
        Map<String, FieldSpec> f = new LinkedHashMap<>();
        f.put("first_name", FieldSpec.of("first_name", FieldType.STRING, true));
        f.put("last_name", FieldSpec.of("last_name", FieldType.STRING, false));
        f.put("phone", new FieldSpec("phone", FieldType.PHONE, true, "US", List.of(), 0));
        f.put("email", FieldSpec.of("email", FieldType.EMAIL, false));
        f.put("state", FieldSpec.of("state", FieldType.US_STATE, true));
        f.put("zip", FieldSpec.of("zip", FieldType.ZIP, false));
        f.put("monthly_bill", FieldSpec.of("monthly_bill", FieldType.NUMBER, false));
        return f;
    }

    private static String[] zipUniverse(SplittableRandom rnd) {
        Set<String> zips = new LinkedHashSet<>();
        while (zips.size() < ZIP_UNIVERSE) zips.add("%05d".formatted(rnd.nextInt(1_000, 99_951)));
        return zips.toArray(String[]::new);
    }

    private static Set<String> sample(SplittableRandom rnd, String[] from, int n) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) out.add(from[rnd.nextInt(from.length)]);
        return out;
    }
}
