package leadrouter.delivery;

/**
 * One place a buyer's leads go: a buyer endpoint (generic HTTP or a CRM) or a notification
 * (Slack, SMS, email). A buyer may have several (fan-out); the first non-notification endpoint is
 * the buyer's primary one, whose circuit decides whether the buyer can take new leads.
 */
public interface EndpointSpec {
    /** The config {@code type}: http, hubspot, salesforce, dynamics, pipedrive, slack, twilio, resend. */
    String type();

    /** True for Slack, SMS and email: they tell someone about a lead but do not hand it over. */
    boolean notification();
}
