package leadrouter.config;

import leadrouter.routing.OperatingHours.Window;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A buyer's {@code hours}: keys are days ({@code mon}..{@code sun}), ranges ({@code mon-fri},
 * wrapping ones such as {@code fri-mon}), {@code daily}, {@code weekdays} or {@code weekends};
 * values are a window "HH:MM-HH:MM" or a list of them. Days not named are closed.
 */
final class HoursParser {
    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final String DAY_FORMS = "use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri or fri-mon, daily, weekdays or weekends";

    private HoursParser() {
    }

    /** The weekly windows, or null when there are errors (all reported). */
    static Map<DayOfWeek, List<Window>> parse(Node hours, Errors errors) {
        if (!hours.map(errors)) return null;
        int before = errors.count();
        Map<DayOfWeek, List<Window>> weekly = new EnumMap<>(DayOfWeek.class);
        Map<DayOfWeek, String> setBy = new EnumMap<>(DayOfWeek.class);
        for (Node.Entry e : hours.entries()) {
            List<DayOfWeek> days = days(e.key());
            if (days == null) {
                errors.add(e.value(), "unknown day '" + e.key() + "'; " + DAY_FORMS);
                continue;
            }
            List<Window> windows = windows(e.value(), errors);
            for (DayOfWeek d : days) {
                String other = setBy.putIfAbsent(d, e.key());
                if (other != null) {
                    errors.add(e.value(), name(d) + " is already set by '" + other + "'");
                } else if (windows != null) {
                    weekly.put(d, windows);
                }
            }
        }
        if (errors.count() > before) return null;
        if (weekly.values().stream().allMatch(List::isEmpty)) {
            errors.add(hours, "the buyer would never be open; leave hours out for a buyer open at all times");
            return null;
        }
        return weekly;
    }

    private static List<Window> windows(Node v, Errors errors) {
        List<Node> items = v.isArray() ? v.items() : List.of(v);
        List<Window> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            if (!item.isText()) {
                errors.add(item, "must be a window such as \"08:00-20:00\" or a list of them");
                ok = false;
                continue;
            }
            try {
                out.add(Window.parse(item.json().asText()));
            } catch (IllegalArgumentException ex) {
                errors.add(item, ex.getMessage());
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /** The days a key names, or null when it is not a day key. */
    static List<DayOfWeek> days(String key) {
        switch (key) {
            case "daily": return range(DayOfWeek.MONDAY, DayOfWeek.SUNDAY);
            case "weekdays": return range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
            case "weekends": return range(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            default:
        }
        int dash = key.indexOf('-');
        if (dash < 0) {
            DayOfWeek d = day(key);
            return d == null ? null : List.of(d);
        }
        DayOfWeek from = day(key.substring(0, dash));
        DayOfWeek to = day(key.substring(dash + 1));
        if (from == null || to == null || from == to) return null;
        return range(from, to);
    }

    private static List<DayOfWeek> range(DayOfWeek from, DayOfWeek to) {
        List<DayOfWeek> out = new ArrayList<>();
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            out.add(d);
            if (d == to) return out;
        }
    }

    private static DayOfWeek day(String s) {
        int i = DAYS.indexOf(s);
        return i < 0 ? null : DayOfWeek.of(i + 1);
    }

    private static String name(DayOfWeek d) {
        return DAYS.get(d.getValue() - 1);
    }
}
