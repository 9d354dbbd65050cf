package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router, with its compiled plans and memoized calendars, decides exactly as the reference
 * (the first, straightforward implementation) on random configs, leads, histories and states,
 * streams of decisions that move through DST changes, jump ahead by days and now and then go back.
 * It reads the state through the keyed methods ({@link MapState}) and through the versioned views
 * of a {@link MemoryState} holding the same counters, where it keeps conclusions per slot and per
 * pool, brought up to date from the state's log of changes, including changes made between
 * decisions (counters, circuits) and logs too short to hold them.
 */
class RouterEquivalenceTest {

    private static final int CONFIGS = 400;
    private static final int DECISIONS = 60;

    @Test
    void sameDecisionsAsTheReferenceOnRandomInputs() {
        Set<String> seen = new TreeSet<>();
        for (long seed = 1; seed <= CONFIGS; seed++) {
            RandomRouting r = new RandomRouting(seed);
            RoutingConfig cfg = r.config();
            Instant t = r.start();
            MapState state = new MapState();
            // A log short enough to overflow between decisions, now and then.
            MemoryState memory = seed % 3 == 0 ? new MemoryState(4) : new MemoryState();
            r.fill(cfg, t, state, memory);
            for (int k = 0; k < DECISIONS; k++) {
                Lead lead = r.lead(k);
                LeadHistory history = r.history(cfg);
                Instant at = t;
                Object expected = outcome(() -> ReferenceRouter.decide(lead, history, cfg, state, at));
                Object actual = outcome(() -> Router.decide(lead, history, cfg, state, at));
                assertThat(actual).as("seed %d, decision %d at %s", seed, k, t).isEqualTo(expected);
                Object viaViews = outcome(() -> Router.decide(lead, history, cfg, memory, at));
                assertThat(viaViews).as("seed %d, decision %d at %s, memory state", seed, k, t).isEqualTo(expected);
                if (actual instanceof Decision d) {
                    state.apply(d);
                    if (d instanceof Decision.Assigned a) memory.apply(a);
                    seen.add(d.status());
                    for (Trace.RuleTrace rt : d.trace().rules()) {
                        for (Trace.CandidateTrace c : rt.candidates()) seen.add(c.skipped() == null ? "selected" : c.skipped().code());
                    }
                } else {
                    seen.add("exception");
                }
                if (r.nextInt(3) == 0) r.disturb(cfg, t, state, memory);
                int move = r.nextInt(10);
                // Mostly forward; sometimes the same instant again (memos are used), sometimes back.
                t = move == 0 ? t.minus(r.step()) : move < 3 ? t : t.plus(r.step());
            }
        }
        // The inputs reach every outcome and every reason a candidate can be skipped for.
        assertThat(seen).contains("assigned", "deferred", "unassigned", "exception", "selected", "paused", "circuit_open",
                "filter_failed", "cap_reached", "outside_hours", "already_has_lead", "exclusive_taken", "rejected_lead",
                "lower_bid", "lower_priority", "not_next_in_rotation");
    }

    /** The decision, or the exception's type and message. */
    static Object outcome(java.util.function.Supplier<Decision> decide) {
        try {
            return decide.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
