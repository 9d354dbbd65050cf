package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static leadrouter.delivery.Fixtures.response;
import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** How a generic buyer's response is classified, by the endpoint's rules; nothing here may throw. */
class ResponseParsingTest {
    private static final String PLAIN = "";
    private static final String JSON_RULES = """
            success: {json_path: $.status, equals: [accepted, success]}
            reject: {json_path: $.status, equals: rejected, reason_path: $.reason}
            duplicate: {json_path: $.status, equals: duplicate, reason_path: $.reason}
            buyer_lead_id: {json_path: $.lead_id}
            price: {json_path: $.price}
            """;
    private static final String TEXT_RULES = """
            success: {status: [200, 201], body_contains: accepted}
            reject: {regex: '(?i)<status>rejected</status>', reason_regex: '</status>(.+)$'}
            duplicate: {body_contains: duplicate}
            buyer_lead_id: {regex: 'lead_id[=:]\\s*(\\w+)'}
            price: {regex: '<price>([0-9.]+)</price>'}
            """;
    private static final String XML_RULES = """
            success: {json_path: $.status, equals: Success}
            reject: {json_path: $.status, equals: [Rejected, Unmatched], reason_path: $.error}
            buyer_lead_id: {json_path: $.lead_id}
            price: {json_path: $.price}
            """;
    private static final String TRUTHY = """
            success: {json_path: $.accepted}
            reject: {status: 4xx, json_path: $.reason, reason_path: $.reason}
            buyer_lead_id: {json_path: '$.data[0].id'}
            """;
    private static final String DUP_ON_500 = """
            duplicate: {status: 500, body_contains: already exists}
            reject: {body_contains: error}
            """;

    static Stream<Arguments> cases() {
        String huge = "{\"status\":\"accepted\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}";
        return Stream.of(
                // status rules
                arguments("no rules, 200", PLAIN, response(200, "anything"), new Accepted(null, null)),
                arguments("no rules, 204 empty", PLAIN, response(204, ""), new Accepted(null, null)),
                arguments("no rules, 400", PLAIN, response(400, "Invalid phone"), new Rejected("HTTP 400: Invalid phone")),
                arguments("no rules, 422", PLAIN, response(422, "{\"error\":\"zip\"}"), new Rejected("HTTP 422: {\"error\":\"zip\"}")),
                arguments("no rules, 409", PLAIN, response(409, "Duplicate lead"), new Duplicate("HTTP 409: Duplicate lead", null)),
                arguments("no rules, 401", PLAIN, response(401, "bad key"), new Failed("HTTP 401 (credentials refused): bad key")),
                arguments("no rules, 404", PLAIN, response(404, "Not Found"), new Failed("HTTP 404 (endpoint not found or gone): Not Found")),
                arguments("no rules, 302", PLAIN, response(302, "", "Location", "https://login.example"), new Failed("HTTP 302 redirect to https://login.example")),
                arguments("no rules, 500", PLAIN, response(500, "boom"), new Retry("HTTP 500: boom", null)),
                arguments("no rules, 503 Retry-After seconds", PLAIN, response(503, "busy", "Retry-After", "120"), new Retry("HTTP 503: busy", Duration.ofSeconds(120))),
                arguments("no rules, 429 Retry-After date", PLAIN, response(429, "slow down", "Retry-After", "Mon, 05 Jan 2026 15:06:30 GMT"), new Retry("HTTP 429: slow down", Duration.ofSeconds(90))),
                arguments("no rules, 429 Retry-After in the past", PLAIN, response(429, "", "Retry-After", "Mon, 05 Jan 2026 15:00:00 GMT"), new Retry("HTTP 429: ", Duration.ZERO)),
                arguments("no rules, 429 Retry-After garbage", PLAIN, response(429, "", "Retry-After", "soon"), new Retry("HTTP 429: ", null)),
                arguments("no rules, 408", PLAIN, response(408, ""), new Retry("HTTP 408: ", null)),
                arguments("status list excludes 202", "success: {status: [200, 201]}", response(202, "queued"), new Failed("unexpected HTTP 202: queued")),
                arguments("status list includes 302", "success: {status: [200, 302]}", response(302, ""), new Accepted(null, null)),
                // JSON json_path + equals
                arguments("json accepted", JSON_RULES, response(200, "{\"status\":\"accepted\",\"lead_id\":\"B-77\",\"price\":12.5}"), new Accepted("B-77", 1250L)),
                arguments("json equals ignores case and space", JSON_RULES, response(200, "{\"status\":\" SUCCESS \",\"lead_id\":9}"), new Accepted("9", null)),
                arguments("json price as text with $", JSON_RULES, response(201, "{\"status\":\"accepted\",\"price\":\"$1,250.00\"}"), new Accepted(null, 125000L)),
                arguments("json unreadable price", JSON_RULES, response(200, "{\"status\":\"accepted\",\"price\":\"free\"}"), new Accepted(null, null)),
                arguments("json rejected with reason", JSON_RULES, response(200, "{\"status\":\"rejected\",\"reason\":\"No coverage\"}"), new Rejected("No coverage")),
                arguments("json rejected on 400", JSON_RULES, response(400, "{\"status\":\"rejected\",\"reason\":\"Invalid phone\"}"), new Rejected("Invalid phone")),
                arguments("json duplicate", JSON_RULES, response(200, "{\"status\":\"duplicate\",\"reason\":\"Duplicate lead\",\"lead_id\":\"B-1\"}"), new Duplicate("Duplicate lead", "B-1")),
                arguments("json 2xx but other status", JSON_RULES, response(200, "{\"status\":\"pending\"}"), new Rejected("{\"status\":\"pending\"} (no success match)")),
                arguments("json 2xx path missing", JSON_RULES, response(200, "{\"ok\":true}"), new Rejected("{\"ok\":true} (no success match)")),
                arguments("json 500 never a reject", JSON_RULES, response(500, "{\"status\":\"rejected\"}"), new Retry("HTTP 500: {\"status\":\"rejected\"}", null)),
                arguments("json rule on a wrong content type", JSON_RULES, response(200, "{\"status\":\"accepted\",\"lead_id\":\"7\"}", "Content-Type", "text/plain"), new Accepted("7", null)),
                // malformed answers where a json_path rule needs a structured body
                arguments("invalid JSON", JSON_RULES, response(200, "{\"status\":\"accepted\""), new Failed("unrecognised response (HTTP 200, invalid body): {\"status\":\"accepted\"")),
                arguments("HTML error page with 200", JSON_RULES, response(200, "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>", "Content-Type", "text/html"),
                        new Failed("unrecognised response (HTTP 200, html body): <!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>")),
                arguments("empty body with 200", JSON_RULES, response(200, ""), new Failed("unrecognised response (HTTP 200, empty body): ")),
                arguments("plain text with 200", JSON_RULES, response(200, "OK thanks"), new Failed("unrecognised response (HTTP 200, text body): OK thanks")),
                arguments("huge body is cut and unreadable", JSON_RULES, response(200, huge.substring(0, Call.MAX_READ)), new Failed("unrecognised response (HTTP 200, invalid body): "
                        + huge.substring(0, 200) + "...")),
                arguments("HTML 502 from a proxy", JSON_RULES, response(502, "<html><body>Bad Gateway</body></html>"), new Retry("HTTP 502: <html><body>Bad Gateway</body></html>", null)),
                // text rules: body_contains, regex
                arguments("text accepted", TEXT_RULES, response(200, "Accepted. lead_id=AB12"), new Accepted("AB12", null)),
                arguments("text body_contains ignores case", TEXT_RULES, response(201, "ACCEPTED lead_id: Z9"), new Accepted("Z9", null)),
                arguments("text rejected with reason", TEXT_RULES, response(200, "<status>rejected</status>Invalid phone"), new Rejected("Invalid phone")),
                arguments("text duplicate beats success", TEXT_RULES, response(200, "accepted? no: duplicate lead_id=Q1"), new Duplicate("accepted? no: duplicate lead_id=Q1", "Q1")),
                arguments("text not accepted", TEXT_RULES, response(200, "Cap reached"), new Rejected("Cap reached (no success match)")),
                arguments("text status 202 not listed", TEXT_RULES, response(202, "accepted"), new Failed("unexpected HTTP 202: accepted")),
                arguments("text HTML page with 200", TEXT_RULES, response(200, "<html><head><title>Login</title></head></html>"), new Failed("unrecognised response (HTTP 200, html body): <html><head><title>Login</title></head></html>")),
                arguments("text empty with 200", TEXT_RULES, response(200, "  "), new Failed("unrecognised response (HTTP 200, empty body): ")),
                arguments("text price by regex", TEXT_RULES, response(200, "<r>accepted</r><price>7.25</price>"), new Accepted(null, 725L)),
                // XML answers read with json_path (root element dropped)
                arguments("xml success", XML_RULES, response(200, "<?xml version=\"1.0\"?><response><status>Success</status><lead_id>991</lead_id><price>30.00</price></response>", "Content-Type", "text/xml"),
                        new Accepted("991", 3000L)),
                arguments("xml unmatched", XML_RULES, response(200, "<response><status>Unmatched</status><error>No buyers</error></response>"), new Rejected("No buyers")),
                arguments("xml malformed", XML_RULES, response(200, "<response><status>Success</status>"), new Failed("unrecognised response (HTTP 200, invalid body): <response><status>Success</status>")),
                // truthiness, status-qualified rules, index paths
                arguments("truthy true", TRUTHY, response(200, "{\"accepted\":true,\"data\":[{\"id\":\"x1\"}]}"), new Accepted("x1", null)),
                arguments("truthy false", TRUTHY, response(200, "{\"accepted\":false,\"reason\":\"filtered\"}"), new Rejected("filtered (no success match)")),
                arguments("reject rule with status", TRUTHY, response(422, "{\"reason\":\"Invalid zip\"}"), new Rejected("Invalid zip")),
                arguments("reject rule with status, other status", TRUTHY, response(200, "{\"accepted\":1,\"reason\":\"ignored\"}"), new Accepted(null, null)),
                arguments("duplicate rule naming 500", DUP_ON_500, response(500, "Record already exists"), new Duplicate("Record already exists", null)),
                arguments("reject rule not applied to 500", DUP_ON_500, response(500, "Internal error"), new Retry("HTTP 500: Internal error", null)),
                arguments("reject rule on 200", DUP_ON_500, response(200, "error: bad zip"), new Rejected("error: bad zip")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies(String name, String rules, Response response, Outcome expected) {
        HttpEndpoint e = spec("type: http\nurl: https://buyer.example/post\n" + rules);
        assertThat(HttpAdapter.classify(e.response(), response)).isEqualTo(expected);
    }

    @Test
    void aForcedFormatOverridesWhatTheBodyLooksLike() {
        HttpEndpoint text = spec("type: http\nurl: https://b.example\nresponse_format: text\nsuccess: {json_path: $.ok}");
        Response json = response(200, "{\"ok\":true}");
        assertThat(HttpAdapter.classify(text.response(), new Response(200, json.headers, json.text, text.response().format(), Fixtures.CLOCK)))
                .isEqualTo(new Failed("unrecognised response (HTTP 200, text body): {\"ok\":true}"));
        HttpEndpoint forcedJson = spec("type: http\nurl: https://b.example\nresponse_format: json\nsuccess: {json_path: $.ok}");
        Response xml = response(200, "<r><ok>true</ok></r>");
        assertThat(HttpAdapter.classify(forcedJson.response(), new Response(200, xml.headers, xml.text, forcedJson.response().format(), Fixtures.CLOCK)))
                .isInstanceOf(Failed.class);
        HttpEndpoint forcedXml = spec("type: http\nurl: https://b.example\nresponse_format: xml\nsuccess: {json_path: $.ok}");
        assertThat(HttpAdapter.classify(forcedXml.response(), new Response(200, xml.headers, xml.text, forcedXml.response().format(), Fixtures.CLOCK)))
                .isEqualTo(new Accepted(null, null));
    }
}
