package leadrouter.engine;

import leadrouter.TestClock;
import leadrouter.routing.LeadHistory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries expire {@link RecentLeads#HORIZON} after their batch is committed, never while it is
 * not: a request that looked up the store before a slow commit still finds the lead here.
 */
class RecentLeadsTest {
    private static final Instant T0 = Instant.parse("2026-03-18T19:00:00Z");
    private static final List<LeadView.AssignmentView> ASSIGNED = List.of(new LeadView.AssignmentView("acme", 2500, "all", true));

    private final TestClock clock = new TestClock(T0);
    private final RecentLeads recent = new RecentLeads(clock);

    private RecentLeads.Earlier find(String key) {
        return recent.earliestMatch("solar", List.of(key), T0.minus(Duration.ofDays(30)), List.of(), id -> List.of());
    }

    @Test
    void anEntryOfABatchNotYetCommittedNeverExpires() {
        recent.recordKeys(1, "solar", List.of("k1"), "lead-1", T0, ASSIGNED);
        clock.advance(Duration.ofMinutes(5));
        recent.committed(0); // an earlier batch: expiry runs, batch 1 is still open
        assertThat(find("k1")).isNotNull();
    }

    @Test
    void anEntryStaysForTheHorizonCountedFromItsCommitNotFromWhenItWasRecorded() {
        recent.recordKeys(1, "solar", List.of("k1"), "lead-1", T0, ASSIGNED);
        clock.advance(Duration.ofSeconds(30)); // a very slow commit
        recent.committed(1);
        clock.advance(RecentLeads.HORIZON.minusMillis(1));
        recent.committed(1);
        RecentLeads.Earlier earlier = find("k1");
        assertThat(earlier.leadId()).isEqualTo("lead-1");
        assertThat(earlier.history()).isEqualTo(new LeadHistory(java.util.Set.of(), java.util.Set.of(), "acme", List.of("acme")));

        clock.advance(Duration.ofMillis(2));
        recent.committed(1);
        assertThat(find("k1")).isNull();
    }

    @Test
    void expiryStopsAtTheFirstEntryStillNeeded() {
        recent.recordKeys(1, "solar", List.of("k1"), "lead-1", T0, ASSIGNED);
        recent.committed(1);
        clock.advance(Duration.ofSeconds(1));
        recent.recordKeys(2, "solar", List.of("k2"), "lead-2", T0, ASSIGNED);
        recent.recordKeys(3, "solar", List.of("k3"), "lead-3", T0, ASSIGNED);
        recent.committed(2);
        clock.advance(RecentLeads.HORIZON.plusMillis(1));
        recent.committed(2); // batch 3 still open
        assertThat(find("k1")).isNull();
        assertThat(find("k2")).isNull();
        assertThat(find("k3")).isNotNull();
    }

    @Test
    void idempotencyKeysFollowTheSameRule() {
        LeadView view = new LeadView("lead-1", "assigned", ASSIGNED, null, null, null);
        recent.recordPost(1, "web", "idem-1", view);
        clock.advance(Duration.ofMinutes(1));
        recent.committed(0);
        assertThat(recent.byIdempotencyKey("web", "idem-1")).isEqualTo(view);
        recent.committed(1);
        clock.advance(RecentLeads.HORIZON.plusMillis(1));
        recent.committed(1);
        assertThat(recent.byIdempotencyKey("web", "idem-1")).isNull();
    }

    @Test
    void aRolledBackBatchLeavesNothingBehind() {
        recent.recordKeys(1, "solar", List.of("k1"), "lead-1", T0, ASSIGNED);
        recent.rolledBack(new IllegalStateException("disk full"));
        assertThat(find("k1")).isNull();
    }
}
