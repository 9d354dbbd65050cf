package leadrouter.config;

/** One problem in a config: where (a path such as {@code buyers[2].caps[0].per}) and what. */
public record ConfigError(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
