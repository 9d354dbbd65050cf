package leadrouter.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cap windows and operating hours are calendar logic in the buyer's zone; checked in several zones. */
class CalendarTest {

    @ParameterizedTest(name = "{0} {1} in {2}: starts {3}, resets {4}")
    @CsvSource({
            // New York, spring forward on Sunday 2026-03-08 (02:00 -> 03:00): that day has 23 hours.
            "DAY,   2026-03-08T12:00:00Z, America/New_York, 2026-03-08T05:00:00Z, 2026-03-09T04:00:00Z",
            "DAY,   2026-03-08T04:59:59Z, America/New_York, 2026-03-07T05:00:00Z, 2026-03-08T05:00:00Z",
            // Fall back on Sunday 2026-11-01: 25 hours.
            "DAY,   2026-11-01T12:00:00Z, America/New_York, 2026-11-01T04:00:00Z, 2026-11-02T05:00:00Z",
            // The DST week: Monday 2026-03-02 00:00 EST to Monday 2026-03-09 00:00 EDT is 167 hours.
            "WEEK,  2026-03-08T12:00:00Z, America/New_York, 2026-03-02T05:00:00Z, 2026-03-09T04:00:00Z",
            "WEEK,  2026-03-09T03:59:59Z, America/New_York, 2026-03-02T05:00:00Z, 2026-03-09T04:00:00Z",
            "WEEK,  2026-03-09T04:00:00Z, America/New_York, 2026-03-09T04:00:00Z, 2026-03-16T04:00:00Z",
            "MONTH, 2026-03-31T12:00:00Z, America/New_York, 2026-03-01T05:00:00Z, 2026-04-01T04:00:00Z",
            "MONTH, 2026-02-01T04:00:00Z, America/New_York, 2026-01-01T05:00:00Z, 2026-02-01T05:00:00Z",
            // Europe/Rome moves on 2026-03-29; the day cap resets at local midnight, not UTC midnight.
            "DAY,   2026-03-29T10:00:00Z, Europe/Rome,      2026-03-28T23:00:00Z, 2026-03-29T22:00:00Z",
            "DAY,   2026-03-29T10:00:00Z, UTC,              2026-03-29T00:00:00Z, 2026-03-30T00:00:00Z",
            // Half-hour zone.
            "DAY,   2026-06-15T18:29:00Z, Asia/Kolkata,     2026-06-14T18:30:00Z, 2026-06-15T18:30:00Z",
            // The repeated hour of fall-back: 01:00-02:00 EDT then 01:00-02:00 EST are two hour windows.
            "HOUR,  2026-11-01T05:30:00Z, America/New_York, 2026-11-01T05:00:00Z, 2026-11-01T06:00:00Z",
            "HOUR,  2026-11-01T06:30:00Z, America/New_York, 2026-11-01T06:00:00Z, 2026-11-01T07:00:00Z",
    })
    void capWindowsFollowTheBuyersCalendar(CapPeriod period, Instant at, ZoneId zone, Instant start, Instant reset) {
        assertThat(period.windowStart(at, zone)).isEqualTo(start);
        assertThat(period.nextReset(at, zone)).isEqualTo(reset);
    }

    @Test
    void totalNeverResets() {
        assertThat(CapPeriod.TOTAL.windowStart(Instant.parse("2030-01-01T00:00:00Z"), ZoneId.of("UTC"))).isEqualTo(Instant.EPOCH);
        assertThat(CapPeriod.TOTAL.nextReset(Instant.now(), ZoneId.of("UTC"))).isNull();
    }

    @Test
    void theDstWeekIsOneWindowOf167Hours() {
        ZoneId ny = ZoneId.of("America/New_York");
        Instant mid = Instant.parse("2026-03-05T12:00:00Z");
        Instant start = CapPeriod.WEEK.windowStart(mid, ny), end = CapPeriod.WEEK.nextReset(mid, ny);
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(167));
        for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(37))) {
            assertThat(CapPeriod.WEEK.windowStart(t, ny)).isEqualTo(start);
        }
    }

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    /** Night shift: Monday to Friday 22:00-06:00 (crossing midnight), closed 2026-12-25. */
    private static OperatingHours nightShift() {
        OperatingHours.Window w = OperatingHours.Window.parse("22:00-06:00");
        Map<DayOfWeek, List<OperatingHours.Window>> weekly = Map.of(
                DayOfWeek.MONDAY, List.of(w), DayOfWeek.TUESDAY, List.of(w), DayOfWeek.WEDNESDAY, List.of(w),
                DayOfWeek.THURSDAY, List.of(w), DayOfWeek.FRIDAY, List.of(w));
        return new OperatingHours(weekly, Set.of(LocalDate.parse("2026-12-25")));
    }

    @ParameterizedTest(name = "{0} local: open={1}")
    @CsvSource({
            "2026-12-07T21:59, false",   // Monday evening before the shift
            "2026-12-07T22:00, true",
            "2026-12-07T23:59, true",
            "2026-12-08T00:00, true",    // past midnight, Monday's shift goes on
            "2026-12-08T05:59, true",
            "2026-12-08T06:00, false",
            "2026-12-12T03:00, true",    // Saturday early morning: Friday's shift
            "2026-12-12T22:30, false",   // Saturday night: no shift
            "2026-12-14T02:00, false",   // Monday early: Sunday had no shift
            "2026-12-24T23:00, true",    // Thursday night before the closure
            "2026-12-25T01:00, false",   // closed day cuts the shift at midnight
            "2026-12-25T22:30, false",   // no shift starts on a closed day
            "2026-12-26T02:00, false",   // nor does its tail run into the next day
    })
    void hoursAcrossMidnight(String local, boolean open) {
        Instant at = java.time.LocalDateTime.parse(local).atZone(LA).toInstant();
        assertThat(nightShift().isOpen(at, LA)).isEqualTo(open);
    }

    @ParameterizedTest(name = "closed at {0} local: opens {1} local")
    @CsvSource({
            "2026-12-07T12:00, 2026-12-07T22:00",
            "2026-12-12T12:00, 2026-12-14T22:00",   // Saturday noon -> Monday night
            "2026-12-25T01:00, 2026-12-28T22:00",   // Christmas (Fri) -> next Monday night
    })
    void nextOpening(String local, String opens) {
        Instant at = java.time.LocalDateTime.parse(local).atZone(LA).toInstant();
        Instant expected = java.time.LocalDateTime.parse(opens).atZone(LA).toInstant();
        assertThat(nightShift().nextOpening(at, LA)).isEqualTo(expected);
    }

    @Test
    void aWindowStartingInTheDstGapOpensAtTheFirstValidMinute() {
        ZoneId ny = ZoneId.of("America/New_York");
        OperatingHours early = new OperatingHours(Map.of(DayOfWeek.SUNDAY, List.of(OperatingHours.Window.parse("02:30-04:00"))), Set.of());
        Instant sat = Instant.parse("2026-03-07T17:00:00Z");
        // 02:30 does not exist on 2026-03-08 in New York; the window opens at 03:30 EDT = 07:30Z.
        assertThat(early.nextOpening(sat, ny)).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void openAllDayAndNever() {
        assertThat(OperatingHours.ALWAYS.isOpen(Instant.parse("2026-01-01T00:00:00Z"), LA)).isTrue();
        OperatingHours never = new OperatingHours(Map.of(), Set.of());
        assertThat(never.isOpen(Instant.parse("2026-01-01T00:00:00Z"), LA)).isFalse();
        assertThat(never.nextOpening(Instant.parse("2026-01-01T00:00:00Z"), LA)).isNull();
        OperatingHours allDay = new OperatingHours(Map.of(DayOfWeek.MONDAY, List.of(OperatingHours.Window.parse("00:00-24:00"))), Set.of());
        assertThat(allDay.isOpen(java.time.LocalDateTime.parse("2026-12-07T23:59:59").atZone(LA).toInstant(), LA)).isTrue();
        assertThat(allDay.isOpen(java.time.LocalDateTime.parse("2026-12-08T00:00:00").atZone(LA).toInstant(), LA)).isFalse();
    }

    @Test
    void badWindowsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> OperatingHours.Window.parse("8-17")).hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> OperatingHours.Window.parse("08:00-25:00")).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> OperatingHours.Window.parse("09:00-09:00")).hasMessageContaining("empty");
    }
}
