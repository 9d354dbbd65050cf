package leadrouter.routing;

import leadrouter.audit.TraceJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The router keeps a matched rule's candidates compactly and makes their trace entries when first
 * read: on random configs, leads, histories and states, the entries it makes are exactly those the
 * reference builds candidate by candidate, the list behaves as an immutable list of them, and the
 * trace JSON stored for the decision, written from the compact lists or from the entries once
 * made, is the same text.
 */
class CompactTraceTest {

    private static final int DECISIONS = 40;

    @Test
    void entriesMadeOnReadAreTheReferenceEntries() {
        qt().withExamples(250).forAll(longs().between(1, 1_000_000_000L)).checkAssert(CompactTraceTest::checkSeed);
    }

    private static void checkSeed(long seed) {
        RandomRouting r = new RandomRouting(seed);
        RoutingConfig cfg = r.config();
        Instant t = r.start();
        MapState state = new MapState();
        MemoryState memory = new MemoryState();
        r.fill(cfg, t, state, memory);
        for (int k = 0; k < DECISIONS; k++) {
            Lead lead = r.lead(k);
            LeadHistory history = r.history(cfg);
            Decision expected, actual;
            try {
                expected = ReferenceRouter.decide(lead, history, cfg, state, t);
            } catch (RuntimeException e) {
                continue;
            }
            actual = Router.decide(lead, history, cfg, memory, t);
            // The JSON first, written straight from the compact lists, before any entry is made.
            String json = TraceJson.text(g -> TraceJson.write(g, expected.trace()));
            assertThat(TraceJson.text(g -> TraceJson.write(g, actual.trace()))).as("seed %d, decision %d", seed, k).isEqualTo(json);
            List<Trace.RuleTrace> rules = actual.trace().rules();
            assertThat(rules).hasSameSizeAs(expected.trace().rules());
            for (int i = 0; i < rules.size(); i++) {
                List<Trace.CandidateTrace> got = rules.get(i).candidates();
                List<Trace.CandidateTrace> want = expected.trace().rules().get(i).candidates();
                assertThat(got.size()).isEqualTo(want.size());
                List<Trace.CandidateTrace> copy = new ArrayList<>();
                for (Trace.CandidateTrace c : got) copy.add(c);
                assertThat(copy).as("seed %d, decision %d, rule %d", seed, k, i).isEqualTo(want);
                assertThat(got).isEqualTo(want).hasSameHashCodeAs(want);
                assertThat(List.copyOf(got)).isEqualTo(want);
                // Made once: the same entries on every read.
                for (int j = 0; j < got.size(); j++) assertThat(got.get(j)).isSameAs(got.get(j));
                if (!got.isEmpty()) {
                    assertThatThrownBy(() -> got.set(0, null)).isInstanceOf(UnsupportedOperationException.class);
                    assertThatThrownBy(() -> got.add(null)).isInstanceOf(UnsupportedOperationException.class);
                }
            }
            assertThat(actual).isEqualTo(expected);
            // And again once the entries are made.
            assertThat(TraceJson.text(g -> TraceJson.write(g, actual.trace()))).isEqualTo(json);
            if (actual instanceof Decision.Assigned a) {
                state.apply(a);
                memory.apply(a);
            }
            t = t.plus(r.step());
        }
    }
}
