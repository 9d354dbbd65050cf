package leadrouter.delivery;

import java.time.Duration;

/** Settings every endpoint has: the request timeout, the retry policy and the circuit breaker. */
public record EndpointOptions(Duration timeout, RetryPolicy retry, CircuitSettings circuit) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final EndpointOptions DEFAULT = new EndpointOptions(DEFAULT_TIMEOUT, RetryPolicy.DEFAULT, CircuitSettings.DEFAULT);

    public EndpointOptions {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (timeout.compareTo(Duration.ofMinutes(5)) > 0) throw new IllegalArgumentException("timeout must be at most 5m, got " + timeout);
        if (retry == null) throw new IllegalArgumentException("retry is required");
        if (circuit == null) throw new IllegalArgumentException("circuit is required");
    }
}
