package leadrouter.routing;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * {@link OperatingHours} compiled for the router: windows as minute arrays per weekday and closed
 * dates as sorted epoch days, so that "open at this local time" needs no date objects. Same
 * answers as {@link OperatingHours#isOpen}, from the local time that {@link ZoneCalendar} gives.
 */
final class OpenHours {

    private final int[][] starts = new int[7][];
    private final int[][] ends = new int[7][];
    private final long[] closedDays;
    /** Open every minute of every day: the common case, answered without looking. */
    private final boolean always;

    OpenHours(OperatingHours hours) {
        boolean all = hours.closed().isEmpty();
        for (DayOfWeek d : DayOfWeek.values()) {
            List<OperatingHours.Window> ws = hours.weekly().get(d);
            int i = d.getValue() - 1;
            starts[i] = new int[ws.size()];
            ends[i] = new int[ws.size()];
            boolean allDay = false;
            for (int k = 0; k < ws.size(); k++) {
                starts[i][k] = ws.get(k).startMinute();
                ends[i][k] = ws.get(k).endMinute();
                allDay |= starts[i][k] == 0 && ends[i][k] == 1440;
            }
            all &= allDay;
        }
        closedDays = hours.closed().stream().mapToLong(LocalDate::toEpochDay).sorted().toArray();
        always = all;
    }

    /** Open at {@code localSeconds} (local date-time as seconds since 1970-01-01T00:00). */
    boolean isOpen(long localSeconds) {
        if (always) return true;
        long day = Math.floorDiv(localSeconds, ZoneCalendar.SECONDS_PER_DAY);
        int minute = (int) (Math.floorMod(localSeconds, ZoneCalendar.SECONDS_PER_DAY) / 60);
        if (closed(day)) return false;
        int dow = weekday(day);
        int[] s = starts[dow], e = ends[dow];
        for (int k = 0; k < s.length; k++) {
            boolean crosses = e[k] <= s[k];
            if (crosses ? minute >= s[k] : minute >= s[k] && minute < e[k]) return true;
        }
        if (closed(day - 1)) return false;
        int ydow = dow == 0 ? 6 : dow - 1;
        s = starts[ydow];
        e = ends[ydow];
        for (int k = 0; k < s.length; k++) {
            if (e[k] <= s[k] && minute < e[k]) return true;
        }
        return false;
    }

    private boolean closed(long epochDay) {
        return closedDays.length > 0 && Arrays.binarySearch(closedDays, epochDay) >= 0;
    }

    /** Monday = 0 ... Sunday = 6; 1970-01-01 (epoch day 0) was a Thursday. */
    private static int weekday(long epochDay) {
        return (int) Math.floorMod(epochDay + 3, 7L);
    }
}
