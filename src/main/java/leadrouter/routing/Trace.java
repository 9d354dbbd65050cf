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

        /**
         * Gives each candidate's fields in order, as its entry has them, without making the
         * entries of a list the router made (a trace written once need not build them).
         */
        public <E extends Exception> void forEachCandidate(CandidateSink<E> sink) throws E {
            if (candidates instanceof Candidates c) {
                c.forEach(sink);
                return;
            }
            for (CandidateTrace t : candidates) sink.accept(t.buyer(), t.selected(), t.skipped(), t.bidCents(), t.priceCents());
        }
    }

    /** Takes the fields of one candidate's entry ({@link CandidateTrace}). */
    @FunctionalInterface
    public interface CandidateSink<E extends Exception> {
        void accept(String buyer, boolean selected, SkipReason skipped, Long bidCents, Long priceCents) throws E;
    }

    /** A candidate buyer: selected (with price) or skipped with a reason. */
    public record CandidateTrace(String buyer, boolean selected, SkipReason skipped, Long bidCents, Long priceCents) {
    }
}
