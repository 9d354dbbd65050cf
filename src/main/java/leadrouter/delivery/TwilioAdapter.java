package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Twilio Messages API: form-encoded To/From/Body with HTTP Basic auth. 201 carries the message
 * {@code sid}. Errors are {code, message, more_info, status}: 429 or code 20429 retries; 5xx retries;
 * everything else (21211 invalid number, 20003 authentication, ...) fails, since a retry cannot fix it.
 */
final class TwilioAdapter {
    private TwilioAdapter() {
    }

    static Outcome send(TwilioEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        String sid = e.accountSid().render(r).strip();
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(new SimpleEntry<>("To", e.to().render(r).strip()));
        if (e.from() != null) form.add(new SimpleEntry<>("From", e.from().render(r).strip()));
        else form.add(new SimpleEntry<>("MessagingServiceSid", e.messagingServiceSid().render(r).strip()));
        form.add(new SimpleEntry<>("Body", e.body().render(r)));
        Map<String, String> headers = Vendor.headers(r, "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        headers.put("Authorization", Vendor.basic(sid, e.authToken().render(r)));
        String url = Vendor.url(e.baseUrl(), r, "/2010-04-01/Accounts/" + URLEncoder.encode(sid, StandardCharsets.UTF_8) + "/Messages.json");
        return classify(call.send("POST", url, headers, Mapping.formEncode(form), Response.Format.JSON));
    }

    static Outcome classify(Response resp) {
        if (resp.status == 201 || resp.status == 200) {
            String sid = resp.jsonText("$.sid");
            return sid != null ? new Accepted(sid, null) : new Failed("Twilio answered " + resp.status + " without a sid: " + resp.snippet());
        }
        String code = resp.jsonText("$.code");
        String message = resp.jsonText("$.message");
        String detail = "Twilio HTTP " + resp.status + (code == null ? ": " + resp.snippet() : " code " + code + ": " + message);
        if (resp.status == 429 || "20429".equals(code) || resp.status >= 500) return new Retry(detail, resp.retryAfter());
        if (resp.status == 401 || "20003".equals(code)) return new Failed(detail + " (credentials refused)");
        return new Failed(detail);
    }
}
