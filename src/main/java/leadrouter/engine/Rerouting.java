package leadrouter.engine;

import leadrouter.Json;
import leadrouter.config.Config;
import leadrouter.config.ConfigService;
import leadrouter.ingest.Normalizer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Decision;
import leadrouter.routing.Lead;
import leadrouter.routing.LeadHistory;
import leadrouter.routing.Router;
import leadrouter.store.GroupCommit;
import leadrouter.store.Rows.LeadRow;
import leadrouter.store.Rows.LeadStatusChange;
import leadrouter.store.Store;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a lead that is already recorded once more: a deferred lead whose buyers have opened, or
 * a lead a buyer rejected. Runs on the writer; the new decision is recorded like the first one.
 */
public final class Rerouting {
    private final Store store;
    private final ConfigService configs;
    private final LiveState state;
    private final Metrics metrics;
    private final Clock clock;
    private final java.util.function.Consumer<List<leadrouter.store.Rows.DeliveryRow>> outbox;

    public Rerouting(Store store, ConfigService configs, LiveState state, Metrics metrics, Clock clock, java.util.function.Consumer<List<leadrouter.store.Rows.DeliveryRow>> outbox) {
        this.store = store;
        this.configs = configs;
        this.state = state;
        this.metrics = metrics;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** Writer task: decides a stored lead again with the given history; returns its new status. */
    public String reroute(GroupCommit.Context ctx, LeadRow row, LeadHistory history, Map<String, Object> why) {
        Config cfg = configs.current();
        Instant now = clock.instant();
        Campaign campaign = cfg.routing().campaigns().get(row.campaign());
        if (campaign == null) {
            ctx.batch.leadChanges.add(new LeadStatusChange(row.id(), "unassigned", null, "unassigned", now));
            Map<String, Object> data = new LinkedHashMap<>(why);
            data.put("queue", "unassigned");
            data.put("reason", "campaign '" + row.campaign() + "' no longer exists");
            ctx.batch.events.add(leadrouter.store.Rows.AuditEvent.of(row.id(), leadrouter.audit.EventType.LEAD_UNASSIGNED, now,
                    cfg.version(), Json.write(data)));
            return "unassigned";
        }
        Lead lead = new Lead(row.id(), campaign.id(), row.source(), fields(campaign, row.fieldsJson()), row.receivedAt());
        Decision d = Router.decide(lead, history, cfg.routing(), state, now);
        List<LeadView.AssignmentView> assigned = Recording.decision(ctx.batch, cfg, row.id(), d, now, why);
        Instant deferUntil = d instanceof Decision.Deferred df ? df.until() : null;
        String queue = d instanceof Decision.Unassigned u ? u.queue() : null;
        // A shared lead keeps its other buyers: it stays assigned even if no replacement is found.
        String status = history.holders().isEmpty() ? d.status() : "assigned";
        ctx.batch.leadChanges.add(new LeadStatusChange(row.id(), status, status.equals("assigned") ? null : deferUntil,
                status.equals("assigned") ? null : queue, now));
        if (d instanceof Decision.Assigned a) state.apply(a);
        ctx.afterCommit(() -> {
            metrics.outcomes.labelValues(campaign.id(), d.status()).inc();
            for (LeadView.AssignmentView a : assigned) metrics.assignments.labelValues(a.buyer()).inc();
            if (!assigned.isEmpty()) outbox.accept(pending(ctx.batch.deliveries));
        });
        return status;
    }

    /** What the lead went through so far: buyers holding it now, and buyers whose assignment was released. */
    public LeadHistory historyOf(String leadId) {
        java.util.Set<String> holders = new java.util.HashSet<>(), released = new java.util.HashSet<>();
        for (leadrouter.store.Rows.AssignmentRow a : store.assignments(leadId)) {
            (a.status().equals("active") ? holders : released).add(a.buyer());
        }
        return new LeadHistory(holders, released, null, List.of());
    }

    /** The stored normalized fields, typed again by the campaign's schema (normalizing is idempotent). */
    static Map<String, Object> fields(Campaign campaign, String fieldsJson) {
        Map<String, Object> raw = Json.fields(Json.tree(fieldsJson));
        return switch (Normalizer.normalize(campaign.fields(), raw)) {
            case Normalizer.Valid v -> v.fields();
            // The schema changed since: route on what was stored, as text.
            case Normalizer.Invalid i -> {
                Map<String, Object> text = new LinkedHashMap<>();
                raw.forEach((k, v) -> { if (v != null) text.put(k, String.valueOf(v)); });
                yield text;
            }
        };
    }

    static List<leadrouter.store.Rows.DeliveryRow> pending(List<leadrouter.store.Rows.DeliveryRow> rows) {
        return rows.stream().filter(r -> r.status().equals("pending")).toList();
    }
}
