package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static leadrouter.routing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Rotations over pools larger than the random configs of {@link RouterEquivalenceTest} make, with
 * many buyers unable to take the lead and turns far apart (so that stepping runs out and the
 * eligible slots choose): the router takes the same turns, picks the same buyers and lists the
 * same rotation updates and trace as the reference, for every method, whether turns are even or
 * weighted, and whatever number of buyers takes a turn.
 */
class LargePoolRotationTest {

    private static final Instant AT = Instant.parse("2026-03-04T18:00:00Z");

    @Test
    void sameTurnsAndPicksAsTheReferenceOnLargePools() {
        qt().withExamples(400)
                .forAll(longs().all(), integers().between(2, 120), integers().between(0, 3), integers().between(1, 3))
                .checkAssert(LargePoolRotationTest::check);
    }

    private static void check(long seed, int size, int method, int shares) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int unavailablePercent = rnd.nextInt(0, 100);
        List<Buyer> buyers = new ArrayList<>();
        List<Slot> pool = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = "b" + i;
            boolean paused = rnd.nextInt(100) < unavailablePercent;
            buyers.add(new Buyer(id, id, UTC, !paused, OperatingHours.ALWAYS, Buyer.OffHours.SKIP, List.of(),
                    java.util.Map.of("solar", 100L), null, false));
            // Few priorities and bids, so that ties (tiers that rotate) are large.
            pool.add(new Slot(id, 1 + rnd.nextInt(4), rnd.nextInt(2), (long) rnd.nextInt(2) * 50, null));
        }
        int s = Math.min(shares, size);
        Distribution d = switch (method) {
            case 0 -> new Distribution.RoundRobin(pool, s);
            case 1 -> new Distribution.Weighted(pool, s);
            case 2 -> new Distribution.Priority(pool, s);
            default -> new Distribution.HighestBid(pool, s);
        };
        RoutingConfig cfg = config(List.of(rule("r", null, d)), buyers.toArray(Buyer[]::new));
        RuleKey key = RuleKey.of("solar", cfg.campaign("solar").rules().get(0));
        MapState reference = new MapState();
        MemoryState memory = new MemoryState();
        long spread = switch (rnd.nextInt(3)) {
            case 0 -> 3;
            case 1 -> 40;
            default -> 5_000;
        };
        for (int i = 0; i < size; i++) {
            if (rnd.nextInt(4) == 0) continue;
            long turns = rnd.nextLong(-spread, spread);
            reference.turns.put(key + "|b" + i, turns);
            memory.setTurns(key, "b" + i, turns);
        }
        for (int k = 0; k < 12; k++) {
            Lead lead = lead("TX", 120);
            Decision expected = ReferenceRouter.decide(lead, cfg, reference, AT);
            Decision actual = Router.decide(lead, cfg, memory, AT);
            assertThat(actual).as("seed %d, size %d, method %d, decision %d", seed, size, method, k).isEqualTo(expected);
            reference.apply(expected);
            if (actual instanceof Decision.Assigned a) memory.apply(a);
        }
    }
}
