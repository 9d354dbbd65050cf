package leadrouter.store;

import leadrouter.store.Rows.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one transaction writes. The group-commit writer collects the writes of many
 * requests into one batch; {@link Store#commit} applies it atomically, in the order of the lists
 * below (config, leads, lead changes, assignments, releases, dedupe keys, counters, rotation,
 * deliveries, speed-to-lead, events).
 */
public final class WriteBatch {
    public final List<ConfigVersionRow> configs = new ArrayList<>();
    public final List<LeadRow> leads = new ArrayList<>();
    public final List<LeadStatusChange> leadChanges = new ArrayList<>();
    public final List<AssignmentRow> assignments = new ArrayList<>();
    public final List<AssignmentRelease> releases = new ArrayList<>();
    public final List<DedupeKeyRow> dedupeKeys = new ArrayList<>();
    public final List<CapDelta> capDeltas = new ArrayList<>();
    public final List<RotationRow> rotation = new ArrayList<>();
    /** Inserted, or updated by id (status, attempts, next attempt, updated, last error, buyer lead id). */
    public final List<DeliveryRow> deliveries = new ArrayList<>();
    /** (lead id, milliseconds): set once, the first time a delivery succeeds. */
    public final List<SpeedToLead> speedToLead = new ArrayList<>();
    public final List<AuditEvent> events = new ArrayList<>();

    public record SpeedToLead(String leadId, long millis) {
    }

    public boolean isEmpty() {
        return configs.isEmpty() && leads.isEmpty() && leadChanges.isEmpty() && assignments.isEmpty() && releases.isEmpty()
                && dedupeKeys.isEmpty() && capDeltas.isEmpty() && rotation.isEmpty() && deliveries.isEmpty()
                && speedToLead.isEmpty() && events.isEmpty();
    }

    public void addAll(WriteBatch other) {
        configs.addAll(other.configs);
        leads.addAll(other.leads);
        leadChanges.addAll(other.leadChanges);
        assignments.addAll(other.assignments);
        releases.addAll(other.releases);
        dedupeKeys.addAll(other.dedupeKeys);
        capDeltas.addAll(other.capDeltas);
        rotation.addAll(other.rotation);
        deliveries.addAll(other.deliveries);
        speedToLead.addAll(other.speedToLead);
        events.addAll(other.events);
    }
}
