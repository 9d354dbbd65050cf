package leadrouter.routing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@link RoutingConfig} compiled for the router: buyers and rules as plans, conditions as
 * matchers over numbered fields, one {@link ZoneCalendar} per zone. Derived from the config alone
 * and so never stale; the few most recent plans are kept, found by the config's identity (a
 * config is immutable, and comparing two by value would cost more than deciding).
 */
final class RoutingPlan {

    private static final int KEPT = 8;
    private static final AtomicReferenceArray<RoutingPlan> RECENT = new AtomicReferenceArray<>(KEPT);
    private static final AtomicInteger NEXT = new AtomicInteger();

    final RoutingConfig config;
    private final Map<String, BuyerPlan> buyers = new HashMap<>();
    private final Map<String, CampaignPlan> campaigns = new HashMap<>();
    private final Map<ZoneId, ZoneCalendar> calendars = new HashMap<>();
    private final Fields fields = new Fields();
    private final String[] fieldNames;
    private final Map<String, Integer>[] listed;
    final BuyerMemos memos;

    private record Views(RoutingState state, RoutingState.BuyerView[] views) {
    }

    /** The buyers' views of the last state decided with, by buyer index (filled as used). */
    private volatile Views views;

    /** A campaign's rules in order, and their gates. */
    record CampaignPlan(Campaign campaign, RulePlan[] rules, RuleGates gates) {
    }

    private RoutingPlan(RoutingConfig config) {
        this.config = config;
        // Keyed as the config's maps are: pools and leads name buyers and campaigns by those keys.
        config.buyers().forEach((key, b) -> {
            ZoneCalendar cal = calendars.computeIfAbsent(b.zone(), z -> new ZoneCalendar(z, calendars.size()));
            buyers.put(key, new BuyerPlan(b, buyers.size(), cal, fields));
        });
        memos = new BuyerMemos(buyers.size());
        config.campaigns().forEach((key, c) -> {
            RulePlan[] rules = c.rules().stream().map(r -> new RulePlan(c.id(), r, buyers, memos, fields)).toArray(RulePlan[]::new);
            campaigns.put(key, new CampaignPlan(c, rules, new RuleGates(rules)));
        });
        fieldNames = fields.names();
        listed = fields.members();
    }

    static RoutingPlan of(RoutingConfig config) {
        for (int i = 0; i < KEPT; i++) {
            RoutingPlan p = RECENT.get(i);
            if (p != null && p.config == config) return p;
        }
        RoutingPlan p = new RoutingPlan(config);
        RECENT.set(Math.floorMod(NEXT.getAndIncrement(), KEPT), p);
        return p;
    }

    /** The campaign's plan; an unknown campaign fails as {@link RoutingConfig#campaign} does. */
    CampaignPlan campaign(String id) {
        CampaignPlan c = campaigns.get(id);
        if (c == null) config.campaign(id);
        return c;
    }

    /** A rule made up for this decision (not kept): its pool uses this config's buyers. */
    RulePlan adHoc(String campaign, Rule rule) {
        return new RulePlan(campaign, rule, buyers, memos, fields);
    }

    int zones() {
        return calendars.size();
    }

    int buyerCount() {
        return buyers.size();
    }

    /** What {@link Eligibility} last concluded about each buyer, for one minute and state. */
    volatile Eligibility.BuyerVerdicts verdicts;

    /** Every zone of the plan keeps one offset, of whole minutes, through this UTC minute. */
    boolean wholeMinutes(long minute) {
        if (wholeMinute == minute) return true;
        Instant start = Instant.ofEpochSecond(minute * 60), end = Instant.ofEpochSecond(minute * 60 + 59);
        for (ZoneCalendar cal : calendars.values()) {
            long offset = cal.localSeconds(start) - start.getEpochSecond();
            if (offset % 60 != 0 || cal.localSeconds(end) - end.getEpochSecond() != offset) return false;
        }
        wholeMinute = minute;
        return true;
    }

    /** The last minute {@link #wholeMinutes} found true. */
    private volatile long wholeMinute = Long.MIN_VALUE;

    /**
     * The buyers' live views of {@code state}, by {@link BuyerPlan#index}, kept while the plan is
     * used with the same state object. Entries are filled on first use; a view is safe to share.
     */
    RoutingState.BuyerView[] views(RoutingState state) {
        Views v = views;
        if (v == null || v.state != state) views = v = new Views(state, new RoutingState.BuyerView[buyers.size()]);
        return v.views;
    }

    /** The plans of the buyers with this id (the state's name for them): one, or none if unknown. */
    java.util.List<BuyerPlan> buyersWithId(String id) {
        Map<String, java.util.List<BuyerPlan>> m = byId;
        if (m == null) {
            Map<String, java.util.List<BuyerPlan>> built = new HashMap<>();
            for (BuyerPlan b : buyers.values()) built.computeIfAbsent(b.id, k -> new java.util.ArrayList<>(1)).add(b);
            byId = m = built;
        }
        return m.getOrDefault(id, java.util.List.of());
    }

    private volatile Map<String, java.util.List<BuyerPlan>> byId;

    /** The lead as this plan's matchers read it, for one decision. */
    LeadView view(Lead lead) {
        return new LeadView(lead, fieldNames, listed);
    }
}
