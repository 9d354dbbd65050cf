package leadrouter.engine;

import leadrouter.audit.EventType;
import leadrouter.audit.TraceJson;
import leadrouter.config.Config;
import leadrouter.delivery.EndpointSpec;
import leadrouter.routing.Decision;
import leadrouter.store.Ids;
import leadrouter.store.Rows.AssignmentRow;
import leadrouter.store.Rows.AuditEvent;
import leadrouter.store.Rows.CapDelta;
import leadrouter.store.Rows.DeliveryRow;
import leadrouter.store.Rows.RotationRow;
import leadrouter.store.WriteBatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a decision into the rows that record it: assignments, counters, rotation, outbox, and its event. */
final class Recording {
    private Recording() {
    }

    /**
     * Adds the decision's writes for {@code leadId} to the batch and returns the assignments as
     * posted back. The lead row itself (insert or status change) is the caller's.
     */
    static List<LeadView.AssignmentView> decision(WriteBatch batch, Config cfg, String leadId, Decision d, Instant now,
                                                  Map<String, Object> extra) {
        List<LeadView.AssignmentView> views = new ArrayList<>();
        String type = switch (d) {
            case Decision.Assigned a -> {
                for (Decision.Assignment as : a.assignments()) {
                    String assignmentId = Ids.next();
                    batch.assignments.add(new AssignmentRow(assignmentId, leadId, as.buyer(), as.rule(), as.priceCents(),
                            as.exclusive(), "active", now, null));
                    views.add(new LeadView.AssignmentView(as.buyer(), as.priceCents(), as.rule(), as.exclusive()));
                    outbox(batch, cfg, leadId, assignmentId, as.buyer(), now);
                }
                for (Decision.CapClaim c : a.claims()) {
                    batch.capDeltas.add(new CapDelta(c.buyer(), c.period(), c.windowStart(), c.leads(), c.cents()));
                }
                for (Decision.RotationUpdate r : a.rotation()) {
                    batch.rotation.add(new RotationRow(r.rule().campaign(), r.rule().rule(), r.buyer(), r.turns()));
                }
                yield EventType.LEAD_ROUTED;
            }
            case Decision.Deferred df -> EventType.LEAD_DEFERRED;
            case Decision.Unassigned u -> EventType.LEAD_UNASSIGNED;
        };
        String data = TraceJson.text(g -> {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : extra.entrySet()) g.writeObjectField(e.getKey(), e.getValue());
            switch (d) {
                case Decision.Assigned a -> TraceJson.writeAssignments(g, a.assignments());
                case Decision.Deferred df -> g.writeStringField("until", df.until().toString());
                case Decision.Unassigned u -> g.writeStringField("queue", u.queue());
            }
            g.writeFieldName("trace");
            TraceJson.write(g, d.trace());
            g.writeEndObject();
        });
        batch.events.add(AuditEvent.of(leadId, type, now, cfg.version(), data));
        return views;
    }

    /** One pending delivery per endpoint of the buyer, each with a stable idempotency key. */
    private static void outbox(WriteBatch batch, Config cfg, String leadId, String assignmentId, String buyer, Instant now) {
        List<EndpointSpec> endpoints = cfg.endpoints(buyer);
        for (int i = 0; i < endpoints.size(); i++) {
            batch.deliveries.add(new DeliveryRow(Ids.next(), leadId, assignmentId, buyer, i, endpoints.get(i).type(), "pending",
                    0, now, now, now, null, null, leadId + ":" + buyer + ":" + i, null));
        }
    }
}
