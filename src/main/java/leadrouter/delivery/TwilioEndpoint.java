package leadrouter.delivery;

/**
 * Twilio SMS ({@code POST /2010-04-01/Accounts/{accountSid}/Messages.json}, Basic auth
 * {@code accountSid:authToken}): {@code body} to {@code to}, from {@code from} or, when that is null,
 * the Messaging Service {@code messagingServiceSid}.
 */
public record TwilioEndpoint(Template baseUrl, Template accountSid, Template authToken, Template from,
                             Template messagingServiceSid, Template to, Template body, EndpointOptions options) implements EndpointSpec {
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    public TwilioEndpoint {
        if (baseUrl == null || accountSid == null || authToken == null || to == null || body == null || options == null)
            throw new IllegalArgumentException("base_url, account_sid, auth_token, to, body and options are required");
        if ((from == null) == (messagingServiceSid == null))
            throw new IllegalArgumentException("give exactly one of from and messaging_service_sid");
    }

    public String type() {
        return "twilio";
    }

    public boolean notification() {
        return true;
    }
}
