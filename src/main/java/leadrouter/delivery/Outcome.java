package leadrouter.delivery;

import java.time.Duration;

/**
 * What one delivery attempt came to. Buyer endpoints use all five; notification endpoints (Slack,
 * Twilio, Resend) only Accepted, Retry and Failed, because nobody can "reject" a notification.
 */
public sealed interface Outcome {
    /** A short text for logs and the audit trail. */
    String describe();

    /** The buyer took the lead. Both values are null when the response does not say. */
    record Accepted(String buyerLeadId, Long priceCents) implements Outcome {
        public String describe() {
            return "accepted" + (buyerLeadId == null ? "" : " as " + buyerLeadId) + (priceCents == null ? "" : " at " + priceCents + " cents");
        }
    }

    /** A definite no for this lead: route it elsewhere. */
    record Rejected(String reason) implements Outcome {
        public Rejected {
            reason = reason == null || reason.isBlank() ? "rejected" : reason;
        }

        public String describe() {
            return "rejected: " + reason;
        }
    }

    /** The buyer already has this lead ({@code existingId}: its record there, when the response says); routed like a reject. */
    record Duplicate(String reason, String existingId) implements Outcome {
        public Duplicate {
            reason = reason == null || reason.isBlank() ? "duplicate" : reason;
        }

        public String describe() {
            return "duplicate: " + reason + (existingId == null ? "" : " (existing " + existingId + ")");
        }
    }

    /** Try again later: transport error, timeout, 5xx, throttling. {@code retryAfter}: the server's wish, or null for the backoff. */
    record Retry(String reason, Duration retryAfter) implements Outcome {
        public Retry {
            if (retryAfter != null && retryAfter.isNegative()) retryAfter = Duration.ZERO;
        }

        public String describe() {
            return "retry: " + reason + (retryAfter == null ? "" : " (after " + retryAfter.toSeconds() + "s)");
        }
    }

    /** An error retrying will not fix (credentials, wrong URL, bad config): the delivery waits for a person. */
    record Failed(String reason) implements Outcome {
        public String describe() {
            return "failed: " + reason;
        }
    }
}
