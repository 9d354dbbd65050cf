package leadrouter.delivery;

import java.time.Duration;

/**
 * When an endpoint's circuit opens: once at least {@code minimumCalls} of the last {@code window}
 * calls were made and {@code failureRate} percent of them failed. It stays open for {@code openFor},
 * then lets {@code halfOpenCalls} trial calls through, which close it again or re-open it.
 * {@code consecutive_failures: N} in the config is shorthand for window N, minimum N, rate 100.
 */
public record CircuitSettings(int failureRate, int window, int minimumCalls, Duration openFor, int halfOpenCalls) {
    public static final CircuitSettings DEFAULT = new CircuitSettings(50, 20, 5, Duration.ofSeconds(60), 1);

    public CircuitSettings {
        if (failureRate < 1 || failureRate > 100) throw new IllegalArgumentException("failure_rate must be 1..100 (percent), got " + failureRate);
        if (window < 1 || window > 10_000) throw new IllegalArgumentException("window must be 1..10000 calls, got " + window);
        if (minimumCalls < 1 || minimumCalls > window)
            throw new IllegalArgumentException("minimum_calls must be 1..window (" + window + "), got " + minimumCalls);
        if (openFor == null || openFor.isNegative() || openFor.isZero()) throw new IllegalArgumentException("open_for must be positive");
        if (halfOpenCalls < 1 || halfOpenCalls > 1000) throw new IllegalArgumentException("half_open_calls must be 1..1000, got " + halfOpenCalls);
    }
}
