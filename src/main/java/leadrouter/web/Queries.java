package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import leadrouter.Json;
import leadrouter.LeadRouter;
import leadrouter.audit.TraceJson;
import leadrouter.config.Config;
import leadrouter.config.ConfigDiff;
import leadrouter.ingest.Normalizer;
import leadrouter.routing.Buyer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Cap;
import leadrouter.routing.CapUsage;
import leadrouter.routing.Decision;
import leadrouter.routing.Lead;
import leadrouter.routing.Router;
import leadrouter.store.LeadQuery;
import leadrouter.store.Rows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read side of the API: leads, traces, config versions, caps, and dry runs. */
final class Queries {
    private static final Set<String> AUDIT_DECISIONS = Set.of("lead.routed", "lead.deferred", "lead.unassigned");

    private final LeadRouter app;

    Queries(LeadRouter app) {
        this.app = app;
    }

    Object listLeads(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        String cursor = ctx.queryParam("cursor");
        String afterId = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        LeadQuery q = new LeadQuery(blankToNull(ctx.queryParam("campaign")), blankToNull(ctx.queryParam("status")),
                blankToNull(ctx.queryParam("buyer")), instant(ctx, "from"), instant(ctx, "to"), afterId, limit);
        List<Rows.LeadRow> rows = app.store.leads(q);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leads", rows.stream().map(this::leadSummary).toList());
        m.put("next_cursor", rows.size() == limit ? encodeCursor(rows.getLast().id()) : null);
        return m;
    }

    Object lead(String id) {
        Rows.LeadRow row = app.store.lead(id).orElseThrow(() -> ApiError.notFound("lead " + id));
        Map<String, Object> m = leadSummary(row);
        m.put("fields", Json.tree(row.fieldsJson()));
        m.put("assignments", app.store.assignments(id).stream().map(Queries::assignment).toList());
        m.put("deliveries", app.store.deliveries(id).stream().map(Queries::delivery).toList());
        return m;
    }

    /** The lead, every decision trace made for it, and every audit event about it, in order. */
    Object trace(String id) {
        Rows.LeadRow row = app.store.lead(id).orElseThrow(() -> ApiError.notFound("lead " + id));
        List<Object> decisions = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        for (Rows.AuditEvent e : app.store.events(id)) {
            Map<String, Object> em = event(e);
            JsonNode data = (JsonNode) em.get("data");
            events.add(em);
            if (AUDIT_DECISIONS.contains(e.type()) && data != null && data.has("trace")) decisions.add(data.get("trace"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lead", leadSummary(row));
        m.put("decisions", decisions);
        m.put("events", events);
        return m;
    }

    Object deliveries(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        String cursor = ctx.queryParam("cursor");
        String afterId = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        List<Rows.DeliveryRow> rows = app.store.deliveriesByStatus(blankToNull(ctx.queryParam("status")), afterId, limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deliveries", rows.stream().map(Queries::delivery).toList());
        m.put("next_cursor", rows.size() == limit ? encodeCursor(rows.getLast().id()) : null);
        return m;
    }

    /** A delivery and its attempts (requests redacted, responses truncated), in order. */
    Object delivery(String id) {
        Rows.DeliveryRow d = app.store.delivery(id).orElseThrow(() -> ApiError.notFound("delivery " + id));
        Map<String, Object> m = delivery(d);
        List<Object> attempts = new ArrayList<>();
        for (Rows.AuditEvent e : app.store.events(d.leadId())) {
            if (e.dataJson() == null || !e.type().startsWith("delivery.")) continue;
            JsonNode data = Json.tree(e.dataJson());
            if (id.equals(data.path("delivery_id").asText())) attempts.add(event(e));
        }
        m.put("events", attempts);
        return m;
    }

    Object circuits() {
        Config cfg = app.configs.current();
        List<Object> out = new ArrayList<>();
        cfg.endpoints().forEach((buyer, specs) -> {
            for (int i = 0; i < specs.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("buyer", buyer);
                m.put("endpoint", i);
                m.put("type", specs.get(i).type());
                m.put("notification", specs.get(i).notification());
                m.put("state", app.circuits.state(buyer, i));
                out.add(m);
            }
        });
        return Map.of("circuits", out);
    }

    /** The audit log, oldest first, after an event id; optionally one type. */
    Object events(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        String after = ctx.queryParam("after");
        long afterId;
        try {
            afterId = after == null || after.isBlank() ? 0 : Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_parameter", "after must be an event id");
        }
        List<Rows.AuditEvent> rows = app.store.eventsAfter(afterId, blankToNull(ctx.queryParam("type")), limit);
        List<Object> out = new ArrayList<>();
        for (Rows.AuditEvent e : rows) out.add(event(e));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", out);
        m.put("next_after", rows.isEmpty() ? null : rows.getLast().id());
        return m;
    }

    static Map<String, Object> event(Rows.AuditEvent e) {
        Map<String, Object> em = new LinkedHashMap<>();
        em.put("id", e.id());
        em.put("type", e.type());
        em.put("at", e.at().toString());
        if (e.leadId() != null) em.put("lead_id", e.leadId());
        em.put("config_version", e.configVersion());
        em.put("data", e.dataJson() == null ? null : Json.tree(e.dataJson()));
        return em;
    }

    Object configVersions() {
        return Map.of("versions", app.store.configVersions().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.version());
            m.put("created_at", v.createdAt().toString());
            m.put("author", v.author());
            m.put("comment", v.comment());
            return m;
        }).toList());
    }

    Object configVersion(String versionText) {
        int version;
        try {
            version = Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_version", "version must be a number");
        }
        Rows.ConfigVersionRow v = app.store.config(version).orElseThrow(() -> ApiError.notFound("config version " + version));
        JsonNode doc = Json.tree(v.document());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("created_at", v.createdAt().toString());
        m.put("author", v.author());
        m.put("comment", v.comment());
        m.put("document", doc);
        m.put("changes", app.store.config(version - 1).map(prev -> (Object) ConfigDiff.diff(Json.tree(prev.document()), doc)).orElse(List.of()));
        return m;
    }

    Object caps(String buyerId) {
        Config cfg = app.configs.current();
        Buyer b = cfg.routing().buyers().get(buyerId);
        if (b == null) throw ApiError.notFound("buyer " + buyerId);
        Instant now = app.clock.instant();
        List<Object> caps = new ArrayList<>();
        for (Cap cap : b.caps()) {
            Instant start = cap.per().windowStart(now, b.zone());
            CapUsage u = app.state.capUsage(b.id(), cap.per(), start);
            long used = cap.money() ? u.cents() : u.leads();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("per", cap.per().key());
            m.put("unit", cap.money() ? "money" : "leads");
            m.put("used", cap.money() ? TraceJson.money(used) : used);
            m.put("max", cap.money() ? TraceJson.money(cap.max()) : cap.max());
            m.put("remaining", cap.money() ? TraceJson.money(Math.max(0, cap.max() - used)) : Math.max(0, cap.max() - used));
            m.put("window_start", start.toString());
            Instant reset = cap.per().nextReset(now, b.zone());
            m.put("resets_at", reset == null ? null : reset.toString());
            caps.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyer", b.id());
        m.put("timezone", b.zone().getId());
        m.put("status", b.active() ? "active" : "paused");
        m.put("open_now", b.hours().isOpen(now, b.zone()));
        m.put("circuit_open", app.state.circuitOpen(b.id()));
        m.put("caps", caps);
        return m;
    }

    /**
     * A dry run: the decision and trace the live config (or a candidate config given in the body)
     * would make for a lead now (or at {@code at}), without recording anything.
     */
    Object simulate(JsonNode body) {
        if (!body.isObject()) throw ApiError.badRequest("invalid_body", "send {\"campaign\": ..., \"fields\": {...}}");
        Config cfg = body.has("config") ? app.configs.validate(body.get("config")) : app.configs.current();
        String campaignId = body.path("campaign").asText(null);
        Campaign campaign = campaignId == null ? null : cfg.routing().campaigns().get(campaignId);
        if (campaign == null) throw new ApiError(422, "unknown_campaign", "no campaign '" + campaignId + "'");
        JsonNode f = body.get("fields");
        if (f == null || !f.isObject()) throw ApiError.badRequest("invalid_body", "\"fields\" must be a JSON object");
        Map<String, Object> raw = Json.fields(f);
        Map<String, Object> fields = switch (Normalizer.normalize(campaign.fields(), raw)) {
            case Normalizer.Valid v -> v.fields();
            case Normalizer.Invalid i -> throw new ApiError(422, "invalid_fields", i.errors().size() + " field(s) are invalid", i.errors());
        };
        Instant at = body.hasNonNull("at") ? parseInstant(body.get("at").asText(), "at") : app.clock.instant();
        String source = body.path("source").asText("simulation");
        Lead lead = new Lead("simulated", campaign.id(), source, fields, at);
        Decision d = Router.decide(lead, cfg.routing(), app.state, at);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", d.status());
        if (d instanceof Decision.Assigned a) m.put("assignments", TraceJson.assignments(a.assignments()));
        if (d instanceof Decision.Deferred df) m.put("defer_until", df.until().toString());
        if (d instanceof Decision.Unassigned u) m.put("queue", u.queue());
        m.put("fields", fields);
        m.put("trace", TraceJson.of(d.trace()));
        return m;
    }

    private Map<String, Object> leadSummary(Rows.LeadRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("campaign", r.campaign());
        m.put("source", r.source());
        m.put("status", r.status());
        m.put("received_at", r.receivedAt().toString());
        m.put("updated_at", r.updatedAt() == null ? null : r.updatedAt().toString());
        m.put("config_version", r.configVersion());
        if (r.duplicateOf() != null) m.put("duplicate_of", r.duplicateOf());
        if (r.deferUntil() != null) m.put("defer_until", r.deferUntil().toString());
        if (r.queue() != null) m.put("queue", r.queue());
        if (r.speedToLeadMs() != null) m.put("speed_to_lead_ms", r.speedToLeadMs());
        return m;
    }

    static Map<String, Object> assignment(Rows.AssignmentRow a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("buyer", a.buyer());
        m.put("rule", a.rule());
        m.put("price", TraceJson.money(a.priceCents()));
        m.put("exclusive", a.exclusive());
        m.put("status", a.status());
        m.put("created_at", a.createdAt().toString());
        if (a.releasedAt() != null) m.put("released_at", a.releasedAt().toString());
        return m;
    }

    static Map<String, Object> delivery(Rows.DeliveryRow d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("lead_id", d.leadId());
        m.put("buyer", d.buyer());
        m.put("endpoint", d.endpointIndex());
        m.put("type", d.endpointType());
        m.put("status", d.status());
        m.put("attempts", d.attempts());
        m.put("next_attempt_at", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
        m.put("updated_at", d.updatedAt() == null ? null : d.updatedAt().toString());
        if (d.lastError() != null) m.put("last_error", d.lastError());
        if (d.buyerLeadId() != null) m.put("buyer_lead_id", d.buyerLeadId());
        m.put("idempotency_key", d.idempotencyKey());
        // What the attempts got done at the buyer (Pipedrive: the person), for settling a dispute over a repeat.
        if (d.progress() != null) m.put("progress", d.progress());
        return m;
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw ApiError.badRequest("invalid_parameter", name + " must be " + min + ".." + max);
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_parameter", name + " must be a whole number");
        }
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : parseInstant(v, name);
    }

    static Instant parseInstant(String v, String name) {
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiError.badRequest("invalid_parameter", name + " must be an ISO instant (2026-05-01T12:00:00Z) or date (2026-05-01)");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_cursor", "cursor is not one this API returned");
        }
    }
}
