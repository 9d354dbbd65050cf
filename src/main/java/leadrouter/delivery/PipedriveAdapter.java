package leadrouter.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;

import java.math.BigDecimal;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;

/**
 * Pipedrive: person, then lead, in one attempt. Responses are {success, data, error}. 400 rejects;
 * 401/402/404 fail; 429 retries after Retry-After or x-ratelimit-reset; a 403 HTML page is
 * Cloudflare throttling a client that ignored 429s, so it retries too. A retry after the person was
 * created but the lead was not creates the person again (Pipedrive has no idempotency key).
 */
final class PipedriveAdapter {
    private PipedriveAdapter() {
    }

    static Outcome send(PipedriveEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        String token = e.token().render(r);
        Map<String, String> headers = Vendor.headers(r, "application/json");
        headers.put("Accept", "application/json");
        if (!e.tokenInQuery()) headers.put("x-api-token", token);
        String owner = e.owner() == null ? "" : e.owner().render(r).strip();

        ObjectNode person = e.person().json(r, true);
        putId(person, "owner_id", owner);
        Response p = call.send("POST", url(e, r, "/api/v1/persons", token), headers, Vendor.write(person), Response.Format.JSON);
        String personId = p.is2xx() && "true".equals(p.jsonText("$.success")) ? p.jsonText("$.data.id") : null;
        if (personId == null) return p.is2xx() ? new Failed("Pipedrive created no person: " + p.snippet()) : classify(p);

        ObjectNode lead = e.lead().json(r, true);
        putId(lead, "person_id", personId);
        putId(lead, "owner_id", owner);
        Response l = call.send("POST", url(e, r, "/api/v1/leads", token), headers, Vendor.write(lead), Response.Format.JSON);
        String leadId = l.is2xx() && "true".equals(l.jsonText("$.success")) ? l.jsonText("$.data.id") : null;
        if (leadId != null) return new Accepted(leadId, null);
        return l.is2xx() ? new Failed("Pipedrive created no lead: " + l.snippet()) : classify(l);
    }

    private static String url(PipedriveEndpoint e, Render r, String path, String token) {
        String u = Vendor.url(e.baseUrl(), r, path);
        return e.tokenInQuery() ? Call.withQuery(u, List.of(new SimpleEntry<>("api_token", token))) : u;
    }

    /** Pipedrive ids are numbers; anything else (a bad config value) is sent as given, for Pipedrive to refuse. */
    private static void putId(ObjectNode node, String field, String value) {
        if (value.isEmpty()) return;
        if (value.matches("\\d{1,18}")) node.put(field, new BigDecimal(value));
        else node.put(field, value);
    }

    static Outcome classify(Response resp) {
        String error = resp.jsonText("$.error");
        String info = resp.jsonText("$.error_info");
        String detail = error == null ? resp.snippet() : error + (info == null ? "" : " (" + info + ")");
        return switch (resp.status) {
            case 400 -> new Rejected(detail);
            case 429 -> {
                var after = resp.retryAfter();
                yield new Retry("Pipedrive rate limit: " + detail, after != null ? after : resp.seconds("x-ratelimit-reset"));
            }
            case 403 -> resp.kind() == Response.Kind.HTML
                    ? new Retry("Pipedrive throttled (403 page)", resp.retryAfter())
                    : new Failed("Pipedrive HTTP 403 (credentials refused): " + detail);
            default -> Vendor.fallback("Pipedrive", resp, detail);
        };
    }
}
