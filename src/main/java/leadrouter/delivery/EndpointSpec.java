package leadrouter.delivery;

import java.time.Duration;

/**
 * One place a buyer's leads go: a buyer endpoint (generic HTTP or a CRM) or a notification
 * (Slack, SMS, email). A buyer may have several (fan-out); the first non-notification endpoint is
 * the buyer's primary one, whose circuit decides whether the buyer can take new leads.
 * Built by {@link EndpointParser} with every template compiled; sent by {@link EndpointClient}.
 */
public sealed interface EndpointSpec permits HttpEndpoint, HubSpotEndpoint, SalesforceEndpoint, DynamicsEndpoint,
        PipedriveEndpoint, SlackEndpoint, TwilioEndpoint, ResendEndpoint {
    /** The config {@code type}: http, hubspot, salesforce, dynamics, pipedrive, slack, twilio, resend. */
    String type();

    /** True for Slack, SMS and email: they tell someone about a lead but do not hand it over. */
    default boolean notification() {
        return false;
    }

    /** Timeout, retry policy and circuit settings. */
    EndpointOptions options();

    default Duration timeout() {
        return options().timeout();
    }

    default RetryPolicy retry() {
        return options().retry();
    }

    default CircuitSettings circuit() {
        return options().circuit();
    }
}
