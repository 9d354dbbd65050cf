package leadrouter.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code ${NAME}} values in endpoint settings come from. They are looked up at send time, so a
 * rotated secret takes effect without a config change, and they never enter the config document.
 */
@FunctionalInterface
public interface Secrets {
    /** The value, or null when the secret is not set. */
    String get(String name);

    /** The process environment. */
    static Secrets env() {
        return System::getenv;
    }

    /** Fixed values (tests, or values assembled elsewhere). */
    static Secrets of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return copy::get;
    }

    /** The first source that has the secret wins. */
    static Secrets firstOf(Secrets... sources) {
        List<Secrets> list = List.of(sources);
        return name -> {
            for (Secrets s : list) {
                String v = s.get(name);
                if (v != null) return v;
            }
            return null;
        };
    }

    /**
     * A file of {@code NAME=value} lines, read once (at start-up). Blank lines and lines starting with
     * {@code #} are skipped; the value is everything after the first {@code =}, without surrounding
     * spaces; a value wrapped in matching single or double quotes loses them.
     */
    static Secrets file(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secrets file " + path, e);
        }
        Map<String, String> values = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException(path + ":" + (n + 1) + ": expected NAME=value");
            String name = line.substring(0, eq).strip();
            if (name.startsWith("export ")) name = name.substring(7).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                    && value.charAt(value.length() - 1) == value.charAt(0))
                value = value.substring(1, value.length() - 1);
            values.put(name, value);
        }
        return of(values);
    }
}
