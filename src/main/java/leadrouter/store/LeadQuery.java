package leadrouter.store;

import java.time.Instant;

/**
 * A filtered page of leads, newest first. Null filters match everything. {@code afterId}: the last id
 * of the previous page (ids sort by time), exclusive. {@code buyer}: leads with an assignment to that
 * buyer, active or released. {@code from} (inclusive) and {@code to} (exclusive) bound the time received.
 */
public record LeadQuery(String campaign, String status, String buyer, Instant from, Instant to, String afterId, int limit) {
    public LeadQuery {
        if (limit <= 0 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
    }
}
