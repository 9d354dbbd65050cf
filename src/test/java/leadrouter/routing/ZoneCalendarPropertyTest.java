package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The memoized calendar answers exactly as the direct computation: local time as
 * {@link LocalDateTime#ofInstant}, cap windows as {@link CapPeriod#windowStart} and
 * {@link CapPeriod#nextReset}, open hours as {@link OperatingHours#isOpen}, for random instants
 * around DST changes in zones with whole-hour, half-hour and 45-minute offsets and shifts, asked
 * in runs that move forward, stay, and jump back (so memos are both used and replaced).
 */
class ZoneCalendarPropertyTest {

    private static final List<ZoneId> ZONES = RandomRouting.ZONES;
    /** 2025-01-01 to 2028-01-01, and instants just around the 2026 changes. */
    private static final long FROM = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2028-01-01T00:00:00Z").getEpochSecond();

    @Test
    void localTimeAndCapWindowsEqualTheDirectComputation() {
        qt().withExamples(300).forAll(integers().between(0, ZONES.size() - 1), longs().between(FROM, TO), integers().between(1, 40))
                .checkAssert((z, start, steps) -> {
                    ZoneId zone = ZONES.get(z);
                    ZoneCalendar cal = new ZoneCalendar(zone, 0);
                    long s = start;
                    for (int k = 0; k < steps; k++) {
                        Instant at = Instant.ofEpochSecond(s, k % 3 == 0 ? 0 : 500_000_000);
                        long local = cal.localSeconds(at);
                        assertThat(local).as("local time of %s in %s", at, zone)
                                .isEqualTo(LocalDateTime.ofInstant(at, zone).toEpochSecond(ZoneOffset.UTC));
                        for (CapPeriod p : CapPeriod.values()) {
                            ZoneCalendar.Window w = cal.window(p, at, local);
                            assertThat(w.start()).as("%s window start at %s in %s", p, at, zone).isEqualTo(p.windowStart(at, zone));
                            assertThat(w.reset()).as("%s reset at %s in %s", p, at, zone).isEqualTo(p.nextReset(at, zone));
                        }
                        // Mostly small steps (memos hold), some of hours and days, and some back.
                        s += switch (k % 5) {
                            case 0 -> 37;
                            case 1 -> 3_541;
                            case 2 -> -7_200;
                            case 3 -> 86_399;
                            default -> 1_799;
                        };
                    }
                });
    }

    @Test
    void aroundEveryTransitionOf2026() {
        for (ZoneId zone : ZONES) {
            var rules = zone.getRules();
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            for (var tr = rules.nextTransition(t); tr != null && tr.getInstant().isBefore(Instant.parse("2027-01-01T00:00:00Z"));
                 tr = rules.nextTransition(tr.getInstant())) {
                // First at the transition itself, then from before it to after it.
                ZoneCalendar cal = new ZoneCalendar(zone, 0);
                assertThat(cal.localSeconds(tr.getInstant()))
                        .isEqualTo(LocalDateTime.ofInstant(tr.getInstant(), zone).toEpochSecond(ZoneOffset.UTC));
                for (long d = -3_700; d <= 3_700; d += 50) {
                    Instant at = tr.getInstant().plusSeconds(d);
                    long local = cal.localSeconds(at);
                    assertThat(local).isEqualTo(LocalDateTime.ofInstant(at, zone).toEpochSecond(ZoneOffset.UTC));
                    for (CapPeriod p : CapPeriod.values()) {
                        assertThat(cal.window(p, at, local).start()).as("%s at %s in %s", p, at, zone).isEqualTo(p.windowStart(at, zone));
                        assertThat(cal.window(p, at).reset()).as("%s at %s in %s", p, at, zone).isEqualTo(p.nextReset(at, zone));
                    }
                }
            }
        }
    }

    @Test
    void openHoursEqualOperatingHours() {
        qt().withExamples(200).forAll(longs().between(1, 1_000_000), longs().between(FROM, TO))
                .checkAssert((seed, start) -> {
                    RandomRouting r = new RandomRouting(seed);
                    Buyer b = r.config().buyers().values().iterator().next();
                    ZoneCalendar cal = new ZoneCalendar(b.zone(), 0);
                    OpenHours hours = new OpenHours(b.hours());
                    for (long s = start; s < start + 8 * 86_400; s += 1_337) {
                        Instant at = Instant.ofEpochSecond(s);
                        assertThat(hours.isOpen(cal.localSeconds(at))).as("%s at %s in %s", b.hours(), at, b.zone())
                                .isEqualTo(b.hours().isOpen(at, b.zone()));
                    }
                });
    }
}
