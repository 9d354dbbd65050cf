package leadrouter.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in a config: a whole number and a unit, {@code 500ms 90s 15m 12h 30d 2w}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 90s, 15m, 12h, 30d or 2w, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> throw new AssertionError(m.group(2));
        };
    }

    /** The shortest config form of a duration: {@code format(Duration.ofDays(14))} is "2w". */
    public static String format(Duration d) {
        if (d.getNano() % 1_000_000 == 0 && d.getNano() != 0) return d.toMillis() + "ms";
        long s = d.getSeconds();
        if (s != 0 && s % (7 * 86400) == 0) return s / (7 * 86400) + "w";
        if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
        if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
        if (s != 0 && s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
