package leadrouter.delivery;

import leadrouter.delivery.HttpEndpoint.Auth;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.ResponseRules.Match;
import leadrouter.delivery.ResponseRules.Rule;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sends a generic {@link HttpEndpoint} request and reads the buyer's answer by the endpoint's rules. */
final class HttpAdapter {
    private HttpAdapter() {
    }

    static Outcome send(HttpEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        String url = e.url().render(r);
        List<Map.Entry<String, String>> query = new ArrayList<>(e.query() == null ? List.of() : e.query().pairs(r, false));
        String body = null;
        String contentType = null;
        if (e.method().equals("GET")) {
            query.addAll(e.mapping().pairs(r, e.omitEmpty()));
        } else {
            switch (e.format()) {
                case JSON -> {
                    body = Vendor.write(e.mapping().json(r, e.omitEmpty()));
                    contentType = "application/json";
                }
                case FORM -> {
                    body = Mapping.formEncode(e.mapping().pairs(r, e.omitEmpty()));
                    contentType = "application/x-www-form-urlencoded";
                }
                case XML -> {
                    body = e.mapping().xml(r, e.xmlRoot(), e.omitEmpty());
                    contentType = "application/xml";
                }
            }
        }
        Map<String, String> headers = Vendor.headers(r, contentType);
        headers.remove(HttpEndpoint.IDEMPOTENCY_HEADER);
        e.headers().forEach((k, v) -> put(headers, k, v.render(r)));
        switch (e.auth()) {
            case Auth.None n -> {
            }
            case Auth.Basic b -> put(headers, "Authorization", Vendor.basic(b.username().render(r), b.password().render(r)));
            case Auth.Bearer b -> put(headers, "Authorization", "Bearer " + b.token().render(r));
            case Auth.Header h -> {
                put(headers, h.name(), h.value().render(r));
                call.secretHeader(h.name());
            }
            case Auth.Query q -> {
                query.add(new SimpleEntry<>(q.name(), q.value().render(r)));
                call.secretQuery(q.name());
            }
        }
        if (e.idempotencyHeader() != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(e.idempotencyHeader())))
            headers.put(e.idempotencyHeader(), r.ctx().idempotencyKey());
        Response resp = call.send(e.method(), Call.withQuery(url, query), headers, body, e.response().format());
        return classify(e.response(), resp);
    }

    /** Sets a header, replacing one of the same name in any letter case (a configured Content-Type wins). */
    private static void put(Map<String, String> headers, String name, String value) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        headers.put(name, value);
    }

    /**
     * Reads a buyer's response:
     * <ol>
     *   <li>a matching duplicate rule, then a matching reject rule, decide first; for 408, 429 and 5xx
     *       only when the rule names that status, so an error page never reads as a reject;</li>
     *   <li>a success status with no success body rule, or with one that matches: accepted;</li>
     *   <li>a success status whose body is not in the buyer's format (an HTML page, an empty body, or
     *       a body that is malformed or not JSON/XML where a json_path rule needs it): failed, for a person to
     *       check, because the buyer may or may not have taken the lead (retrying could post twice,
     *       re-routing could sell it twice);</li>
     *   <li>a success status whose body does not match the success rule: rejected;</li>
     *   <li>otherwise by status: 408/429/5xx retry, 409 duplicate, 401/403/404/405/410 and 3xx failed,
     *       other 4xx rejected.</li>
     * </ol>
     */
    static Outcome classify(ResponseRules rules, Response resp) {
        boolean transientStatus = Vendor.transientStatus(resp.status);
        Rule dup = rules.duplicate();
        if (dup != null && (dup.status() != null || !transientStatus) && dup.test(resp) == Match.YES)
            return new Duplicate(reason(dup, resp), extract(rules.buyerLeadId(), resp));
        Rule rej = rules.reject();
        if (rej != null && (rej.status() != null || !transientStatus) && rej.test(resp) == Match.YES)
            return new Rejected(reason(rej, resp));
        if (rules.successStatus().matches(resp.status)) {
            Rule ok = rules.success();
            Match m = ok == null ? Match.YES : ok.test(resp);
            if (m == Match.YES)
                return new Accepted(extract(rules.buyerLeadId(), resp), ResponseRules.cents(extract(rules.price(), resp)));
            Response.Kind kind = resp.kind();
            if (m == Match.UNPARSEABLE || kind == Response.Kind.HTML || kind == Response.Kind.EMPTY || kind == Response.Kind.INVALID)
                return new Failed("unrecognised response (HTTP " + resp.status + ", " + kind.name().toLowerCase() + " body): " + resp.snippet());
            return new Rejected(reason(rej, resp) + " (no success match)");
        }
        int s = resp.status;
        if (transientStatus) return new Retry("HTTP " + s + ": " + resp.snippet(), resp.retryAfter());
        if (s == 409) return new Duplicate("HTTP 409: " + reason(rej, resp), extract(rules.buyerLeadId(), resp));
        if (s == 401 || s == 403) return new Failed("HTTP " + s + " (credentials refused): " + resp.snippet());
        if (s == 404 || s == 405 || s == 410) return new Failed("HTTP " + s + " (endpoint not found or gone): " + resp.snippet());
        if (s >= 400 && s < 500) return new Rejected("HTTP " + s + ": " + reason(rej, resp));
        if (s >= 300 && s < 400) return new Failed("HTTP " + s + " redirect to " + resp.header("location"));
        return new Failed("unexpected HTTP " + s + ": " + resp.snippet());
    }

    private static String reason(Rule rule, Response resp) {
        String r = rule == null || rule.reason() == null ? null : rule.reason().extract(resp);
        return r != null ? r : resp.snippet().isEmpty() ? "empty response" : resp.snippet();
    }

    private static String extract(ResponseRules.Extractor x, Response resp) {
        return x == null ? null : x.extract(resp);
    }
}
