package leadrouter.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Local time and cap windows in one zone, memoized. {@link CapPeriod#windowStart} and
 * {@link OperatingHours#isOpen} resolve a zone's rules on every call, which costs more than the
 * rest of a candidate's checks; here the answers are kept with the interval they hold for:
 *
 * <ul>
 *   <li>an offset holds between two transitions of the zone's rules;</li>
 *   <li>a day, week or month window depends only on the local date, so it holds for the local
 *       dates it spans; an hour window depends on the local hour and the offset.</li>
 * </ul>
 *
 * A few recent answers are kept per kind (the router asks about now and about the openings of
 * closed buyers), each an immutable record in an atomic slot: thread-safe, bounded, and equal to
 * the direct computation, which the misses call.
 */
final class ZoneCalendar {

    static final long SECONDS_PER_DAY = 86_400;
    /** Memo slots per kind: enough for now, a deferral instant or two, and a DST change between. */
    private static final int SLOTS = 4;
    /** Beyond about year ±100,000 the direct computation decides (and fails as it always did). */
    private static final long SAFE_SECONDS = 3_000_000_000_000L;

    /** A constant offset over epoch seconds [from, to). */
    private record OffsetSpan(long from, long to, int offset) {
    }

    /**
     * A cap window: its start and reset, valid for local epoch seconds [from, to) (and, for an
     * hour window, only at this offset).
     */
    record Window(long from, long to, int offset, Instant start, Instant reset) {
    }

    private static final Window TOTAL = new Window(Long.MIN_VALUE, Long.MAX_VALUE, 0, Instant.EPOCH, null);

    /** This zone's number in its plan (see {@code Eligibility}, which reads local time once per zone). */
    final int index;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final AtomicReferenceArray<OffsetSpan> spans = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger nextSpan = new AtomicInteger();
    /** Per period (by ordinal), its recent windows. */
    private final AtomicReferenceArray<Window>[] windows;
    private final AtomicInteger[] nextWindow;

    @SuppressWarnings("unchecked")
    ZoneCalendar(ZoneId zone, int index) {
        this.index = index;
        this.zone = zone;
        this.rules = zone.getRules();
        int periods = CapPeriod.values().length;
        windows = new AtomicReferenceArray[periods];
        nextWindow = new AtomicInteger[periods];
        for (int p = 0; p < periods; p++) {
            windows[p] = new AtomicReferenceArray<>(SLOTS);
            nextWindow[p] = new AtomicInteger();
        }
    }

    ZoneId zone() {
        return zone;
    }

    /** Seconds since 1970-01-01T00:00 local time: the local date-time of {@code at} as a number. */
    long localSeconds(Instant at) {
        long s = at.getEpochSecond();
        if (s <= -SAFE_SECONDS || s >= SAFE_SECONDS) {
            return LocalDateTime.ofInstant(at, zone).toEpochSecond(ZoneOffset.UTC);
        }
        return s + offsetAt(s, at);
    }

    private int offsetAt(long s, Instant at) {
        for (int i = 0; i < SLOTS; i++) {
            OffsetSpan span = spans.get(i);
            if (span != null && s >= span.from && s < span.to) return span.offset;
        }
        OffsetSpan span = span(at);
        spans.set(Math.floorMod(nextSpan.getAndIncrement(), SLOTS), span);
        return span.offset;
    }

    /** The interval around {@code at} over which the zone's offset stays what it is at {@code at}. */
    private OffsetSpan span(Instant at) {
        long s = at.getEpochSecond();
        int offset = rules.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(at);
        long to = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        // The previous transition starts the span only if it led to this offset (at a transition
        // instant itself, the rules report the one before it).
        ZoneOffsetTransition prev = rules.previousTransition(at);
        long from = prev != null && prev.getOffsetAfter().getTotalSeconds() == offset && prev.toEpochSecond() <= s
                ? prev.toEpochSecond() : s;
        if (prev == null && rules.isFixedOffset()) from = Long.MIN_VALUE;
        return new OffsetSpan(from, to, offset);
    }

    /** The window of {@code period} containing {@code at}: the same as {@link CapPeriod#windowStart} and {@link CapPeriod#nextReset}. */
    Window window(CapPeriod period, Instant at) {
        return window(period, at, localSeconds(at));
    }

    /** As {@link #window(CapPeriod, Instant)}, given {@code local == localSeconds(at)}. */
    Window window(CapPeriod period, Instant at, long local) {
        if (period == CapPeriod.TOTAL) return TOTAL;
        long s = at.getEpochSecond();
        if (s <= -SAFE_SECONDS || s >= SAFE_SECONDS) return compute(period, at, 0, 0);
        int offset = (int) (local - s);
        AtomicReferenceArray<Window> slots = windows[period.ordinal()];
        for (int i = 0; i < SLOTS; i++) {
            Window w = slots.get(i);
            if (w != null && local >= w.from && local < w.to && (period != CapPeriod.HOUR || w.offset == offset)) return w;
        }
        Window w = compute(period, at, local, offset);
        slots.set(Math.floorMod(nextWindow[period.ordinal()].getAndIncrement(), SLOTS), w);
        return w;
    }

    /** The window by the direct computation, with the local interval it holds for. */
    private Window compute(CapPeriod period, Instant at, long local, int offset) {
        Instant start = period.windowStart(at, zone);
        Instant reset = period.nextReset(at, zone);
        long day = Math.floorDiv(local, SECONDS_PER_DAY);
        return switch (period) {
            case HOUR -> {
                long hour = Math.floorDiv(local, 3600) * 3600;
                yield new Window(hour, hour + 3600, offset, start, reset);
            }
            case DAY -> new Window(day * SECONDS_PER_DAY, (day + 1) * SECONDS_PER_DAY, offset, start, reset);
            case WEEK -> {
                LocalDate monday = LocalDate.ofEpochDay(day).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Window(monday.toEpochDay() * SECONDS_PER_DAY, monday.plusDays(7).toEpochDay() * SECONDS_PER_DAY,
                        offset, start, reset);
            }
            case MONTH -> {
                LocalDate first = LocalDate.ofEpochDay(day).withDayOfMonth(1);
                yield new Window(first.toEpochDay() * SECONDS_PER_DAY, first.plusMonths(1).toEpochDay() * SECONDS_PER_DAY,
                        offset, start, reset);
            }
            case TOTAL -> TOTAL;
        };
    }
}
