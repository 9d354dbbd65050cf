package leadrouter.config;

import java.util.List;

/** The outcome of parsing a config: the compiled config, or every error found in it. */
public sealed interface ConfigResult permits ConfigResult.Valid, ConfigResult.Invalid {

    /** The config, or a {@link ConfigException} listing the errors. */
    Config orThrow();

    record Valid(Config config) implements ConfigResult {
        public Config orThrow() {
            return config;
        }
    }

    record Invalid(List<ConfigError> errors) implements ConfigResult {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) throw new IllegalArgumentException("an invalid config has at least one error");
        }

        public Config orThrow() {
            throw new ConfigException(errors);
        }
    }
}
