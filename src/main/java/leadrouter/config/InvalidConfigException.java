package leadrouter.config;

import java.util.List;

/** A config refused as a whole, with every problem found. */
public final class InvalidConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(errors.size() + " config error(s): " + errors.stream().limit(5).map(ConfigError::toString).toList());
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
