package leadrouter.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delay before the next attempt: {@code backoff * 2^(attempt-1)} capped at {@code max_backoff}, then
 * jittered as the policy says. Deterministic for a given random source, so tests inject a seeded one.
 */
public final class Backoff {
    private Backoff() {
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    public static Duration delay(RetryPolicy policy, int attempt, RandomGenerator random) {
        if (attempt < 1) throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        long base = policy.backoff().toMillis();
        long cap = policy.maxBackoff().toMillis();
        int shift = Math.min(attempt - 1, 62);
        long d = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        long jittered = switch (policy.jitter()) {
            case NONE -> d;
            case FULL -> random.nextLong(d + 1);
            case EQUAL -> d / 2 + random.nextLong(d - d / 2 + 1);
        };
        return Duration.ofMillis(jittered);
    }

    /** The server's Retry-After when the outcome has one, otherwise {@link #delay}. */
    public static Duration delay(RetryPolicy policy, int attempt, Outcome.Retry retry, RandomGenerator random) {
        return retry != null && retry.retryAfter() != null ? retry.retryAfter() : delay(policy, attempt, random);
    }
}
