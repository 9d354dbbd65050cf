package leadrouter.store;

/** The store could not do what was asked (connection lost, disk full, constraint violated). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
