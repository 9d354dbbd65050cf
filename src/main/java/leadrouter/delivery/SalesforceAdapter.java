package leadrouter.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce sObject REST API. Errors are JSON arrays of {message, errorCode}. 400
 * DUPLICATES_DETECTED (duplicate rule, matched record ids inside duplicateResult) and DUPLICATE_VALUE
 * (unique field) are duplicates; 400 codes that mean our request is wrong (unknown field, bad owner
 * id) are failures; other 400s reject the lead. 403 REQUEST_LIMIT_EXCEEDED is the API limit: retry.
 */
final class SalesforceAdapter {
    private static final Set<String> CONFIG_ERRORS = Set.of("INVALID_FIELD", "INVALID_FIELD_FOR_INSERT_UPDATE", "MALFORMED_ID",
            "INVALID_CROSS_REFERENCE_KEY", "INVALID_TYPE", "JSON_PARSER_ERROR", "NOT_FOUND", "API_DISABLED_FOR_ORG",
            "INSUFFICIENT_ACCESS_OR_READONLY", "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY");
    private static final Pattern RECORD_ID = Pattern.compile("id: ?([a-zA-Z0-9]{18}|[a-zA-Z0-9]{15})\\b");

    private SalesforceAdapter() {
    }

    static Outcome send(SalesforceEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        ObjectNode body = e.mapping().json(r, true);
        String owner = e.owner() == null ? "" : e.owner().render(r).strip();
        if (!owner.isEmpty()) body.put("OwnerId", owner);
        Map<String, String> headers = Vendor.headers(r, "application/json");
        headers.put("Accept", "application/json");
        headers.put("Authorization", "Bearer " + e.token().render(r));
        if (e.autoAssign() != null) headers.put("Sforce-Auto-Assign", e.autoAssign());
        else if (!owner.isEmpty()) headers.put("Sforce-Auto-Assign", "FALSE");
        String url = Vendor.url(e.baseUrl(), r, "/services/data/" + e.apiVersion() + "/sobjects/Lead/");
        return classify(call.send("POST", url, headers, Vendor.write(body), Response.Format.JSON));
    }

    static Outcome classify(Response resp) {
        if (resp.status == 201 || resp.status == 200) {
            String id = resp.jsonText("$.id");
            if (id != null && !"false".equals(resp.jsonText("$.success"))) return new Accepted(id, null);
            return new Failed("Salesforce answered " + resp.status + " without an id: " + resp.snippet());
        }
        String code = resp.jsonText("$[0].errorCode");
        String message = resp.jsonText("$[0].message");
        String detail = code == null ? resp.snippet() : code + ": " + (message == null ? "" : message);
        if (resp.status == 400 && code != null) {
            if (code.equals("DUPLICATES_DETECTED"))
                return new Duplicate(detail, resp.jsonText("$[0].duplicateResult.matchResults[0].matchRecords[0].record.Id"));
            if (code.equals("DUPLICATE_VALUE")) {
                Matcher m = RECORD_ID.matcher(message == null ? "" : message);
                return new Duplicate(detail, m.find() ? m.group(1) : null);
            }
            if (CONFIG_ERRORS.contains(code)) return new Failed("Salesforce refused the request: " + detail);
            return new Rejected(detail);
        }
        if (resp.status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(code))
            return new Retry("Salesforce API limit: " + detail, resp.retryAfter());
        return Vendor.fallback("Salesforce", resp, detail);
    }
}
