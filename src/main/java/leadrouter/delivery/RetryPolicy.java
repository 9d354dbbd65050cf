package leadrouter.delivery;

import java.time.Duration;

/**
 * How often and how long to retry one delivery: at most {@code attempts} attempts in all, waiting
 * {@code backoff} doubled per failed attempt up to {@code maxBackoff} (jittered, see {@link Backoff}),
 * and none once {@code giveUpAfter} has passed since the first attempt.
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff, Duration giveUpAfter, Jitter jitter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24), Jitter.EQUAL);

    /** {@code FULL}: uniform in [0, d]; {@code EQUAL}: uniform in [d/2, d]; {@code NONE}: exactly d. */
    public enum Jitter { FULL, EQUAL, NONE }

    public RetryPolicy {
        if (attempts < 1 || attempts > 100) throw new IllegalArgumentException("attempts must be 1..100, got " + attempts);
        if (backoff == null || backoff.isNegative() || backoff.isZero()) throw new IllegalArgumentException("backoff must be positive");
        if (maxBackoff == null || maxBackoff.compareTo(backoff) < 0)
            throw new IllegalArgumentException("max_backoff must be at least backoff (" + backoff + "), got " + maxBackoff);
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero())
            throw new IllegalArgumentException("give_up_after must be positive");
        if (jitter == null) throw new IllegalArgumentException("jitter is required");
    }

    /** True when no further attempt may be made after {@code attemptsMade} attempts, the first {@code sinceFirst} ago. */
    public boolean exhausted(int attemptsMade, Duration sinceFirst) {
        return attemptsMade >= attempts || sinceFirst.compareTo(giveUpAfter) >= 0;
    }
}
