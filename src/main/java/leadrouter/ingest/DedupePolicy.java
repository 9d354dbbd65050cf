package leadrouter.ingest;

import java.time.Duration;
import java.util.List;

/**
 * How a campaign spots a repeat lead: the normalized fields compared, the look-back window, whether
 * one matching field is enough ({@code ANY}, the default) or all must match, and what to do.
 */
public record DedupePolicy(List<String> fields, Duration window, Match match, Action action) {
    public enum Match { ANY, ALL }

    /** REJECT answers "duplicate"; SAME_BUYER routes the lead to the buyer that got the earlier one. */
    public enum Action { REJECT, SAME_BUYER }

    public DedupePolicy {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) throw new IllegalArgumentException("dedupe needs at least one field");
        if (window == null || window.isNegative() || window.isZero()) throw new IllegalArgumentException("dedupe window must be positive");
        match = match == null ? Match.ANY : match;
        action = action == null ? Action.REJECT : action;
    }
}
