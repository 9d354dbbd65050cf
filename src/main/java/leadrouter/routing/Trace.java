package leadrouter.routing;

import java.time.Instant;
import java.util.List;

/**
 * Why a lead went where it went: every rule evaluated, and for each candidate buyer of a matched
 * rule, selected or the reason it was skipped. Stored with the config version it was decided on.
 */
public record Trace(int configVersion, Instant decidedAt, String campaign, List<RuleTrace> rules, String outcome) {
    public Trace {
        rules = List.copyOf(rules);
    }

    /**
     * One rule as evaluated. {@code failedCondition} is set when the rule did not match.
     * {@code note} says why a matched rule placed no lead ("no eligible buyer").
     */
    public record RuleTrace(String rule, boolean matched, String failedCondition, String method,
                            List<CandidateTrace> candidates, String note) {
        public RuleTrace {
            // The router's own list is immutable already, and its entries are made when first read.
            if (!(candidates instanceof Candidates)) candidates = List.copyOf(candidates);
        }
    }

    /** A candidate buyer: selected (with price) or skipped with a reason. */
    public record CandidateTrace(String buyer, boolean selected, SkipReason skipped, Long bidCents, Long priceCents) {
    }
}
