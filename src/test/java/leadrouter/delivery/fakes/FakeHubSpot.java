package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HubSpot CRM v3 contacts: bearer token check (401 INVALID_AUTHENTICATION), unique email (409
 * CONFLICT "Existing ID: N"), known owners only (400 VALIDATION_ERROR), at least one of
 * email/firstname/lastname, batch upsert by email answering {@code new}, and 429 on demand.
 */
public final class FakeHubSpot extends FakeServer {
    private final String token;
    private final Set<String> owners;
    private final AtomicLong ids = new AtomicLong(500);
    /** email (lower case) to contact id */
    private final Map<String, String> byEmail = new ConcurrentHashMap<>();
    /** contact id to its properties */
    public final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();

    public FakeHubSpot(String token, Set<String> owners) {
        this.token = token;
        this.owners = Set.copyOf(owners);
    }

    /** Adds a contact as if created earlier; returns its id. */
    public String existing(String email) {
        String id = Long.toString(ids.incrementAndGet());
        byEmail.put(email.toLowerCase(), id);
        ObjectNode p = object().put("email", email);
        contacts.put(id, p);
        return id;
    }

    /** The next request is throttled (429 RATE_LIMIT), with a Retry-After header when given. */
    public void throttleNext(String policy, Duration retryAfter) {
        ObjectNode b = object().put("status", "error").put("message", "You have reached your " + policy.toLowerCase() + " limit.")
                .put("errorType", "RATE_LIMIT").put("correlationId", UUID.randomUUID().toString()).put("policyName", policy)
                .put("requestId", UUID.randomUUID().toString());
        Reply r = Reply.json(429, b).withHeader("X-HubSpot-RateLimit-Daily", "250000").withHeader("X-HubSpot-RateLimit-Daily-Remaining", "0");
        enqueue(retryAfter == null ? r : r.withHeader("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    @Override
    protected Reply respond(Received r) {
        if (!token.equals(r.bearer())) return error(401, "INVALID_AUTHENTICATION",
                "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
        if (!r.method().equals("POST")) return error(405, "METHOD_NOT_ALLOWED", "Method not allowed");
        JsonNode body = r.json();
        if (body == null) return error(400, "VALIDATION_ERROR", "Invalid input JSON on line 1");
        return switch (r.path()) {
            case "/crm/v3/objects/contacts" -> create(r, body.path("properties"));
            case "/crm/v3/objects/contacts/batch/upsert" -> upsert(body);
            default -> error(404, "OBJECT_NOT_FOUND", "Resource not found");
        };
    }

    private Reply create(Received r, JsonNode props) {
        if (!props.isObject()) return error(400, "VALIDATION_ERROR", "properties are required");
        Reply invalid = validate(props);
        if (invalid != null) return invalid;
        String email = props.path("email").asText("").toLowerCase();
        if (!email.isEmpty() && byEmail.containsKey(email))
            return error(409, "CONFLICT", "Contact already exists. Existing ID: " + byEmail.get(email));
        String id = store(email, (ObjectNode) props);
        delivered(r);
        return Reply.json(201, contact(id));
    }

    private Reply upsert(JsonNode body) {
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode input : body.path("inputs")) {
            if (!"email".equals(input.path("idProperty").asText())) return error(400, "VALIDATION_ERROR", "idProperty must be email");
            Reply invalid = validate(input.path("properties"));
            if (invalid != null) return invalid;
            String email = input.path("id").asText().toLowerCase();
            String existing = byEmail.get(email);
            ObjectNode props = ((ObjectNode) input.path("properties")).deepCopy().put("email", email);
            String id = existing != null ? existing : store(email, props);
            if (existing != null) contacts.get(id).setAll(props);
            results.add(contact(id).put("new", existing == null));
        }
        ObjectNode out = object().put("status", "COMPLETE");
        out.set("results", results);
        return Reply.json(200, out);
    }

    private Reply validate(JsonNode props) {
        if (!props.has("email") && !props.has("firstname") && !props.has("lastname"))
            return error(400, "VALIDATION_ERROR", "At least one of email, firstname or lastname is required");
        if (props.has("hubspot_owner_id") && !owners.contains(props.get("hubspot_owner_id").asText()))
            return error(400, "VALIDATION_ERROR", "Property values were not valid: [{\"isValid\":false,\"message\":\""
                    + props.get("hubspot_owner_id").asText() + " is not a valid owner id\",\"error\":\"INVALID_OPTION\",\"name\":\"hubspot_owner_id\"}]");
        return null;
    }

    private String store(String email, ObjectNode props) {
        String id = Long.toString(ids.incrementAndGet());
        if (!email.isEmpty()) byEmail.put(email, id);
        contacts.put(id, props.deepCopy());
        return id;
    }

    private ObjectNode contact(String id) {
        ObjectNode c = object().put("id", id);
        ObjectNode props = contacts.get(id).deepCopy().put("hs_object_id", id).put("createdate", "2026-01-05T10:00:00.000Z");
        c.set("properties", props);
        c.put("createdAt", "2026-01-05T10:00:00.000Z").put("updatedAt", "2026-01-05T10:00:00.000Z").put("archived", false);
        return c;
    }

    private static Reply error(int status, String category, String message) {
        return Reply.json(status, object().put("status", "error").put("message", message)
                .put("correlationId", UUID.randomUUID().toString()).put("category", category));
    }
}
