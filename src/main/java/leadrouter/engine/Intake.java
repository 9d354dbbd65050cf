package leadrouter.engine;

import leadrouter.Json;
import leadrouter.audit.EventType;
import leadrouter.audit.TraceJson;
import leadrouter.config.Config;
import leadrouter.config.ConfigService;
import leadrouter.ingest.DedupeKeys;
import leadrouter.ingest.DedupePolicy;
import leadrouter.ingest.FieldError;
import leadrouter.ingest.Normalizer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Decision;
import leadrouter.routing.Lead;
import leadrouter.routing.LeadHistory;
import leadrouter.routing.Router;
import leadrouter.store.GroupCommit;
import leadrouter.store.Ids;
import leadrouter.store.Rows.AssignmentRow;
import leadrouter.store.Rows.AuditEvent;
import leadrouter.store.Rows.DedupeHit;
import leadrouter.store.Rows.DedupeKeyRow;
import leadrouter.store.Rows.LeadRow;
import leadrouter.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lead's way in: validate and normalize, look for an earlier duplicate, decide, and record it
 * all durably before answering. Validation and the committed-duplicate look-up run on the
 * request's thread; the decision and its writes run on the single writer, which also checks the
 * leads recorded since the look-up (see {@link RecentLeads}).
 */
public final class Intake {

    /** A post as received. {@code raw}: field values from JSON or a form. */
    public record Submission(String source, String campaign, Map<String, ?> raw, String idempotencyKey,
                             String channel, Instant receivedAt) {
    }

    public sealed interface Outcome permits Recorded, Refused {
    }

    /** The lead is durably recorded; {@code replay}: an earlier post with the same idempotency key. */
    public record Recorded(LeadView lead, boolean replay) implements Outcome {
    }

    /** Refused as bad input: nothing recorded but a {@code lead.invalid} event. */
    public record Refused(int status, String code, String message, List<FieldError> errors) implements Outcome {
    }

    private final Store store;
    private final GroupCommit writer;
    private final ConfigService configs;
    private final LiveState state;
    private final RecentLeads recent;
    private final SeenKeys seen;
    private final Metrics metrics;
    private final Clock clock;
    private final java.util.function.Consumer<List<leadrouter.store.Rows.DeliveryRow>> outbox;

    public Intake(Store store, GroupCommit writer, ConfigService configs, LiveState state, RecentLeads recent, SeenKeys seen,
                  Metrics metrics, Clock clock, java.util.function.Consumer<List<leadrouter.store.Rows.DeliveryRow>> outbox) {
        this.store = store;
        this.writer = writer;
        this.configs = configs;
        this.state = state;
        this.recent = recent;
        this.seen = seen;
        this.metrics = metrics;
        this.clock = clock;
        this.outbox = outbox;
    }

    public Outcome submit(Submission s) {
        Config cfg = configs.current();
        Campaign campaign = s.campaign() == null ? null : cfg.routing().campaigns().get(s.campaign());
        if (campaign == null) {
            return refuse(s, 422, "unknown_campaign", s.campaign() == null || s.campaign().isBlank()
                    ? "the lead names no campaign" : "no campaign '" + s.campaign() + "'", List.of());
        }
        if (!cfg.sources().get(s.source()).mayPostTo(campaign.id())) {
            return refuse(s, 403, "campaign_not_allowed", "source '" + s.source() + "' may not post to campaign '" + campaign.id() + "'", List.of());
        }
        Map<String, Object> fields;
        switch (Normalizer.normalize(campaign.fields(), s.raw())) {
            case Normalizer.Valid v -> fields = v.fields();
            case Normalizer.Invalid i -> {
                return refuse(s, 422, "invalid_fields", i.errors().size() + " field(s) are invalid", i.errors());
            }
        }
        DedupePolicy policy = campaign.dedupe();
        List<String> keys = policy == null ? List.of() : DedupeKeys.of(campaign.id(), policy, fields);
        Instant lookedUp = clock.instant();
        List<String> maybeSeen = keys.stream().filter(k -> seen.mightContain(campaign.id(), k)).toList();
        List<DedupeHit> committedHits = maybeSeen.isEmpty() ? List.of()
                : store.findDuplicates(campaign.id(), maybeSeen, s.receivedAt().minus(policy.window()));
        Optional<LeadRow> earlierPost = s.idempotencyKey() == null ? Optional.empty()
                : store.leadByIdempotencyKey(s.source(), s.idempotencyKey());
        if (earlierPost.isPresent()) return new Recorded(view(earlierPost.get()), true);

        // Written here, on the request's thread, to keep the single writer free for deciding.
        String fieldsJson = Json.write(fields);
        String receivedJson = TraceJson.text(g -> {
            g.writeStartObject();
            g.writeStringField("source", s.source());
            g.writeStringField("campaign", campaign.id());
            g.writeStringField("channel", s.channel());
            g.writeStringField("received_at", s.receivedAt().toString());
            g.writeFieldName("fields");
            g.writeRawValue(fieldsJson);
            if (s.idempotencyKey() != null) g.writeStringField("idempotency_key", s.idempotencyKey());
            g.writeEndObject();
        });
        Recorded r = writer.call(ctx -> route(ctx, campaign, s, fields, fieldsJson, receivedJson, keys, committedHits, lookedUp));
        metrics.ingestSeconds.observe(Duration.between(s.receivedAt(), clock.instant()).toNanos() / 1e9);
        return r;
    }

    private Recorded route(GroupCommit.Context ctx, Campaign lookedUpCampaign, Submission s, Map<String, Object> fields,
                           String fieldsJson, String receivedJson, List<String> keys, List<DedupeHit> committedHits, Instant lookedUp) {
        Config cfg = configs.current();
        Campaign campaign = cfg.routing().campaigns().getOrDefault(lookedUpCampaign.id(), lookedUpCampaign);
        if (s.idempotencyKey() != null) {
            LeadView again = recent.byIdempotencyKey(s.source(), s.idempotencyKey());
            if (again != null) return new Recorded(again, true);
        }
        Instant now = clock.instant();
        String id = Ids.next();
        DedupePolicy policy = campaign.dedupe();
        RecentLeads.Earlier earlier = null;
        if (policy != null && !keys.isEmpty()) {
            Instant since = s.receivedAt().minus(policy.window());
            List<DedupeHit> hits = recent.staleLookup(lookedUp, now)
                    ? store.findDuplicates(campaign.id(), keys, since) : committedHits;
            earlier = recent.earliestMatch(campaign.id(), keys, since, hits, this::assignmentsOf);
        }
        ctx.batch.events.add(AuditEvent.of(id, EventType.LEAD_RECEIVED, now, cfg.version(), receivedJson));

        if (earlier != null && policy.action() == DedupePolicy.Action.REJECT) {
            ctx.batch.leads.add(new LeadRow(id, campaign.id(), s.source(), "duplicate", s.receivedAt(), now, null,
                    cfg.version(), fieldsJson, earlier.leadId(), s.idempotencyKey(), null, null));
            Map<String, Object> dup = new LinkedHashMap<>();
            dup.put("duplicate_of", earlier.leadId());
            dup.put("earlier_received_at", earlier.receivedAt().toString());
            dup.put("window", policy.window().toString());
            dup.put("action", "reject");
            ctx.batch.events.add(AuditEvent.of(id, EventType.LEAD_DUPLICATE, now, cfg.version(), Json.write(dup)));
            LeadView v = new LeadView(id, "duplicate", List.of(), earlier.leadId(), null, null);
            recent.recordPost(ctx.number, s.source(), s.idempotencyKey(), v);
            ctx.afterCommit(() -> countOutcome(campaign.id(), "duplicate"));
            return new Recorded(v, false);
        }

        LeadHistory history = earlier == null ? LeadHistory.NONE : earlier.history();
        Lead lead = new Lead(id, campaign.id(), s.source(), fields, s.receivedAt());
        long t0 = System.nanoTime();
        Decision d = Router.decide(lead, history, cfg.routing(), state, now);
        double decisionSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> extra = new LinkedHashMap<>();
        if (earlier != null) extra.put("duplicate_of", earlier.leadId());
        List<LeadView.AssignmentView> assigned = Recording.decision(ctx.batch, cfg, id, d, now, extra);
        Instant deferUntil = d instanceof Decision.Deferred df ? df.until() : null;
        String queue = d instanceof Decision.Unassigned u ? u.queue() : null;
        ctx.batch.leads.add(new LeadRow(id, campaign.id(), s.source(), d.status(), s.receivedAt(), now, deferUntil,
                cfg.version(), fieldsJson, earlier == null ? null : earlier.leadId(), s.idempotencyKey(), queue, null));
        if (earlier == null) {
            for (String k : keys) ctx.batch.dedupeKeys.add(new DedupeKeyRow(campaign.id(), k, id, s.receivedAt()));
        }
        LeadView v = new LeadView(id, d.status(), assigned, earlier == null ? null : earlier.leadId(), deferUntil, queue);
        // In-memory state changes last: everything above may still throw and drop this lead.
        if (d instanceof Decision.Assigned a) state.apply(a);
        if (earlier == null) {
            recent.recordKeys(ctx.number, campaign.id(), keys, id, s.receivedAt(), assigned);
            // Into the filter once durable (on the committer): until then the recent-leads index covers them.
            ctx.afterCommit(() -> { for (String k : keys) seen.add(campaign.id(), k); });
        }
        recent.recordPost(ctx.number, s.source(), s.idempotencyKey(), v);
        ctx.afterCommit(() -> {
            metrics.decisionSeconds.observe(decisionSeconds);
            countOutcome(campaign.id(), d.status());
            for (LeadView.AssignmentView a : assigned) metrics.assignments.labelValues(a.buyer()).inc();
            if (!assigned.isEmpty()) outbox.accept(pending(ctx.batch.deliveries));
        });
        return new Recorded(v, false);
    }

    private void countOutcome(String campaign, String status) {
        metrics.received.labelValues(campaign).inc();
        metrics.outcomes.labelValues(campaign, status).inc();
    }

    private List<AssignmentRow> assignmentsOf(String leadId) {
        return store.assignments(leadId);
    }

    private Refused refuse(Submission s, int status, String code, String message, List<FieldError> errors) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", s.source());
        data.put("campaign", s.campaign());
        data.put("channel", s.channel());
        data.put("received_at", s.receivedAt().toString());
        data.put("code", code);
        data.put("message", message);
        data.put("errors", errors);
        data.put("submitted", Submitted.summary(s.raw()));
        recordInvalid(data);
        metrics.invalid.labelValues(code).inc();
        return new Refused(status, code, message, errors);
    }

    /** Records a refused post as {@code lead.invalid} (no lead row), waiting until it is durable. */
    public void recordInvalid(Map<String, Object> data) {
        Instant now = clock.instant();
        writer.call(ctx -> {
            ctx.batch.events.add(AuditEvent.of(null, EventType.LEAD_INVALID, now, configs.current().version(), Json.write(data)));
            return null;
        });
    }

    private LeadView view(LeadRow row) {
        List<LeadView.AssignmentView> as = new ArrayList<>();
        for (AssignmentRow a : store.assignments(row.id())) {
            as.add(new LeadView.AssignmentView(a.buyer(), a.priceCents(), a.rule(), a.exclusive()));
        }
        return new LeadView(row.id(), row.status(), as, row.duplicateOf(), row.deferUntil(), row.queue());
    }

    static List<leadrouter.store.Rows.DeliveryRow> pending(List<leadrouter.store.Rows.DeliveryRow> rows) {
        return rows.stream().filter(r -> r.status().equals("pending")).toList();
    }
}
