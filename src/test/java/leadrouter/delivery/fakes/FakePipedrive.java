package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipedrive v1 persons and leads: token in {@code x-api-token} or {@code ?api_token=} (401
 * otherwise); a person needs a name; a lead needs a title and a person_id or organization_id of an
 * existing record (404 otherwise); lead ids are UUIDs; 429 with x-ratelimit-* headers, and the
 * Cloudflare 403 page, on demand. {@code GET /api/v1/persons/search} finds persons by exact email
 * or phone (as v1 answers it: {@code data.items[].item}), unless told to lag behind its writes.
 */
public final class FakePipedrive extends FakeServer {
    private final String token;
    private final AtomicLong personIds = new AtomicLong(0);
    public final Map<Long, ObjectNode> persons = new ConcurrentHashMap<>();
    public final Map<String, ObjectNode> leads = new ConcurrentHashMap<>();
    /** While true, search finds nothing, like Pipedrive's index in the seconds after a create. */
    public volatile boolean searchLags;
    /** The most matches one search page holds, whatever limit is asked (Pipedrive's is 500). */
    public volatile int searchPageMax = 500;
    /** What stamps a lead's add_time. */
    public volatile java.time.Clock clock = java.time.Clock.systemUTC();

    public FakePipedrive(String token) {
        this.token = token;
    }

    public void throttleNext(int resetSeconds) {
        enqueue(Reply.json(429, object().put("success", false).put("error", "Request over limit").put("errorCode", 429))
                .withHeader("x-ratelimit-limit", "80").withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Integer.toString(resetSeconds)));
    }

    public void cloudflareBlockNext() {
        enqueue(Reply.html(403, "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>"));
    }

    @Override
    protected Reply respond(Received r) {
        String given = r.header("x-api-token");
        if (given == null) given = r.queryParams().get("api_token");
        if (!token.equals(given))
            return Reply.json(401, object().put("success", false).put("error", "unauthorized access").put("errorCode", 401)
                    .put("error_info", "Please check developers.pipedrive.com for more information about Pipedrive API."));
        if (r.method().equals("GET") && r.path().equals("/api/v1/persons/search")) return search(r.queryParams());
        if (r.method().equals("GET") && r.path().equals("/api/v1/leads")) return leadsOf(r.queryParams());
        JsonNode body = r.json();
        if (body == null || !body.isObject()) return error(400, "Invalid JSON");
        return switch (r.method() + " " + r.path()) {
            case "POST /api/v1/persons" -> person((ObjectNode) body);
            case "POST /api/v1/leads" -> lead(r, (ObjectNode) body);
            default -> error(404, "Unknown method .");
        };
    }

    private Reply person(ObjectNode body) {
        if (body.path("name").asText("").isBlank()) return error(400, "Name must be given.");
        long id = personIds.incrementAndGet();
        ObjectNode p = body.deepCopy().put("id", id);
        persons.put(id, p);
        ObjectNode out = object().put("success", true);
        out.set("data", p);
        return Reply.json(201, out);
    }

    private Reply search(Map<String, String> q) {
        String term = q.getOrDefault("term", "");
        String field = q.getOrDefault("fields", "");
        if (term.length() < 2) return error(400, "Search term must be at least 2 characters long.");
        if (!field.equals("email") && !field.equals("phone")) return error(400, "Unsupported fields value.");
        if (!"true".equals(q.get("exact_match"))) return error(400, "This fake only answers exact_match=true.");
        int start = Integer.parseInt(q.getOrDefault("start", "0"));
        int limit = Math.min(searchPageMax, Integer.parseInt(q.getOrDefault("limit", "100")));
        List<ObjectNode> found = new ArrayList<>();
        if (!searchLags) {
            // Newest first, so that the oldest match is on the last page.
            persons.values().stream().sorted(Comparator.comparing(p -> -p.get("id").asLong())).forEach(p -> {
                List<String> values = values(p.get(field));
                if (values.stream().noneMatch(v -> field.equals("email") ? v.equalsIgnoreCase(term) : v.equals(term))) return;
                ObjectNode item = object().put("id", p.get("id").asLong()).put("type", "person").put("name", p.path("name").asText());
                item.set("emails", JSON.valueToTree(values(p.get("email"))));
                item.set("phones", JSON.valueToTree(values(p.get("phone"))));
                item.putNull("organization");
                found.add(object().put("result_score", 1.0).set("item", item));
            });
        }
        ArrayNode items = JSON.createArrayNode();
        found.stream().skip(start).limit(limit).forEach(items::add);
        boolean more = start + limit < found.size();
        ObjectNode out = object().put("success", true);
        out.putObject("data").set("items", items);
        ObjectNode pagination = out.putObject("additional_data").putObject("pagination").put("start", start).put("limit", limit)
                .put("more_items_in_collection", more);
        if (more) pagination.put("next_start", start + limit);
        return Reply.json(200, out);
    }

    /** An email or phone as stored: a string, or a list of strings or {value} objects. */
    private static List<String> values(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (v.isArray()) v.forEach(x -> out.addAll(values(x.isObject() ? x.get("value") : x)));
        else out.add(v.asText());
        return out;
    }

    private Reply lead(Received r, ObjectNode body) {
        if (body.path("title").asText("").isBlank()) return error(400, "Title must be given.");
        if (!body.has("person_id") && !body.has("organization_id")) return error(400, "A lead must be linked to a person or an organization.");
        if (body.has("person_id") && (!body.get("person_id").isIntegralNumber() || !persons.containsKey(body.get("person_id").asLong())))
            return error(404, "Person not found.");
        String id = UUID.randomUUID().toString();
        ObjectNode l = body.deepCopy().put("id", id)
                .put("add_time", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(clock.instant()));
        leads.put(id, l);
        delivered(r);
        ObjectNode out = object().put("success", true);
        out.set("data", l);
        return Reply.json(201, out);
    }

    /** {@code GET /api/v1/leads?person_id=}: the person's leads, newest first (the only sort this fake knows). */
    private Reply leadsOf(Map<String, String> q) {
        if (!"add_time DESC".equals(q.get("sort"))) return error(400, "This fake only sorts by add_time DESC.");
        String person = q.getOrDefault("person_id", "");
        ArrayNode data = JSON.createArrayNode();
        leads.values().stream().filter(l -> l.path("person_id").asText().equals(person))
                .sorted(Comparator.comparing((ObjectNode l) -> l.path("add_time").asText()).reversed()).forEach(data::add);
        ObjectNode out = object().put("success", true);
        out.set("data", data);
        out.putObject("additional_data").putObject("pagination").put("start", 0).put("limit", 100).put("more_items_in_collection", false);
        return Reply.json(200, out);
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, object().put("success", false).put("error", message)
                .put("error_info", "Please check developers.pipedrive.com for more information about Pipedrive API.")
                .putNull("data").putNull("additional_data"));
    }
}
