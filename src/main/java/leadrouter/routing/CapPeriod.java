package leadrouter.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * A cap's counting window. Windows follow the calendar in the buyer's own time zone: a day cap
 * resets at local midnight (23 or 25 hours apart across a DST change), a week cap on Monday 00:00,
 * a month cap on the 1st.
 */
public enum CapPeriod {
    HOUR, DAY, WEEK, MONTH, TOTAL;

    // Computed once: the store asks for it for every counter of every lead.
    private final String key = name().toLowerCase(java.util.Locale.ROOT);

    /** The instant the window containing {@code at} started; {@link Instant#EPOCH} for TOTAL. */
    public Instant windowStart(Instant at, ZoneId zone) {
        if (this == TOTAL) return Instant.EPOCH;
        ZonedDateTime local = at.atZone(zone);
        return switch (this) {
            // An hour is an hour of elapsed time; truncating the zoned time keeps the offset right
            // in the repeated hour of a DST fall-back.
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> local.toLocalDate().atStartOfDay(zone).toInstant();
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(zone).toInstant();
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
            case TOTAL -> Instant.EPOCH;
        };
    }

    /** The instant the window containing {@code at} ends and the next starts; null for TOTAL. */
    public Instant nextReset(Instant at, ZoneId zone) {
        if (this == TOTAL) return null;
        if (this == HOUR) return windowStart(at, zone).plus(1, ChronoUnit.HOURS);
        LocalDate day = at.atZone(zone).toLocalDate();
        LocalDate next = switch (this) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1).plusMonths(1);
            default -> throw new AssertionError(this);
        };
        return next.atStartOfDay(zone).toInstant();
    }

    public String key() {
        return key;
    }

    public static CapPeriod parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase()) {
            case "hour", "hourly" -> HOUR;
            case "day", "daily" -> DAY;
            case "week", "weekly" -> WEEK;
            case "month", "monthly" -> MONTH;
            case "total", "lifetime" -> TOTAL;
            default -> throw new IllegalArgumentException("unknown cap period '" + s + "' (hour, day, week, month or total)");
        };
    }

}
