package leadrouter.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every problem found in it. */
public class ConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String summary(List<ConfigError> errors) {
        return errors.size() + (errors.size() == 1 ? " config error" : " config errors")
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  ", ":\n  ", ""));
    }
}
