package leadrouter.delivery;

import java.util.List;

/**
 * Resend email ({@code POST /emails}, bearer API key): {@code subject} and {@code html} and/or
 * {@code text} to the {@code to} addresses; the delivery's idempotency key is sent as
 * {@code Idempotency-Key}, so a retried attempt never sends the email twice. Lead values inserted
 * into {@code html} are HTML-escaped.
 */
public record ResendEndpoint(Template baseUrl, Template apiKey, Template from, List<Template> to, Template subject,
                             Template html, Template text, Template replyTo, EndpointOptions options) implements EndpointSpec {
    public static final String DEFAULT_BASE_URL = "https://api.resend.com";

    public ResendEndpoint {
        if (baseUrl == null || apiKey == null || from == null || to == null || subject == null || options == null)
            throw new IllegalArgumentException("base_url, api_key, from, to, subject and options are required");
        to = List.copyOf(to);
        if (to.isEmpty() || to.size() > 50) throw new IllegalArgumentException("to needs 1..50 addresses");
        if (html == null && text == null) throw new IllegalArgumentException("give html or text (or both)");
    }

    public String type() {
        return "resend";
    }

    public boolean notification() {
        return true;
    }
}
