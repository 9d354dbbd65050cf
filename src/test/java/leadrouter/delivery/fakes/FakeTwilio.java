package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Twilio Messages API: HTTP Basic {@code AccountSid:AuthToken} matching the path's account (401 code
 * 20003 otherwise), form-encoded To/From/Body (21211 for a To that is not E.164, 21602 without a
 * body, 21603 without From or MessagingServiceSid), 201 with a queued message, 429 code 20429 on demand.
 */
public final class FakeTwilio extends FakeServer {
    private final String accountSid;
    private final String authToken;
    public final List<Map<String, String>> messages = new CopyOnWriteArrayList<>();

    public FakeTwilio(String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    public void throttleNext() {
        enqueue(error(429, 20429, "Too Many Requests"));
    }

    @Override
    protected Reply respond(Received r) {
        String[] auth = r.basicAuth();
        String path = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
        if (auth == null || !auth[0].equals(accountSid) || !auth[1].equals(authToken) || !r.path().startsWith("/2010-04-01/Accounts/" + accountSid + "/"))
            return error(401, 20003, "Authenticate");
        if (!r.path().equals(path) || !r.method().equals("POST")) return error(404, 20404, "The requested resource " + r.path() + " was not found");
        String type = r.header("content-type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) return error(400, 21602, "Message body is required.");
        Map<String, String> form = r.form();
        String to = form.get("To");
        if (to == null) return error(400, 21604, "A 'To' phone number is required.");
        if (!to.matches("\\+[1-9]\\d{7,14}")) return error(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
        if (form.get("From") == null && form.get("MessagingServiceSid") == null) return error(400, 21603, "A 'From' phone number is required.");
        if (form.getOrDefault("Body", "").isEmpty()) return error(400, 21602, "Message body is required.");
        messages.add(form);
        delivered(r);
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode m = object().put("sid", sid).put("date_created", "Mon, 05 Jan 2026 10:00:00 +0000").put("date_updated", "Mon, 05 Jan 2026 10:00:00 +0000")
                .putNull("date_sent").put("account_sid", accountSid).put("to", to).put("from", form.get("From"))
                .put("messaging_service_sid", form.get("MessagingServiceSid")).put("body", form.get("Body"))
                .put("status", form.containsKey("MessagingServiceSid") ? "accepted" : "queued").put("num_segments", "1").put("num_media", "0")
                .put("direction", "outbound-api").put("api_version", "2010-04-01").putNull("price").put("price_unit", "USD")
                .putNull("error_code").putNull("error_message").put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        return Reply.json(201, m);
    }

    private static Reply error(int status, int code, String message) {
        return Reply.json(status, object().put("code", code).put("message", message)
                .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status));
    }
}
