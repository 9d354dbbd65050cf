package leadrouter.delivery;

import leadrouter.delivery.EndpointCircuits.Transition;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

class EndpointCircuitsTest {
    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-05T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final EndpointCircuits circuits = new EndpointCircuits(clock);
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private static final Retry DOWN = new Retry("HTTP 503", null);

    private EndpointCircuitsTest() {
        circuits.addListener(transitions::add);
    }

    private static EndpointSpec http(String circuit) {
        return spec("type: http\nurl: https://buyer.example/in\ncircuit: " + circuit);
    }

    private static EndpointSpec slack() {
        return spec("type: slack\nwebhook_url: https://hooks.slack.example/x\ncircuit: {consecutive_failures: 1, open_for: 10s}");
    }

    /** Makes an attempt if allowed and records the outcome; false when the circuit refused it. */
    private boolean attempt(String buyer, int idx, Outcome o) {
        if (!circuits.allows(buyer, idx)) return false;
        circuits.record(buyer, idx, o);
        return true;
    }

    @Test
    void opensAtTheFailureRateRejectsWhileOpenThenHalfOpensAndCloses() {
        circuits.update(Map.of("sunco", List.of(http("{failure_rate: 50, window: 4, minimum_calls: 4, open_for: 60s}"))));
        assertThat(circuits.suspects()).isEmpty();
        assertThat(attempt("sunco", 0, new Accepted("1", null))).isTrue();
        assertThat(attempt("sunco", 0, DOWN)).isTrue();
        assertThat(attempt("sunco", 0, new Accepted("2", null))).isTrue();
        assertThat(circuits.state("sunco", 0)).isEqualTo("closed");
        assertThat(attempt("sunco", 0, DOWN)).isTrue();   // 2 of 4 failed: 50%
        assertThat(circuits.state("sunco", 0)).isEqualTo("open");
        assertThat(circuits.isOpen("sunco")).isTrue();
        assertThat(circuits.suspects()).containsExactly("sunco");
        assertThat(transitions).containsExactly(new Transition("sunco", 0, "closed", "open", clock.instant()));

        assertThat(circuits.allows("sunco", 0)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(circuits.allows("sunco", 0)).isFalse();
        assertThat(circuits.isOpen("sunco")).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(circuits.suspects()).as("until asked").containsExactly("sunco");
        assertThat(circuits.isOpen("sunco")).isFalse();
        assertThat(circuits.state("sunco", 0)).isEqualTo("half_open");
        assertThat(circuits.suspects()).isEmpty();
        assertThat(circuits.allows("sunco", 0)).isTrue();   // the one trial call
        assertThat(circuits.allows("sunco", 0)).isFalse();
        circuits.record("sunco", 0, new Rejected("not interested"));
        assertThat(circuits.state("sunco", 0)).isEqualTo("closed");
        assertThat(transitions).extracting(Transition::to).containsExactly("open", "half_open", "closed");
    }

    @Test
    void aFailedTrialReopens() {
        circuits.update(Map.of("b", List.of(http("{consecutive_failures: 2, open_for: 10s}"))));
        attempt("b", 0, DOWN);
        attempt("b", 0, new Failed("HTTP 401"));
        assertThat(circuits.isOpen("b")).isTrue();
        clock.advance(Duration.ofSeconds(11));
        assertThat(attempt("b", 0, new Retry("timeout", null))).isTrue();
        assertThat(circuits.state("b", 0)).isEqualTo("open");
        assertThat(circuits.allows("b", 0)).isFalse();
        clock.advance(Duration.ofSeconds(11));
        assertThat(attempt("b", 0, new Duplicate("dup", "9"))).isTrue();
        assertThat(circuits.state("b", 0)).isEqualTo("closed");
    }

    @Test
    void consecutiveFailuresIgnoresEarlierSuccessesOnlyAfterTheyLeaveTheWindow() {
        circuits.update(Map.of("b", List.of(http("{consecutive_failures: 3, open_for: 10s}"))));
        attempt("b", 0, DOWN);
        attempt("b", 0, DOWN);
        attempt("b", 0, new Accepted(null, null));
        attempt("b", 0, DOWN);
        attempt("b", 0, DOWN);
        assertThat(circuits.state("b", 0)).isEqualTo("closed");
        attempt("b", 0, DOWN);
        assertThat(circuits.state("b", 0)).isEqualTo("open");
    }

    @Test
    void rejectsAndDuplicatesAreHealthy() {
        circuits.update(Map.of("b", List.of(http("{consecutive_failures: 2, open_for: 10s}"))));
        for (int i = 0; i < 10; i++) {
            attempt("b", 0, new Rejected("no"));
            attempt("b", 0, new Duplicate("dup", null));
        }
        assertThat(circuits.isOpen("b")).isFalse();
    }

    @Test
    void theBuyersPrimaryEndpointIsTheFirstThatIsNotANotification() {
        circuits.update(Map.of("b", List.of(slack(), http("{consecutive_failures: 1, open_for: 10s}"), http("{consecutive_failures: 1, open_for: 10s}"))));
        attempt("b", 0, DOWN);
        assertThat(circuits.isOpen("b", 0)).isTrue();
        assertThat(circuits.isOpen("b")).isFalse();
        attempt("b", 2, DOWN);
        assertThat(circuits.isOpen("b")).isFalse();
        attempt("b", 1, DOWN);
        assertThat(circuits.isOpen("b")).isTrue();
        assertThat(circuits.isOpen("unknown")).isFalse();
        assertThat(circuits.allows("unknown", 0)).isTrue();
    }

    @Test
    void updateKeepsUnchangedCircuitsAndResetsChangedOnes() {
        EndpointSpec one = http("{consecutive_failures: 1, open_for: 10s}");
        circuits.update(Map.of("a", List.of(one), "b", List.of(one)));
        attempt("a", 0, DOWN);
        attempt("b", 0, DOWN);
        circuits.update(Map.of("a", List.of(one), "b", List.of(http("{consecutive_failures: 2, open_for: 10s}"))));
        assertThat(circuits.isOpen("a")).isTrue();
        assertThat(circuits.isOpen("b")).isFalse();
        assertThat(circuits.suspects()).containsExactly("a");
        circuits.update(Map.of("b", List.of(one)));
        assertThat(circuits.state("a", 0)).isNull();
        assertThat(circuits.suspects()).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotBreakTheCircuit() {
        circuits.addListener(t -> {
            throw new IllegalStateException("audit log down");
        });
        circuits.update(Map.of("b", List.of(http("{consecutive_failures: 1, open_for: 10s}"))));
        attempt("b", 0, DOWN);
        assertThat(circuits.isOpen("b")).isTrue();
        assertThat(transitions).extracting(Transition::to).containsExactly("open");
    }

    @Test
    void aReleasedPermitCanBeUsedAgain() {
        circuits.update(Map.of("b", List.of(http("{consecutive_failures: 1, open_for: 10s}"))));
        attempt("b", 0, DOWN);
        clock.advance(Duration.ofSeconds(10));
        assertThat(circuits.isOpen("b")).isFalse();
        assertThat(circuits.allows("b", 0)).isTrue();
        assertThat(circuits.allows("b", 0)).isFalse();
        circuits.release("b", 0);
        assertThat(circuits.allows("b", 0)).isTrue();
    }

    @Test
    void withTheSystemClockItHalfOpensByItself() throws InterruptedException {
        EndpointCircuits real = new EndpointCircuits(Clock.systemUTC());
        List<Transition> seen = new CopyOnWriteArrayList<>();
        real.addListener(seen::add);
        real.update(Map.of("b", List.of(http("{consecutive_failures: 1, open_for: 200ms}"))));
        real.allows("b", 0);
        real.record("b", 0, DOWN);
        assertThat(real.state("b", 0)).isEqualTo("open");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"half_open".equals(real.state("b", 0)) && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(real.state("b", 0)).isEqualTo("half_open");
        assertThat(seen).extracting(Transition::to).containsExactly("open", "half_open");
    }
}
