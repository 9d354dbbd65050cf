package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dataverse Web API lead create: bearer check (401, empty body, WWW-Authenticate); 204 with
 * {@code OData-EntityId}, or 201 with the record for {@code Prefer: return=representation}; unknown
 * properties refused (400 0x0); duplicate detection only when the request sends
 * {@code MSCRM.SuppressDuplicateDetection: false} (500 0x80040333); service protection 429 with
 * Retry-After on demand.
 */
public final class FakeDynamics extends FakeServer {
    private static final Set<String> PROPERTIES = Set.of("subject", "firstname", "lastname", "fullname", "emailaddress1", "telephone1",
            "mobilephone", "companyname", "jobtitle", "address1_city", "address1_stateorprovince", "address1_postalcode", "description",
            "ownerid@odata.bind", "leadsourcecode");
    private final String token;
    /** email (lower case) to lead id */
    private final Map<String, String> byEmail = new ConcurrentHashMap<>();
    public final Map<String, ObjectNode> leads = new ConcurrentHashMap<>();

    public FakeDynamics(String token) {
        this.token = token;
    }

    public String existing(String email) {
        String id = UUID.randomUUID().toString();
        byEmail.put(email.toLowerCase(Locale.ROOT), id);
        leads.put(id, object().put("emailaddress1", email));
        return id;
    }

    public void throttleNext(Duration retryAfter) {
        ObjectNode e = object();
        e.putObject("error").put("code", "0x80072322").put("message", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
        enqueue(Reply.json(429, e).withHeader("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    @Override
    protected Reply respond(Received r) {
        if (!token.equals(r.bearer()))
            return Reply.empty(401).withHeader("WWW-Authenticate", "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize");
        if (!r.path().equals("/api/data/v9.2/leads"))
            return error(404, "0x8006088a", "Resource not found for the segment '" + r.path().substring(r.path().lastIndexOf('/') + 1) + "'.");
        JsonNode body = r.json();
        if (body == null || !body.isObject()) return error(400, "0x0", "The request body is not valid JSON.");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PROPERTIES.contains(f)) return error(400, "0x0", "Could not find a property named '" + f + "' on type 'Microsoft.Dynamics.CRM.lead'.");
        }
        String email = body.path("emailaddress1").asText("").toLowerCase(Locale.ROOT);
        if ("false".equalsIgnoreCase(r.header("mscrm.suppressduplicatedetection")) && !email.isEmpty() && byEmail.containsKey(email))
            return error(500, "0x80040333", "A record was not created or updated because a duplicate of the current record already exists.");
        String id = UUID.randomUUID().toString();
        if (!email.isEmpty()) byEmail.put(email, id);
        ObjectNode stored = ((ObjectNode) body).deepCopy();
        leads.put(id, stored);
        delivered(r);
        String entityUrl = baseUrl() + "/api/data/v9.2/leads(" + id + ")";
        if ("return=representation".equalsIgnoreCase(r.header("prefer"))) {
            ObjectNode rep = stored.deepCopy().put("@odata.context", baseUrl() + "/api/data/v9.2/$metadata#leads/$entity").put("leadid", id);
            return Reply.json(201, rep).withHeader("OData-Version", "4.0").withHeader("OData-EntityId", entityUrl);
        }
        return Reply.empty(204).withHeader("OData-Version", "4.0").withHeader("OData-EntityId", entityUrl);
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode e = object();
        e.putObject("error").put("code", code).put("message", message);
        return Reply.json(status, e).withHeader("OData-Version", "4.0");
    }
}
