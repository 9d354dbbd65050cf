package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Salesforce REST sObject Lead create: errors as JSON arrays; bearer check (401
 * INVALID_SESSION_ID); LastName and Company required; unknown fields refused (INVALID_FIELD); a
 * duplicate-rule mode (400 DUPLICATES_DETECTED with matchRecords[].record.Id); an API-limit mode
 * (403 REQUEST_LIMIT_EXCEEDED); and assignment rules: when {@code Sforce-Auto-Assign} is TRUE or
 * absent and a rule owner is set, that owner replaces OwnerId.
 */
public final class FakeSalesforce extends FakeServer {
    private static final Set<String> FIELDS = Set.of("FirstName", "LastName", "Company", "Email", "Phone", "MobilePhone", "LeadSource",
            "OwnerId", "Title", "Street", "City", "State", "PostalCode", "Country", "Description", "Website", "Status");
    private final String token;
    private final AtomicLong ids = new AtomicLong(1000);
    /** email (lower case) to lead id */
    private final Map<String, String> byEmail = new ConcurrentHashMap<>();
    /** lead id to stored fields (OwnerId as finally assigned) */
    public final Map<String, ObjectNode> leads = new ConcurrentHashMap<>();
    public volatile boolean duplicateRule;
    public volatile boolean apiLimitReached;
    public volatile String ruleOwner;

    public FakeSalesforce(String token) {
        this.token = token;
    }

    public String existing(String email) {
        String id = nextId();
        byEmail.put(email.toLowerCase(Locale.ROOT), id);
        leads.put(id, object().put("Email", email));
        return id;
    }

    private String nextId() {
        return "00Q5g" + String.format("%010d", ids.incrementAndGet()) + "AAA";
    }

    @Override
    protected Reply respond(Received r) {
        if (!token.equals(r.bearer())) return errors(401, error("INVALID_SESSION_ID", "Session expired or invalid"));
        if (apiLimitReached) return errors(403, error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
        if (!r.path().matches("/services/data/v\\d+\\.\\d/sobjects/Lead/?"))
            return errors(404, error("NOT_FOUND", "The requested resource does not exist"));
        if (!r.method().equals("POST")) return errors(405, error("METHOD_NOT_ALLOWED", "HTTP Method '" + r.method() + "' not allowed. Allowed are HEAD,GET,POST"));
        JsonNode body = r.json();
        if (body == null || !body.isObject()) return errors(400, error("JSON_PARSER_ERROR", "Unexpected character at [line:1, column:1]"));
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f) && !f.endsWith("__c"))
                return errors(400, error("INVALID_FIELD", "No such column '" + f + "' on sobject of type Lead"));
        }
        ArrayNode missing = JSON.createArrayNode();
        for (String f : List.of("LastName", "Company")) if (body.path(f).asText("").isBlank()) missing.add(f);
        if (!missing.isEmpty()) {
            ObjectNode e = error("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing.toString().replace("\"", "").replace(",", ", "));
            e.set("fields", missing);
            return errors(400, e);
        }
        if (body.has("OwnerId") && !body.get("OwnerId").asText().matches("(005|00G)[A-Za-z0-9]{12}([A-Za-z0-9]{3})?"))
            return errors(400, error("MALFORMED_ID", "Owner ID: id value of incorrect type: " + body.get("OwnerId").asText()));
        String email = body.path("Email").asText("").toLowerCase(Locale.ROOT);
        if (duplicateRule && !email.isEmpty() && byEmail.containsKey(email)) return duplicates(byEmail.get(email));
        ObjectNode stored = ((ObjectNode) body).deepCopy();
        String assign = r.header("sforce-auto-assign");
        if (ruleOwner != null && (assign == null || assign.equalsIgnoreCase("TRUE"))) stored.put("OwnerId", ruleOwner);
        String id = nextId();
        if (!email.isEmpty()) byEmail.put(email, id);
        leads.put(id, stored);
        delivered(r);
        ObjectNode ok = object().put("id", id);
        ok.putArray("errors");
        ok.put("success", true);
        return Reply.json(201, ok);
    }

    private static Reply duplicates(String matchId) {
        ObjectNode record = object();
        record.putObject("attributes").put("type", "Lead").put("url", "/services/data/v62.0/sobjects/Lead/" + matchId);
        record.put("Id", matchId);
        ObjectNode match = object();
        match.putArray("additionalInformation");
        match.putArray("fieldDiffs");
        match.put("matchConfidence", 100.0);
        match.set("record", record);
        ObjectNode result = object().put("entityType", "Lead");
        result.putArray("errors");
        result.put("matchEngine", "FuzzyMatchEngine");
        result.putArray("matchRecords").add(match);
        result.put("rule", "Standard_Lead_Match_Rule_v1_0").put("size", 1).put("success", true);
        ObjectNode dup = object().put("allowSave", false).put("duplicateRule", "Standard_Lead_Duplicate_Rule")
                .put("duplicateRuleEntityType", "Lead").put("errorMessage", "Use one of these records?");
        dup.putArray("matchResults").add(result);
        ObjectNode e = object();
        e.set("duplicateResult", dup);
        e.put("errorCode", "DUPLICATES_DETECTED").put("message", "Use one of these records?");
        return errors(400, e);
    }

    private static ObjectNode error(String code, String message) {
        return object().put("message", message).put("errorCode", code);
    }

    private static Reply errors(int status, ObjectNode... errors) {
        ArrayNode a = JSON.createArrayNode();
        for (ObjectNode e : errors) a.add(e);
        return Reply.json(status, a);
    }
}
