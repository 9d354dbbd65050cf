package leadrouter.routing;

import java.time.Instant;
import java.util.List;

/** The router's answer for one lead. Only {@link Assigned} changes counters and rotation. */
public sealed interface Decision permits Decision.Assigned, Decision.Deferred, Decision.Unassigned {

    Trace trace();

    String status();

    /** The lead goes to these buyers; apply the claims and rotation updates with the assignments, atomically. */
    record Assigned(List<Assignment> assignments, List<CapClaim> claims, List<RotationUpdate> rotation, Trace trace)
            implements Decision {
        public Assigned {
            assignments = List.copyOf(assignments);
            claims = List.copyOf(claims);
            rotation = List.copyOf(rotation);
        }

        public String status() { return "assigned"; }
    }

    /** Every buyer that could take the lead is closed; route again at {@code until}. */
    record Deferred(Instant until, Trace trace) implements Decision {
        public String status() { return "deferred"; }
    }

    /** No rule placed the lead; it waits in the campaign's fallback queue. */
    record Unassigned(String queue, Trace trace) implements Decision {
        public String status() { return "unassigned"; }
    }

    record Assignment(String buyer, String rule, long priceCents, boolean exclusive) {
    }

    /** Adds {@code leads} and {@code cents} to a buyer's counter for the window starting at {@code windowStart}. */
    record CapClaim(String buyer, CapPeriod period, Instant windowStart, long leads, long cents) {
    }

    /** How many turns a buyer has had in a rule's rotation after this decision. */
    record RotationUpdate(RuleKey rule, String buyer, long turns) {
    }
}
