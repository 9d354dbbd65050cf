package leadrouter.audit;

/** The audit log's event types; the names are what the log and its readers use. */
public final class EventType {
    public static final String LEAD_RECEIVED = "lead.received";
    public static final String LEAD_INVALID = "lead.invalid";
    public static final String LEAD_DUPLICATE = "lead.duplicate";
    public static final String LEAD_ROUTED = "lead.routed";
    public static final String LEAD_DEFERRED = "lead.deferred";
    public static final String LEAD_UNASSIGNED = "lead.unassigned";
    public static final String LEAD_REROUTED = "lead.rerouted";
    public static final String ASSIGNMENT_RELEASED = "assignment.released";
    public static final String CONFIG_CHANGED = "config.changed";
    public static final String DELIVERY_ATTEMPT = "delivery.attempt";
    public static final String DELIVERY_DELIVERED = "delivery.delivered";
    public static final String DELIVERY_FAILED = "delivery.failed";
    public static final String DELIVERY_RETRY_REQUESTED = "delivery.retry_requested";
    public static final String CIRCUIT_CHANGED = "circuit.changed";

    private EventType() {
    }
}
