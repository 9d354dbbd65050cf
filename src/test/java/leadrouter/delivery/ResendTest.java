package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeResend;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.fields;
import static leadrouter.delivery.Fixtures.spec;
import static leadrouter.delivery.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

class ResendTest {
    private final FakeResend resend = new FakeResend("re_123456789");
    private final EndpointClient client = client(Map.of("RESEND_KEY", "re_123456789"));

    @AfterEach
    void stop() {
        resend.close();
    }

    private ResendEndpoint endpoint(String to) {
        return spec("""
                type: resend
                base_url: %s
                api_key: '${RESEND_KEY}'
                from: 'LeadRouter <leads@leadrouter.example>'
                to: %s
                subject: 'New lead: {{first_name}} {{last_name}}'
                html: '<p>{{first_name}} {{last_name}} ({{state}})</p>'
                text: '{{first_name}} {{last_name}} ({{state}})'
                reply_to: '{{email}}'
                """.formatted(resend.baseUrl(), to));
    }

    @Test
    void sendsAnEmailExactlyWithTheIdempotencyKey() {
        AttemptResult result = client.send(endpoint("[sales@sunco.example]"), ctx());

        assertThat(result.outcome()).isInstanceOfSatisfying(Accepted.class, a -> assertThat(a.buyerLeadId()).hasSize(36));
        Received r = resend.last();
        assertThat(r.method() + " " + r.path()).isEqualTo("POST /emails");
        assertThat(r.header("authorization")).isEqualTo("Bearer re_123456789");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("idempotency-key")).isEqualTo("dlv_1");
        assertThat(r.body()).isEqualTo("{\"from\":\"LeadRouter <leads@leadrouter.example>\",\"to\":[\"sales@sunco.example\"],"
                + "\"subject\":\"New lead: Jane Doe\",\"html\":\"<p>Jane Doe (CA)</p>\",\"text\":\"Jane Doe (CA)\",\"reply_to\":\"jane.doe@example.com\"}");
        assertThat(result.request().header("Authorization")).isEqualTo("***");
    }

    @Test
    void leadValuesAreEscapedInHtmlOnly() {
        client.send(endpoint("sales@sunco.example"), ctx(with(fields(), "first_name", "<script>x</script>&")));
        var email = resend.last().json();
        assertThat(email.get("html").asText()).isEqualTo("<p>&lt;script&gt;x&lt;/script&gt;&amp; Doe (CA)</p>");
        assertThat(email.get("text").asText()).isEqualTo("<script>x</script>& Doe (CA)");
    }

    @Test
    void aRetriedAttemptIsSentOnce() {
        ResendEndpoint e = endpoint("[sales@sunco.example, '{{email}}']");
        Accepted first = (Accepted) client.send(e, ctx("dlv_9")).outcome();
        Accepted again = (Accepted) client.send(e, ctx("dlv_9")).outcome();
        assertThat(again.buyerLeadId()).isEqualTo(first.buyerLeadId());
        assertThat(resend.emails).hasSize(1);
        assertThat(resend.deliveries("dlv_9")).isEqualTo(1);
        assertThat(resend.received()).hasSize(2);
    }

    @Test
    void theSameKeyWithADifferentEmailFails() {
        client.send(endpoint("sales@sunco.example"), ctx("dlv_7"));
        Outcome o = client.send(endpoint("other@sunco.example"), ctx("dlv_7")).outcome();
        assertThat(o).isEqualTo(new Failed("Resend HTTP 409 invalid_idempotent_request: Same idempotency key used with a different request payload."));
    }

    @Test
    void aConcurrentRequestWithTheSameKeyRetries() {
        resend.inFlight("dlv_1");
        assertThat(client.send(endpoint("sales@sunco.example"), ctx()).outcome())
                .isEqualTo(new Retry("Resend HTTP 409 concurrent_idempotent_requests: Same idempotency key used while original request is still in progress.", null));
    }

    @Test
    void rateLimitAndServerErrorsRetry() {
        resend.throttleNext(1);
        assertThat(client.send(endpoint("sales@sunco.example"), ctx()).outcome())
                .isEqualTo(new Retry("Resend HTTP 429 rate_limit_exceeded: Too many requests. You can only make 2 requests per second.", Duration.ofSeconds(1)));
        resend.enqueue(Reply.json(500, "{\"statusCode\":500,\"message\":\"Internal server error\",\"name\":\"internal_server_error\"}"));
        assertThat(client.send(endpoint("sales@sunco.example"), ctx()).outcome())
                .isEqualTo(new Retry("Resend HTTP 500 internal_server_error: Internal server error", null));
    }

    @Test
    void keyAndValidationErrorsFail() {
        assertThat(client(Map.of("RESEND_KEY", "re_wrong")).send(endpoint("sales@sunco.example"), ctx()).outcome())
                .isEqualTo(new Failed("Resend HTTP 403 invalid_api_key: API key is invalid (credentials refused)"));
        assertThat(client.send(endpoint("'{{missing_email}}'"), ctx()).outcome())
                .isEqualTo(new Failed("Resend HTTP 422 missing_required_field: Missing `to` field."));
        String longKey = "k".repeat(257);
        assertThat(client.send(endpoint("sales@sunco.example"), ctx(longKey)).outcome())
                .isEqualTo(new Failed("Resend HTTP 400 invalid_idempotency_key: The key must be between 1-256 chars."));
    }
}
