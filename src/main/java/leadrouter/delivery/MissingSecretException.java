package leadrouter.delivery;

/** A template refers to a secret that {@link Secrets} does not know. */
public final class MissingSecretException extends RuntimeException {
    private final String name;

    public MissingSecretException(String name) {
        super("secret " + name + " is not set");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
