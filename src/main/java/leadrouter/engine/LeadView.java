package leadrouter.engine;

import java.time.Instant;
import java.util.List;

/** What a poster is told about a recorded lead (and what an idempotent repeat is told again). */
public record LeadView(String id, String status, List<AssignmentView> assignments, String duplicateOf,
                       Instant deferUntil, String queue) {
    public LeadView {
        assignments = List.copyOf(assignments);
    }

    public record AssignmentView(String buyer, long priceCents, String rule, boolean exclusive) {
    }
}
