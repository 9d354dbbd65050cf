package leadrouter.store;

import leadrouter.routing.CapPeriod;

import java.time.Instant;

/** The rows the store keeps. Times are stored as epoch milliseconds; money as cents. */
public final class Rows {
    private Rows() {
    }

    /**
     * A stored lead. {@code status}: assigned | deferred | unassigned | duplicate | rerouting.
     * {@code fieldsJson}: the normalized fields as a JSON object. {@code queue}: fallback queue name
     * when unassigned. {@code speedToLeadMs}: ingest to first successful delivery, once known.
     */
    public record LeadRow(String id, String campaign, String source, String status, Instant receivedAt, Instant updatedAt,
                          Instant deferUntil, int configVersion, String fieldsJson, String duplicateOf,
                          String idempotencyKey, String queue, Long speedToLeadMs) {
    }

    /** A change of a lead's status (and of its defer time and queue, which go with it). */
    public record LeadStatusChange(String id, String status, Instant deferUntil, String queue, Instant at) {
    }

    /** {@code status}: active | released (buyer rejected, or lead re-routed) */
    public record AssignmentRow(String id, String leadId, String buyer, String rule, long priceCents, boolean exclusive,
                                String status, Instant createdAt, Instant releasedAt) {
    }

    public record AssignmentRelease(String id, Instant at) {
    }

    /** One normalized dedupe key (a hash) of a lead, looked up within the campaign's window. */
    public record DedupeKeyRow(String campaign, String keyHash, String leadId, Instant receivedAt) {
    }

    /** Adds to a buyer's counter for one window; negative to give a rejected lead back. */
    public record CapDelta(String buyer, CapPeriod period, Instant windowStart, long leads, long cents) {
    }

    public record CounterRow(String buyer, CapPeriod period, Instant windowStart, long leads, long cents) {
    }

    public record RotationRow(String campaign, String rule, String buyer, long turns) {
    }

    /**
     * One delivery of an assignment to one endpoint of the buyer (the outbox).
     * {@code status}: pending | delivered | rejected | duplicate | failed | cancelled.
     * {@code progress}: what the last attempt got done at the buyer, for the next attempt to resume
     * from (text owned by the endpoint's adapter, e.g. the Pipedrive person it created), or null.
     */
    public record DeliveryRow(String id, String leadId, String assignmentId, String buyer, int endpointIndex,
                              String endpointType, String status, int attempts, Instant nextAttemptAt,
                              Instant createdAt, Instant updatedAt, String lastError, String buyerLeadId,
                              String idempotencyKey, String progress) {
        public DeliveryRow withProgress(String p) {
            return new DeliveryRow(id, leadId, assignmentId, buyer, endpointIndex, endpointType, status, attempts,
                    nextAttemptAt, createdAt, updatedAt, lastError, buyerLeadId, idempotencyKey, p);
        }
    }

    /** An audit event; {@code id} is assigned by the store (0 before it is written). */
    public record AuditEvent(long id, String leadId, String type, Instant at, Integer configVersion, String dataJson) {
        public static AuditEvent of(String leadId, String type, Instant at, Integer configVersion, String dataJson) {
            return new AuditEvent(0, leadId, type, at, configVersion, dataJson);
        }
    }

    /** A config version: the whole document as submitted (JSON), with who changed it and when. */
    public record ConfigVersionRow(int version, Instant createdAt, String author, String comment, String document) {
    }

    public record DedupeHit(String leadId, String keyHash, Instant receivedAt) {
    }
}
