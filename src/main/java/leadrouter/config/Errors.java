package leadrouter.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading a config, so all of them can be reported at once. */
final class Errors {
    private final List<ConfigError> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(new ConfigError(path, message));
    }

    void add(Node at, String message) {
        add(at.path(), message);
    }

    int count() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The live list: parsers outside this package (endpoints) append to it directly. */
    List<ConfigError> list() {
        return list;
    }
}
