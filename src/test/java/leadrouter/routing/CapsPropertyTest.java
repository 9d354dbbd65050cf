package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static leadrouter.routing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** Properties over random configs and lead streams: caps hold in every window; shares never repeat a buyer. */
class CapsPropertyTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/Rome"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"), ZoneId.of("Australia/Lord_Howe"));

    /** caps[i] = {hour, day, week} limits of buyer i; leads arrive every {@code gapMinutes} from a DST week on. */
    private static void checkCapsHold(List<Integer> limits, int gapMinutes, int shares, int methodIndex) {
        int n = limits.size() / 3;
        List<Buyer> buyers = new ArrayList<>();
        List<Slot> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ZoneId zone = ZONES.get(i % ZONES.size());
            List<Cap> caps = List.of(Cap.leads(CapPeriod.HOUR, limits.get(3 * i)), Cap.leads(CapPeriod.DAY, limits.get(3 * i + 1)),
                    Cap.leads(CapPeriod.WEEK, limits.get(3 * i + 2)));
            buyers.add(new Buyer("b" + i, "b" + i, zone, true, OperatingHours.ALWAYS, Buyer.OffHours.SKIP, caps, Map.of("solar", 100L + i), null, false));
            pool.add(new Slot("b" + i, 1 + i, i % 2, 100L * (i % 3), null));
        }
        int s = Math.min(shares, n);
        Distribution d = switch (methodIndex) {
            case 0 -> new Distribution.RoundRobin(pool, s);
            case 1 -> new Distribution.Weighted(pool, s);
            case 2 -> new Distribution.Priority(pool, s);
            default -> new Distribution.HighestBid(pool, s);
        };
        RoutingConfig cfg = config(List.of(rule("r", null, d)), buyers.toArray(Buyer[]::new));
        MapState state = new MapState();
        Map<String, Integer> perWindow = new HashMap<>();
        Instant t = Instant.parse("2026-03-06T00:00:00Z"); // spans the US and EU spring-forward weekends
        for (int k = 0; k < 600; k++, t = t.plus(Duration.ofMinutes(gapMinutes))) {
            Decision dec = state.apply(Router.decide(lead("TX", 1), cfg, state, t));
            if (!(dec instanceof Decision.Assigned a)) continue;
            Set<String> seen = new HashSet<>();
            for (Decision.Assignment as : a.assignments()) {
                assertThat(seen.add(as.buyer())).as("buyer %s twice for one lead", as.buyer()).isTrue();
                Buyer b = cfg.buyer(as.buyer());
                for (Cap cap : b.caps()) {
                    String key = b.id() + "|" + cap.per() + "|" + cap.per().windowStart(t, b.zone());
                    int used = perWindow.merge(key, 1, Integer::sum);
                    assertThat((long) used).as("%s %s cap", b.id(), cap.per()).isLessThanOrEqualTo(cap.max());
                }
            }
            assertThat(a.assignments().size()).isLessThanOrEqualTo(s);
        }
    }

    @Test
    void capsAreNeverExceededInAnyWindowWhateverTheMethodZoneOrShareCount() {
        qt().withExamples(150)
                .forAll(lists().of(integers().between(0, 12)).ofSizeBetween(3, 18), integers().between(1, 240),
                        integers().between(1, 4), integers().between(0, 3))
                .checkAssert((limits, gap, shares, method) -> checkCapsHold(limits.subList(0, limits.size() / 3 * 3), gap, shares, method));
    }
}
