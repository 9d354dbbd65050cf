package leadrouter.store;

/** A read or write the store could not perform; after a failed commit nothing of the batch is visible. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
