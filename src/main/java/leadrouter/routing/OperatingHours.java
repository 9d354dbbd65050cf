package leadrouter.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a buyer takes leads: windows per weekday in the buyer's local time, plus dated closures.
 * A window whose end is not after its start runs past midnight ("22:00-06:00"); "00:00-24:00" is
 * the whole day. A closed date shuts the whole local day, including the part of a window that
 * started the evening before, and a window starting on a closed day does not open at all.
 */
public record OperatingHours(Map<DayOfWeek, List<Window>> weekly, Set<LocalDate> closed) {

    /** Days to look ahead for the next opening: a year of closures still finds the next window. */
    private static final int LOOKAHEAD_DAYS = 400;

    public static final OperatingHours ALWAYS = always(Set.of());

    public OperatingHours {
        EnumMap<DayOfWeek, List<Window>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            List<Window> ws = new ArrayList<>(weekly.getOrDefault(d, List.of()));
            ws.sort(Comparator.comparingInt(Window::startMinute));
            copy.put(d, List.copyOf(ws));
        }
        weekly = java.util.Collections.unmodifiableMap(copy);
        closed = Set.copyOf(closed);
    }

    /** Open every day, all day, except on the given dates. */
    public static OperatingHours always(Set<LocalDate> closed) {
        EnumMap<DayOfWeek, List<Window>> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) all.put(d, List.of(Window.ALL_DAY));
        return new OperatingHours(all, closed);
    }

    public boolean isOpen(Instant at, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        LocalDate date = local.toLocalDate();
        if (closed.contains(date)) return false;
        int minute = local.getHour() * 60 + local.getMinute();
        for (Window w : weekly.get(date.getDayOfWeek())) {
            if (w.crossesMidnight() ? minute >= w.startMinute() : minute >= w.startMinute() && minute < w.endMinute()) {
                return true;
            }
        }
        LocalDate yesterday = date.minusDays(1);
        if (closed.contains(yesterday)) return false;
        for (Window w : weekly.get(yesterday.getDayOfWeek())) {
            if (w.crossesMidnight() && minute < w.endMinute()) return true;
        }
        return false;
    }

    /** {@code at} itself when open, else the next instant the buyer opens; null if it never does. */
    public Instant nextOpening(Instant at, ZoneId zone) {
        if (isOpen(at, zone)) return at;
        LocalDate start = LocalDateTime.ofInstant(at, zone).toLocalDate().minusDays(1);
        for (int i = 0; i <= LOOKAHEAD_DAYS; i++) {
            LocalDate day = start.plusDays(i);
            if (closed.contains(day)) continue;
            for (Window w : weekly.get(day.getDayOfWeek())) {
                // A start inside a DST gap resolves to the first valid local time after it.
                Instant opens = ZonedDateTime.of(day, w.start(), zone).toInstant();
                if (opens.isAfter(at) && isOpen(opens, zone)) return opens;
            }
        }
        return null;
    }

    /** A daily window in minutes of the local day; {@code endMinute} is 1..1440. */
    public record Window(int startMinute, int endMinute) {
        public static final Window ALL_DAY = new Window(0, 1440);

        public Window {
            if (startMinute < 0 || startMinute >= 1440) throw new IllegalArgumentException("window start out of range: " + startMinute);
            if (endMinute < 1 || endMinute > 1440) throw new IllegalArgumentException("window end out of range: " + endMinute);
            if (startMinute == endMinute) throw new IllegalArgumentException("window is empty: starts and ends at the same time");
        }

        public boolean crossesMidnight() {
            return endMinute <= startMinute;
        }

        LocalTime start() {
            return LocalTime.of(startMinute / 60, startMinute % 60);
        }

        /** Parses "HH:MM-HH:MM"; the end may be "24:00". */
        public static Window parse(String text) {
            String[] parts = text.trim().split("\\s*-\\s*");
            if (parts.length != 2) throw new IllegalArgumentException("expected HH:MM-HH:MM, got '" + text + "'");
            int start = minutes(parts[0], false);
            int end = minutes(parts[1], true);
            if (end == 0) end = 1440;
            return new Window(start, end);
        }

        private static int minutes(String hhmm, boolean allow24) {
            String[] hm = hhmm.split(":");
            if (hm.length != 2 || hm[0].isEmpty() || hm[1].length() != 2) throw new IllegalArgumentException("expected HH:MM, got '" + hhmm + "'");
            int h, m;
            try {
                h = Integer.parseInt(hm[0]);
                m = Integer.parseInt(hm[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected HH:MM, got '" + hhmm + "'");
            }
            if (allow24 && h == 24 && m == 0) return 1440;
            if (h < 0 || h > 23 || m < 0 || m > 59) throw new IllegalArgumentException("not a time of day: '" + hhmm + "'");
            return h * 60 + m;
        }

        @Override
        public String toString() {
            return "%02d:%02d-%02d:%02d".formatted(startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60);
        }
    }
}
