package leadrouter.delivery;

import leadrouter.delivery.RetryPolicy.Jitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

class BackoffTest {
    private static RetryPolicy policy(Jitter jitter) {
        return new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24), jitter);
    }

    @Test
    void withoutJitterItDoublesUpToTheCap() {
        RetryPolicy p = policy(Jitter.NONE);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(Backoff.delay(p, 1, r)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(p, 2, r)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.delay(p, 5, r)).isEqualTo(Duration.ofSeconds(32));
        assertThat(Backoff.delay(p, 8, r)).isEqualTo(Duration.ofSeconds(256));
        assertThat(Backoff.delay(p, 9, r)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Backoff.delay(p, 100, r)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        for (Jitter j : Jitter.values()) {
            SplittableRandom a = new SplittableRandom(42), b = new SplittableRandom(42);
            for (int attempt = 1; attempt <= 12; attempt++)
                assertThat(Backoff.delay(policy(j), attempt, a)).isEqualTo(Backoff.delay(policy(j), attempt, b));
        }
    }

    @Test
    void jitterStaysWithinItsRange() {
        qt().forAll(integers().between(1, 200), longs().all()).checkAssert((attempt, seed) -> {
            long cap = Math.min(300_000L, 2000L << Math.min(attempt - 1, 30));
            long full = Backoff.delay(policy(Jitter.FULL), attempt, new SplittableRandom(seed)).toMillis();
            long equal = Backoff.delay(policy(Jitter.EQUAL), attempt, new SplittableRandom(seed)).toMillis();
            assertThat(full).isBetween(0L, cap);
            assertThat(equal).isBetween(cap / 2, cap);
        });
    }

    @Test
    void fullJitterSpreadsAcrossTheRange() {
        SplittableRandom r = new SplittableRandom(7);
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 500; i++) {
            long d = Backoff.delay(policy(Jitter.FULL), 9, r).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isLessThan(30_000);
        assertThat(max).isGreaterThan(270_000);
    }

    @Test
    void retryAfterWinsOverTheBackoff() {
        RetryPolicy p = policy(Jitter.NONE);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(Backoff.delay(p, 1, new Outcome.Retry("429", Duration.ofSeconds(90)), r)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Backoff.delay(p, 3, new Outcome.Retry("timeout", null), r)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void policyLimits() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(p.exhausted(4, Duration.ofMinutes(10))).isFalse();
        assertThat(p.exhausted(5, Duration.ofMinutes(10))).isTrue();
        assertThat(p.exhausted(1, Duration.ofHours(24))).isTrue();
        assertThatThrownBy(() -> Backoff.delay(p, 0, new SplittableRandom(1))).hasMessageContaining("attempt counts from 1");
    }
}
