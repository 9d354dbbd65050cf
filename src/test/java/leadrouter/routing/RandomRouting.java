package leadrouter.routing;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random routing inputs that reach every branch of the router: zones with DST, half-hour and
 * 45-minute offsets, hours crossing midnight with closed dates, all cap periods (money caps too),
 * every condition operator, every method, shared leads, repeated and unknown pool entries, lead
 * history and pre-filled counters and turns. Deterministic for a seed.
 */
final class RandomRouting {
    static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/Rome"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Sao_Paulo"),
            ZoneId.of("Pacific/Chatham"), ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Tehran"), ZoneId.of("America/Havana"));
    static final String[] STATES = {"CA", "TX", "NY", "FL", "ca", "Tx"};
    /**
     * What {@code eq} compares states with, and what leads carry: besides plain states, texts that
     * {@code equalsIgnoreCase} matches although their lower cases differ (the Kelvin sign is a
     * K, the long s an S) and non-ASCII ones.
     */
    static final String[] EQ_STATES = {"CA", "TX", "ca", "Tx", "KA", "st", "\u00c7A", "NY"};
    static final String[] LEAD_STATES = {"CA", "TX", "NY", "FL", "ca", "Tx", "\u212aA", "\u017ft", "\u00e7a", "ka", "ST"};
    /** Starts near DST changes of 2026 in the zones above, and some plain days. */
    static final Instant[] STARTS = {Instant.parse("2026-03-08T05:30:00Z"), Instant.parse("2026-03-29T00:30:00Z"),
            Instant.parse("2026-04-05T14:00:00Z"), Instant.parse("2026-10-04T15:30:00Z"), Instant.parse("2026-11-01T05:10:00Z"),
            Instant.parse("2026-12-31T23:50:00Z"), Instant.parse("2026-06-15T12:00:00Z"), Instant.parse("2026-02-28T23:59:59Z")};

    private final SplittableRandom rnd;

    RandomRouting(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    Instant start() {
        return STARTS[rnd.nextInt(STARTS.length)].plusSeconds(rnd.nextInt(-7200, 7200));
    }

    Duration step() {
        return switch (rnd.nextInt(4)) {
            case 0 -> Duration.ofSeconds(rnd.nextInt(1, 120));
            case 1 -> Duration.ofMinutes(rnd.nextInt(1, 90));
            case 2 -> Duration.ofHours(rnd.nextInt(1, 30));
            default -> Duration.ofDays(rnd.nextInt(1, 9)).plusMinutes(rnd.nextInt(0, 600));
        };
    }

    RoutingConfig config() {
        int nBuyers = 1 + rnd.nextInt(12);
        Map<String, Buyer> buyers = new LinkedHashMap<>();
        for (int i = 0; i < nBuyers; i++) {
            Buyer b = buyer("b" + i);
            buyers.put(b.id(), b);
        }
        List<String> ids = new ArrayList<>(buyers.keySet());
        int nRules = 1 + rnd.nextInt(6);
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < nRules; r++) {
            Condition when = rnd.nextInt(4) == 0 ? null : condition(2);
            rules.add(new Rule("r" + r, when, distribution(ids)));
        }
        Campaign c = new Campaign("solar", "Solar", Fixtures.fields(), null, rules, rnd.nextBoolean() ? null : "q");
        return new RoutingConfig(3, Map.of("solar", c), buyers);
    }

    private Buyer buyer(String id) {
        ZoneId zone = ZONES.get(rnd.nextInt(ZONES.size()));
        List<Cap> caps = new ArrayList<>();
        for (CapPeriod p : CapPeriod.values()) {
            if (rnd.nextInt(3) == 0) caps.add(rnd.nextInt(4) == 0 ? Cap.moneyCents(p, rnd.nextLong(0, 20_000)) : Cap.leads(p, rnd.nextLong(0, 12)));
        }
        Map<String, Long> price = rnd.nextInt(5) == 0 ? Map.of() : Map.of("solar", (long) rnd.nextInt(0, 5000));
        Condition accepts = rnd.nextInt(3) == 0 ? condition(2) : null;
        Buyer.OffHours off = rnd.nextBoolean() ? Buyer.OffHours.DEFER : Buyer.OffHours.SKIP;
        return new Buyer(id, id, zone, rnd.nextInt(8) != 0, hours(), off, caps, price, accepts, rnd.nextBoolean());
    }

    private OperatingHours hours() {
        Set<LocalDate> closed = new HashSet<>();
        if (rnd.nextInt(3) == 0) {
            for (int i = rnd.nextInt(1, 5); i > 0; i--) closed.add(LocalDate.of(2026, 1, 1).plusDays(rnd.nextInt(0, 366)));
        }
        if (rnd.nextInt(3) == 0) return rnd.nextBoolean() ? OperatingHours.ALWAYS : OperatingHours.always(closed);
        Map<DayOfWeek, List<OperatingHours.Window>> weekly = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (rnd.nextInt(4) == 0) continue;
            List<OperatingHours.Window> ws = new ArrayList<>();
            for (int k = rnd.nextInt(1, 3); k > 0; k--) {
                int start = rnd.nextInt(0, 1440);
                int end = rnd.nextInt(1, 1441);
                if (start == end) end = start + 1;
                // Some windows start inside a DST gap (02:00-03:00 local) or at midnight.
                if (rnd.nextInt(5) == 0) start = 120 + rnd.nextInt(60);
                if (rnd.nextInt(7) == 0) start = 0;
                if (start == end) end = (start + 30) % 1440 + 1;
                ws.add(new OperatingHours.Window(start, end));
            }
            weekly.put(d, ws);
        }
        return new OperatingHours(weekly, closed);
    }

    Condition condition(int depth) {
        int kind = depth == 0 ? 3 : rnd.nextInt(6);
        return switch (kind) {
            case 0 -> new Condition.All(List.of(condition(depth - 1), condition(depth - 1)));
            case 1 -> new Condition.Any(List.of(condition(depth - 1), condition(depth - 1)));
            case 2 -> new Condition.Not(condition(depth - 1));
            default -> test();
        };
    }

    private Condition test() {
        return switch (rnd.nextInt(19)) {
            case 0, 16 -> new Condition.Test("state", Op.EQ, Condition.Operand.scalar(EQ_STATES[rnd.nextInt(EQ_STATES.length)]));
            case 17 -> new Condition.Test("monthly_bill", Op.EQ, Condition.Operand.scalar(rnd.nextBoolean() ? "200" : "120.5"));
            case 18 -> new Condition.Test("lead.source", Op.EQ, Condition.Operand.scalar(rnd.nextBoolean() ? "WEB" : "partner"));
            case 1 -> new Condition.Test("state", Op.NE, Condition.Operand.scalar(STATES[rnd.nextInt(STATES.length)]));
            case 2 -> new Condition.Test("state", Op.IN, Condition.Operand.set("CA, tx", List.of("CA", "tx")));
            case 3 -> new Condition.Test("state", Op.NOT_IN, Condition.Operand.set("NY", List.of("NY")));
            case 4 -> new Condition.Test("zip", Op.IN_LIST, Condition.Operand.set("zips", List.of("90210", "10001", 94105)));
            case 5 -> new Condition.Test("monthly_bill", Op.GTE, Condition.Operand.scalar(rnd.nextInt(0, 300)));
            case 6 -> new Condition.Test("monthly_bill", Op.LT, Condition.Operand.scalar(rnd.nextInt(0, 300)));
            case 7 -> new Condition.Test("monthly_bill", Op.BETWEEN, Condition.Operand.between(50, 150));
            case 8 -> new Condition.Test("monthly_bill", Op.IN, Condition.Operand.set("100, 200", List.of(100, new BigDecimal("200.0"))));
            case 9 -> new Condition.Test("zip", Op.STARTS_WITH, Condition.Operand.scalar("9"));
            case 10 -> new Condition.Test("lead.source", Op.CONTAINS, Condition.Operand.scalar("WE"));
            case 11 -> new Condition.Test("zip", Op.REGEX, Condition.Operand.regex("^1"));
            case 12 -> new Condition.Test("zip", Op.EXISTS, Condition.Operand.NONE);
            case 13 -> new Condition.Test("monthly_bill", Op.MISSING, Condition.Operand.NONE);
            case 14 -> new Condition.Test("monthly_bill", Op.LTE, Condition.Operand.scalar("120.50"));
            default -> new Condition.Test("monthly_bill", Op.GT, Condition.Operand.scalar(rnd.nextInt(0, 300)));
        };
    }

    private Distribution distribution(List<String> ids) {
        List<Slot> pool = new ArrayList<>();
        int n = 1 + rnd.nextInt(ids.size() + 2);
        for (int i = 0; i < n; i++) {
            // Now and then a buyer twice in one pool, or one the config does not know.
            String b = rnd.nextInt(40) == 0 ? "ghost" : ids.get(rnd.nextInt(ids.size()));
            Long bid = rnd.nextInt(3) == 0 ? (long) rnd.nextInt(0, 4000) : null;
            Long price = rnd.nextInt(4) == 0 ? (long) rnd.nextInt(0, 4000) : null;
            pool.add(new Slot(b, rnd.nextInt(1, 6), rnd.nextInt(0, 4), bid, price));
        }
        int shares = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
        return switch (rnd.nextInt(4)) {
            case 0 -> new Distribution.RoundRobin(pool, shares);
            case 1 -> new Distribution.Weighted(pool, shares);
            case 2 -> new Distribution.Priority(pool, shares);
            default -> new Distribution.HighestBid(pool, shares);
        };
    }

    Lead lead(int seq) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (rnd.nextInt(8) != 0) f.put("state", rnd.nextInt(10) == 0 ? "" : LEAD_STATES[rnd.nextInt(LEAD_STATES.length)]);
        if (rnd.nextInt(6) != 0) {
            f.put("monthly_bill", switch (rnd.nextInt(4)) {
                case 0 -> new BigDecimal("120.50");
                case 1 -> new BigDecimal("200.00");
                default -> BigDecimal.valueOf(rnd.nextInt(0, 300));
            });
        }
        if (rnd.nextInt(4) != 0) f.put("zip", new String[]{"90210", "10001", "94105", "33101"}[rnd.nextInt(4)]);
        return new Lead("ld" + seq, "solar", rnd.nextBoolean() ? "web" : "partner", f, Instant.EPOCH);
    }

    LeadHistory history(RoutingConfig cfg) {
        if (rnd.nextInt(3) != 0) return LeadHistory.NONE;
        List<String> ids = new ArrayList<>(cfg.buyers().keySet());
        Set<String> holders = new HashSet<>(), rejected = new HashSet<>();
        List<String> previous = new ArrayList<>();
        for (String b : ids) {
            int k = rnd.nextInt(10);
            if (k == 0) holders.add(b);
            else if (k == 1) rejected.add(b);
            else if (k == 2) previous.add(b);
        }
        if (rnd.nextInt(10) == 0) previous.add("gone");
        String owner = rnd.nextInt(5) == 0 ? ids.get(rnd.nextInt(ids.size())) : null;
        return new LeadHistory(holders, rejected, owner, previous);
    }

    /** Circuits the memory state's predicate reports open (others are open by its flag). */
    private final Set<String> byPredicate = new HashSet<>();

    /** Opens a buyer's circuit in both states: in the memory state by its flag, or by its predicate. */
    private void openCircuit(String buyer, MapState state, MemoryState memory) {
        state.openCircuits.add(buyer);
        if (rnd.nextBoolean()) memory.setCircuitOpen(buyer, true);
        else byPredicate.add(buyer);
    }

    /**
     * Changes made between decisions, the same in both states, as other parts of the system make
     * them: a lead counted or given back outside a decision, a circuit opening or closing.
     */
    void disturb(RoutingConfig cfg, Instant at, MapState state, MemoryState memory) {
        List<Buyer> buyers = new ArrayList<>(cfg.buyers().values());
        Buyer b = buyers.get(rnd.nextInt(buyers.size()));
        switch (rnd.nextInt(3)) {
            case 0 -> {
                CapPeriod period = CapPeriod.values()[rnd.nextInt(CapPeriod.values().length)];
                Instant window = period.windowStart(at, b.zone());
                long leads = rnd.nextLong(-1, 3), cents = rnd.nextLong(-500, 3000);
                state.counters.merge(b.id() + "|" + period + "|" + window, new CapUsage(leads, cents), (x, y) -> x.plus(y.leads(), y.cents()));
                memory.add(b.id(), period, window, leads, cents);
            }
            case 1 -> {
                if (state.openCircuits.remove(b.id())) {
                    byPredicate.remove(b.id());
                    memory.setCircuitOpen(b.id(), false);
                } else {
                    openCircuit(b.id(), state, memory);
                }
            }
            default -> {
                // A buyer filled to its cap, then changes that do nothing, enough to overflow a
                // short log: what read the log too late must still see the first change.
                if (!b.caps().isEmpty()) {
                    Cap cap = b.caps().get(rnd.nextInt(b.caps().size()));
                    Instant window = cap.per().windowStart(at, b.zone());
                    long over = cap.max() + 1;
                    state.counters.merge(b.id() + "|" + cap.per() + "|" + window, new CapUsage(over, over), (x, y) -> x.plus(y.leads(), y.cents()));
                    memory.add(b.id(), cap.per(), window, over, over);
                }
                for (int k = 0; k < 6; k++) {
                    Buyer other = buyers.get(rnd.nextInt(buyers.size()));
                    memory.add(other.id(), CapPeriod.TOTAL, Instant.EPOCH, 0, 0);
                }
            }
        }
    }

    /** Counters part-way to (or past) the caps at {@code at}, some turns, some open circuits; the same in both states. */
    void fill(RoutingConfig cfg, Instant at, MapState state, MemoryState memory) {
        for (Buyer b : cfg.buyers().values()) {
            for (Cap cap : b.caps()) {
                if (rnd.nextBoolean()) continue;
                long leads = rnd.nextLong(0, cap.max() + 2), cents = rnd.nextLong(0, cap.max() + 2000);
                Instant window = cap.per().windowStart(at, b.zone());
                state.counters.put(b.id() + "|" + cap.per() + "|" + window, new CapUsage(leads, cents));
                memory.set(b.id(), cap.per(), window, new CapUsage(leads, cents));
            }
            if (rnd.nextInt(6) == 0) openCircuit(b.id(), state, memory);
        }
        // The predicate's source names its suspects, or cannot (every candidate is then asked).
        if (rnd.nextBoolean()) memory.circuits(byPredicate::contains, () -> List.copyOf(byPredicate));
        else memory.circuits(byPredicate::contains);
        for (Rule r : cfg.campaign("solar").rules()) {
            RuleKey key = RuleKey.of("solar", r);
            for (Slot s : r.distribute().pool()) {
                if (rnd.nextBoolean()) {
                    long turns = rnd.nextLong(-3, 6);
                    state.turns.put(key + "|" + s.buyer(), turns);
                    memory.setTurns(key, s.buyer(), turns);
                }
            }
        }
    }
}
