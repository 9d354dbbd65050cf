package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeBuyer;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static leadrouter.delivery.Fixtures.CLOCK;
import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** The generic HTTP endpoint against a fake ping/post buyer: exact requests, transport failures, redaction. */
class HttpEndpointTest {
    private static final Map<String, String> SECRETS = Map.of("SUNCO_TOKEN", "tok-123456", "BUYER_KEY", "k3y-98765", "BUYER_PASS", "p@ss w0rd");
    private final FakeBuyer buyer = new FakeBuyer(Reply.json(200, "{\"status\":\"accepted\",\"id\":\"B-1\"}"));

    @AfterEach
    void stop() {
        buyer.close();
    }

    @Test
    void jsonPostExactly() {
        HttpEndpoint e = spec("""
                type: http
                url: %s/leads
                headers: {X-Source: leadrouter}
                auth: {type: bearer, token: "${SUNCO_TOKEN}"}
                mapping: {FirstName: "{{first_name}}", Phone: "{{phone | digits}}", LeadId: "{{lead.id}}"}
                success: {status: 2xx, body_contains: accepted}
                duplicate: {body_contains: duplicate}
                buyer_lead_id: {json_path: $.id}
                timeout: 5s
                """.formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());

        assertThat(result.outcome()).isEqualTo(new Accepted("B-1", null));
        Received r = buyer.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/leads");
        assertThat(r.query()).isNull();
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("authorization")).isEqualTo("Bearer tok-123456");
        assertThat(r.header("x-source")).isEqualTo("leadrouter");
        assertThat(r.header("idempotency-key")).isEqualTo("dlv_1");
        assertThat(r.header("user-agent")).isEqualTo("LeadRouter");
        assertThat(r.body()).isEqualTo("{\"FirstName\":\"Jane\",\"Phone\":\"14155550123\",\"LeadId\":\"lead_123\"}");

        RecordedRequest rec = result.request();
        assertThat(rec.method()).isEqualTo("POST");
        assertThat(rec.url()).isEqualTo(buyer.baseUrl() + "/leads");
        assertThat(rec.header("Authorization")).isEqualTo("***");
        assertThat(rec.header("Idempotency-Key")).isEqualTo("dlv_1");
        assertThat(rec.body()).isEqualTo(r.body());
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.responseBody()).isEqualTo("{\"status\":\"accepted\",\"id\":\"B-1\"}");
        assertThat(result.sentAt()).isEqualTo(CLOCK.instant());
        assertThat(result.latency()).isPositive();
        assertThat(result.exchanges()).hasSize(1);
    }

    @Test
    void formPostWithBasicAuth() {
        HttpEndpoint e = spec("""
                type: http
                url: %s/post.php
                format: form
                auth: {type: basic, username: acme, password: "${BUYER_PASS}"}
                mapping: {leadNameFirst: "{{first_name}}", leadEmail: "{{email}}", lead_mode: 1}
                """.formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());

        Received r = buyer.last();
        assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.basicAuth()).containsExactly("acme", "p@ss w0rd");
        assertThat(r.header("authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString("acme:p@ss w0rd".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.body()).isEqualTo("leadNameFirst=Jane&leadEmail=jane.doe%40example.com&lead_mode=1");
        assertThat(result.request().header("Authorization")).isEqualTo("***");
    }

    @Test
    void xmlPutWithApiKeyHeader() {
        buyer.respondWith(Reply.xml(200, "<response><status>Success</status><lead_id>77</lead_id><price>12.00</price></response>"));
        HttpEndpoint e = spec("""
                type: http
                url: %s/api/leads
                method: PUT
                format: xml
                xml_root: Lead
                auth: {type: header, name: X-Api-Key, value: "${BUYER_KEY}"}
                mapping: {First: "{{first_name}}", State: "{{state}}"}
                success: {json_path: $.status, equals: success}
                buyer_lead_id: {json_path: $.lead_id}
                price: {regex: '<price>([0-9.]+)</price>'}
                """.formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());

        assertThat(result.outcome()).isEqualTo(new Accepted("77", 1200L));
        Received r = buyer.last();
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.header("content-type")).isEqualTo("application/xml");
        assertThat(r.header("x-api-key")).isEqualTo("k3y-98765");
        assertThat(r.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Lead><First>Jane</First><State>CA</State></Lead>");
        assertThat(result.request().header("X-Api-Key")).isEqualTo("***");
    }

    @Test
    void aConfiguredContentTypeReplacesTheDefault() {
        HttpEndpoint e = spec("type: http\nurl: %s/in\nformat: xml\nheaders: {content-type: text/xml; charset=utf-8}\nmapping: {a: b}".formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());
        assertThat(buyer.last().headers().get("content-type")).containsExactly("text/xml; charset=utf-8");
        assertThat(result.request().headers()).containsEntry("content-type", "text/xml; charset=utf-8").doesNotContainKey("Content-Type");
    }

    @Test
    void legacyGetWithQueryParameters() {
        buyer.respondWith(Reply.text(200, "Matched"));
        HttpEndpoint e = spec("""
                type: http
                url: %s/ping?Format=JSON
                method: GET
                auth: {type: query, name: Key, value: "${BUYER_KEY}"}
                query: {API_Action: pingPostLead}
                mapping: {Zip: "{{zip}}", Name: "{{first_name}} {{last_name}}"}
                success: {body_contains: matched}
                """.formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());

        assertThat(result.outcome()).isEqualTo(new Accepted(null, null));
        Received r = buyer.last();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.body()).isEmpty();
        assertThat(r.query()).isEqualTo("Format=JSON&API_Action=pingPostLead&Zip=94107&Name=Jane+Doe&Key=k3y-98765");
        assertThat(result.request().url()).isEqualTo(buyer.baseUrl() + "/ping?Format=JSON&API_Action=pingPostLead&Zip=94107&Name=Jane+Doe&Key=***");
    }

    @Test
    void idempotencyHeaderRenamedOrOff() {
        HttpEndpoint renamed = spec("type: http\nurl: %s/in\nidempotency_header: X-Request-Id".formatted(buyer.baseUrl()));
        client(SECRETS).send(renamed, ctx());
        assertThat(buyer.last().header("x-request-id")).isEqualTo("dlv_1");
        assertThat(buyer.last().header("idempotency-key")).isNull();

        HttpEndpoint off = spec("type: http\nurl: %s/in\nidempotency_header: false".formatted(buyer.baseUrl()));
        client(SECRETS).send(off, ctx());
        assertThat(buyer.last().headers()).doesNotContainKeys("idempotency-key", "x-request-id");
    }

    @Test
    void aSlowBuyerIsATimeoutToRetry() {
        buyer.respondWith(Reply.json(200, "{}").delayed(Duration.ofSeconds(5)));
        HttpEndpoint e = spec("type: http\nurl: %s/slow\ntimeout: 200ms".formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());

        assertThat(result.outcome()).isEqualTo(new Retry("timeout after 200 ms", null));
        assertThat(result.status()).isNull();
        assertThat(result.request().url()).isEqualTo(buyer.baseUrl() + "/slow");
    }

    @Test
    void nobodyListeningIsARetry() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpEndpoint e = spec("type: http\nurl: http://127.0.0.1:%d/in".formatted(port));
        AttemptResult result = client(SECRETS).send(e, ctx());
        assertThat(result.outcome()).isInstanceOfSatisfying(Retry.class, r -> assertThat(r.reason()).startsWith("cannot connect to 127.0.0.1:" + port));
        assertThat(result.status()).isNull();
    }

    @Test
    void aMissingSecretFailsWithoutSending() {
        HttpEndpoint e = spec("type: http\nurl: %s/in\nauth: {type: bearer, token: '${NOT_SET}'}".formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());
        assertThat(result.outcome()).isEqualTo(new Failed("secret NOT_SET is not set"));
        assertThat(result.exchanges()).isEmpty();
        assertThat(result.request()).isNull();
        assertThat(buyer.received()).isEmpty();
    }

    @Test
    void aUrlThatRendersBadlyFails() {
        HttpEndpoint e = spec("type: http\nurl: ${BUYER_URL}");
        AttemptResult result = client(Map.of("BUYER_URL", "ftp://buyer.example/in")).send(e, ctx());
        assertThat(result.outcome()).isEqualTo(new Failed("cannot build the request: URL must be http(s)://host/..."));
    }

    @Test
    void noSecretValueIsRecordedAnywhere() {
        buyer.respondWith(r -> Reply.json(400, "{\"status\":\"rejected\",\"reason\":\"key k3y-98765 is not allowed for " + r.header("authorization") + "\"}"));
        HttpEndpoint e = spec("""
                type: http
                url: "%s/in?partner=${BUYER_KEY}"
                headers: {X-Signature: "sig=${SUNCO_TOKEN}", X-Plain: visible}
                auth: {type: basic, username: acme, password: "${BUYER_PASS}"}
                query: {api_token: literal-token-value}
                mapping: {key: "${BUYER_KEY}", note: "pass is ${BUYER_PASS}", first: "{{first_name}}"}
                reject: {json_path: $.status, equals: rejected, reason_path: $.reason}
                """.formatted(buyer.baseUrl()));
        AttemptResult result = client(SECRETS).send(e, ctx());

        assertThat(buyer.last().queryParams()).containsEntry("partner", "k3y-98765");
        assertThat(buyer.last().json().get("key").asText()).isEqualTo("k3y-98765");
        String recorded = result.toString();
        assertThat(recorded).doesNotContain("k3y-98765", "tok-123456", "p@ss w0rd", "p%40ss+w0rd", "literal-token-value",
                Base64.getEncoder().encodeToString("acme:p@ss w0rd".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.request().url()).isEqualTo(buyer.baseUrl() + "/in?partner=***&api_token=***");
        assertThat(result.request().header("X-Signature")).isEqualTo("sig=***");
        assertThat(result.request().header("X-Plain")).isEqualTo("visible");
        assertThat(result.request().body()).isEqualTo("{\"key\":\"***\",\"note\":\"pass is ***\",\"first\":\"Jane\"}");
        assertThat(result.outcome()).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo("key *** is not allowed for ***"));
    }

    @Test
    void countsDeliveriesPerIdempotencyKey() {
        HttpEndpoint e = spec("type: http\nurl: %s/in".formatted(buyer.baseUrl()));
        EndpointClient c = client(SECRETS);
        c.send(e, ctx("key-a"));
        c.send(e, ctx("key-b"));
        c.send(e, ctx("key-b"));
        assertThat(buyer.deliveries("key-a")).isEqualTo(1);
        assertThat(buyer.deliveries("key-b")).isEqualTo(2);
        assertThat(buyer.deliveries("key-c")).isZero();
    }

    @Test
    void malformedAnswersOverTheWireNeverThrow() {
        HttpEndpoint rules = spec("type: http\nurl: %s/in\nsuccess: {json_path: $.status, equals: accepted}".formatted(buyer.baseUrl()));
        HttpEndpoint plain = spec("type: http\nurl: %s/in".formatted(buyer.baseUrl()));
        EndpointClient c = client(SECRETS);

        String huge = "{\"status\":\"accepted\",\"pad\":\"" + "x".repeat(5_000_000) + "\"}";
        buyer.respondWith(Reply.json(200, huge));
        AttemptResult big = c.send(rules, ctx());
        assertThat(big.outcome()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason()).startsWith("unrecognised response (HTTP 200, invalid body)"));
        assertThat(big.responseBody()).hasSize(Exchange.MAX_RECORDED_BODY);
        assertThat(c.send(plain, ctx()).outcome()).isEqualTo(new Accepted(null, null));

        buyer.respondWith(Reply.html(200, "{\"status\":\"accepted\"}"));
        assertThat(c.send(rules, ctx()).outcome()).as("JSON sent as text/html").isEqualTo(new Accepted(null, null));

        buyer.respondWith(Reply.html(200, "<html><body>Service temporarily unavailable</body></html>"));
        assertThat(c.send(rules, ctx()).outcome()).isInstanceOf(Failed.class);

        buyer.respondWith(Reply.empty(200));
        assertThat(c.send(rules, ctx()).outcome()).isEqualTo(new Failed("unrecognised response (HTTP 200, empty body): "));

        buyer.respondWith(new Reply(200, Map.of("Content-Type", "application/json; charset=bogus-charset"), "{\"status\":\"accepted\"}", null));
        assertThat(c.send(rules, ctx()).outcome()).isEqualTo(new Accepted(null, null));

        buyer.respondWith(Reply.empty(302).withHeader("Location", "https://elsewhere.example/"));
        assertThat(c.send(plain, ctx()).outcome()).isEqualTo(new Failed("HTTP 302 redirect to https://elsewhere.example/"));
    }

    @Test
    void readsTheDeclaredCharset() {
        buyer.respondWith(r -> new Reply(200, Map.of("Content-Type", "text/plain; charset=ISO-8859-1"), "accepted: Zoë", null));
        HttpEndpoint e = spec("type: http\nurl: %s/in\nsuccess: {body_contains: accepted}\nbuyer_lead_id: {regex: 'accepted: (.+)'}".formatted(buyer.baseUrl()));
        // The fake writes UTF-8 bytes; read as ISO-8859-1 they become two characters, as a real client would see them.
        assertThat(client(SECRETS).send(e, ctx()).outcome()).isEqualTo(new Accepted("ZoÃ«", null));
    }
}
