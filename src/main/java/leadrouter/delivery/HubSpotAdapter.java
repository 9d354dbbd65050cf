package leadrouter.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot contacts API. 201 carries the new id; 409 CONFLICT is a duplicate whose existing id is only
 * in the message ("Existing ID: N"); 400 VALIDATION_ERROR rejects the lead, except when it is about
 * the owner (a config problem: failed); 401/403 are credential failures; 429 retries.
 */
final class HubSpotAdapter {
    private static final Pattern EXISTING = Pattern.compile("Existing ID: ?(\\d+)");

    private HubSpotAdapter() {
    }

    static Outcome send(HubSpotEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        ObjectNode props = e.mapping().json(r, true);
        if (e.owner() != null) {
            String owner = e.owner().render(r).strip();
            if (!owner.isEmpty()) props.put("hubspot_owner_id", owner);
        }
        ObjectNode body = Vendor.JSON.createObjectNode();
        body.set("properties", props);
        Map<String, String> headers = Vendor.headers(r, "application/json");
        headers.put("Authorization", "Bearer " + e.token().render(r));
        Response resp = call.send("POST", Vendor.url(e.baseUrl(), r, "/crm/v3/objects/contacts"), headers, Vendor.write(body), Response.Format.JSON);
        return classify(resp);
    }

    static Outcome classify(Response resp) {
        String message = resp.jsonText("$.message");
        String category = resp.jsonText("$.category");
        String detail = (category == null ? "" : category + ": ") + (message == null ? resp.snippet() : message);
        switch (resp.status) {
            case 200, 201 -> {
                String id = resp.jsonText("$.id");
                return id != null ? new Accepted(id, null) : new Failed("HubSpot answered " + resp.status + " without an id: " + resp.snippet());
            }
            case 409 -> {
                Matcher m = EXISTING.matcher(message == null ? resp.text : message);
                return new Duplicate(detail, m.find() ? m.group(1) : null);
            }
            case 400 -> {
                if (detail.contains("hubspot_owner_id")) return new Failed("HubSpot refused the owner: " + detail);
                return new Rejected(detail);
            }
            case 429 -> {
                String policy = resp.jsonText("$.policyName");
                return new Retry("HubSpot rate limit" + (policy == null ? "" : " " + policy) + ": " + detail, resp.retryAfter());
            }
            default -> {
                return Vendor.fallback("HubSpot", resp, detail);
            }
        }
    }
}
