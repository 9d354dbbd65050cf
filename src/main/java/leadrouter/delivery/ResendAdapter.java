package leadrouter.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;

import java.util.Map;

/**
 * Resend emails API with the delivery's idempotency key, so a retry returns the first send's id
 * instead of sending again. Errors are {statusCode, message, name}: 409
 * concurrent_idempotent_requests (the first request is still running), 429 and 5xx retry; 409
 * invalid_idempotent_request, validation and key errors fail.
 */
final class ResendAdapter {
    private ResendAdapter() {
    }

    static Outcome send(ResendEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        ObjectNode body = Vendor.JSON.createObjectNode();
        body.put("from", e.from().render(r).strip());
        ArrayNode to = body.putArray("to");
        for (Template t : e.to()) {
            String addr = t.render(r).strip();
            if (!addr.isEmpty()) to.add(addr);
        }
        body.put("subject", e.subject().render(r));
        if (e.html() != null) body.put("html", e.html().render(r, Mapping::xmlEscape));
        if (e.text() != null) body.put("text", e.text().render(r));
        if (e.replyTo() != null) {
            String reply = e.replyTo().render(r).strip();
            if (!reply.isEmpty()) body.put("reply_to", reply);
        }
        Map<String, String> headers = Vendor.headers(r, "application/json");
        headers.put("Authorization", "Bearer " + e.apiKey().render(r));
        return classify(call.send("POST", Vendor.url(e.baseUrl(), r, "/emails"), headers, Vendor.write(body), Response.Format.JSON));
    }

    static Outcome classify(Response resp) {
        if (resp.status == 200 || resp.status == 201) {
            String id = resp.jsonText("$.id");
            return id != null ? new Accepted(id, null) : new Failed("Resend answered " + resp.status + " without an id: " + resp.snippet());
        }
        String name = resp.jsonText("$.name");
        String message = resp.jsonText("$.message");
        String detail = "Resend HTTP " + resp.status + (name == null ? ": " + resp.snippet() : " " + name + ": " + message);
        if (resp.status == 409 && "concurrent_idempotent_requests".equals(name)) return new Retry(detail, resp.retryAfter());
        if (resp.status == 429 || resp.status >= 500) return new Retry(detail, resp.retryAfter());
        if (resp.status == 401 || resp.status == 403) return new Failed(detail + " (credentials refused)");
        return new Failed(detail);
    }
}
