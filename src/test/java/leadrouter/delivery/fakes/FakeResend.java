package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Resend {@code POST /emails}: bearer key (401 missing_api_key, 403 invalid_api_key); from, to,
 * subject and html or text required (422); {@code Idempotency-Key} of 1..256 characters (400
 * invalid_idempotency_key) where a repeat with the same body returns the first id without sending,
 * a different body is 409 invalid_idempotent_request and a key marked in flight is 409
 * concurrent_idempotent_requests; 429 with ratelimit-* and retry-after on demand.
 */
public final class FakeResend extends FakeServer {
    private record Sent(String body, String id) {
    }

    private final String apiKey;
    private final Map<String, Sent> byKey = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    public final List<JsonNode> emails = new CopyOnWriteArrayList<>();

    public FakeResend(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Requests with this key answer as if the first one were still being processed. */
    public void inFlight(String key) {
        inFlight.add(key);
    }

    public void throttleNext(int retryAfterSeconds) {
        enqueue(error(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second.")
                .withHeader("ratelimit-limit", "2").withHeader("ratelimit-remaining", "0")
                .withHeader("ratelimit-reset", Integer.toString(retryAfterSeconds)).withHeader("retry-after", Integer.toString(retryAfterSeconds)));
    }

    @Override
    protected Reply respond(Received r) {
        if (r.header("authorization") == null) return error(401, "missing_api_key", "Missing API key in the authorization header.");
        if (!apiKey.equals(r.bearer())) return error(403, "invalid_api_key", "API key is invalid");
        if (!r.method().equals("POST") || !r.path().equals("/emails")) return error(404, "not_found", "The requested endpoint does not exist.");
        String key = r.header("idempotency-key");
        if (key != null && (key.isEmpty() || key.length() > 256))
            return error(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
        JsonNode body = r.json();
        if (body == null) return error(422, "validation_error", "Invalid JSON body.");
        for (String f : List.of("from", "to", "subject"))
            if (!body.hasNonNull(f) || body.get(f).isArray() && body.get(f).isEmpty())
                return error(422, "missing_required_field", "Missing `" + f + "` field.");
        if (!body.hasNonNull("html") && !body.hasNonNull("text")) return error(422, "validation_error", "Missing `html` or `text` field.");
        if (key != null) {
            if (inFlight.contains(key))
                return error(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress.");
            Sent first = byKey.get(key);
            if (first != null) {
                if (!first.body().equals(r.body()))
                    return error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
                return Reply.json(200, object().put("id", first.id()));
            }
        }
        String id = UUID.randomUUID().toString();
        if (key != null) byKey.put(key, new Sent(r.body(), id));
        emails.add(body);
        delivered(r);
        return Reply.json(200, object().put("id", id));
    }

    private static Reply error(int status, String name, String message) {
        ObjectNode e = object().put("statusCode", status).put("message", message).put("name", name);
        return Reply.json(status, e);
    }
}
