package leadrouter.routing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Why a candidate buyer did not get a lead. {@link #code()} is the stable name used in traces. */
public sealed interface SkipReason {

    String code();

    /** The reason's particulars, for the trace (insertion-ordered, JSON-friendly values). */
    default Map<String, Object> details() {
        return Map.of();
    }

    record Paused() implements SkipReason {
        public String code() { return "paused"; }
    }

    record CircuitOpen() implements SkipReason {
        public String code() { return "circuit_open"; }
    }

    record FilterFailed(String field, String op, String condition) implements SkipReason {
        public String code() { return "filter_failed"; }
        public Map<String, Object> details() { return ordered("field", field, "op", op, "condition", condition); }
    }

    record CapReached(CapPeriod period, long used, long max, boolean money, Instant resetsAt) implements SkipReason {
        public String code() { return "cap_reached"; }
        public Map<String, Object> details() {
            return ordered("period", period.key(), "used", used, "max", max, "unit", money ? "cents" : "leads",
                    "resets_at", resetsAt == null ? null : resetsAt.toString());
        }
    }

    record OutsideHours(Instant opensAt) implements SkipReason {
        public String code() { return "outside_hours"; }
        public Map<String, Object> details() { return ordered("opens_at", opensAt == null ? null : opensAt.toString()); }
    }

    record AlreadyHasLead() implements SkipReason {
        public String code() { return "already_has_lead"; }
    }

    record ExclusiveTaken(String owner) implements SkipReason {
        public String code() { return "exclusive_taken"; }
        public Map<String, Object> details() { return ordered("owner", owner); }
    }

    record RejectedLead() implements SkipReason {
        public String code() { return "rejected_lead"; }
    }

    record LowerBid(long bidCents, long winningBidCents) implements SkipReason {
        public String code() { return "lower_bid"; }
        public Map<String, Object> details() { return ordered("bid_cents", bidCents, "winning_bid_cents", winningBidCents); }
    }

    record LowerPriority(int priority, int winningPriority) implements SkipReason {
        public String code() { return "lower_priority"; }
        public Map<String, Object> details() { return ordered("priority", priority, "winning_priority", winningPriority); }
    }

    record NotNextInRotation() implements SkipReason {
        public String code() { return "not_next_in_rotation"; }
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
