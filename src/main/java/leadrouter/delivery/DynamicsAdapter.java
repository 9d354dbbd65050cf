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
 * Dataverse Web API. 204 with the new record's URL in {@code OData-EntityId} (or 201 with the record
 * when the server returns a representation). 500 with error code 0x80040333 is the duplicate
 * detection verdict, not a server fault. 429 retries after Retry-After. A 400 naming an unknown
 * property is a mapping mistake (failed); other 400s reject the lead.
 */
final class DynamicsAdapter {
    static final String DUPLICATE_CODE = "0x80040333";
    private static final Pattern ENTITY_ID = Pattern.compile("\\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\)\\s*$");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DynamicsAdapter() {
    }

    static Outcome send(DynamicsEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        ObjectNode body = e.mapping().json(r, true);
        String owner = e.owner() == null ? "" : e.owner().render(r).strip();
        if (!owner.isEmpty()) body.put("ownerid@odata.bind", GUID.matcher(owner).matches() ? "/systemusers(" + owner + ")" : owner);
        Map<String, String> headers = Vendor.headers(r, "application/json; charset=utf-8");
        headers.put("Accept", "application/json");
        headers.put("OData-MaxVersion", "4.0");
        headers.put("OData-Version", "4.0");
        headers.put("Authorization", "Bearer " + e.token().render(r));
        if (e.detectDuplicates()) headers.put("MSCRM.SuppressDuplicateDetection", "false");
        String url = Vendor.url(e.baseUrl(), r, "/api/data/" + e.apiVersion() + "/" + e.entitySet());
        return classify(call.send("POST", url, headers, Vendor.write(body), Response.Format.JSON), e.entitySet());
    }

    static Outcome classify(Response resp, String entitySet) {
        String code = resp.jsonText("$.error.code");
        String message = resp.jsonText("$.error.message");
        String detail = code == null ? resp.snippet() : code + ": " + (message == null ? "" : message);
        if (resp.status == 204 || resp.status == 201 || resp.status == 200) {
            String id = idFrom(resp.header("OData-EntityId"));
            if (id == null && entitySet.endsWith("s")) id = resp.jsonText("$." + entitySet.substring(0, entitySet.length() - 1) + "id");
            return new Accepted(id, null);
        }
        if (DUPLICATE_CODE.equalsIgnoreCase(code)) return new Duplicate(detail, null);
        if (resp.status == 429) return new Retry("Dataverse service protection limit: " + detail, resp.retryAfter());
        if (resp.status == 400) {
            if (message != null && (message.contains("Could not find a property") || message.contains("odata.bind")))
                return new Failed("Dataverse refused the mapping: " + detail);
            return new Rejected(detail);
        }
        if (resp.status == 401 && detail.isEmpty()) detail = "unauthorized " + String.valueOf(resp.header("WWW-Authenticate"));
        return Vendor.fallback("Dataverse", resp, detail);
    }

    static String idFrom(String entityUrl) {
        if (entityUrl == null) return null;
        Matcher m = ENTITY_ID.matcher(entityUrl);
        return m.find() ? m.group(1) : null;
    }
}
