package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import leadrouter.delivery.fakes.FakeTwilio;
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

class TwilioTest {
    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private final FakeTwilio twilio = new FakeTwilio(SID, "auth-token-xyz");
    private final EndpointClient client = client(Map.of("TWILIO_TOKEN", "auth-token-xyz"));

    @AfterEach
    void stop() {
        twilio.close();
    }

    private TwilioEndpoint endpoint(String extra) {
        return spec("""
                type: twilio
                base_url: %s
                account_sid: %s
                auth_token: '${TWILIO_TOKEN}'
                to: '{{rep_phone | e164}}'
                body: 'New lead: {{first_name}} {{last_name}} ({{state}}) {{trace_url}}'
                %s""".formatted(twilio.baseUrl(), SID, extra));
    }

    private static Map<String, Object> rep(String phone) {
        return with(fields(), "rep_phone", phone);
    }

    @Test
    void sendsAFormEncodedMessageExactly() {
        AttemptResult result = client.send(endpoint("from: '+15017122661'"), ctx(rep("(415) 555-0199")));

        assertThat(result.outcome()).isInstanceOfSatisfying(Accepted.class, a -> assertThat(a.buyerLeadId()).matches("SM[0-9a-f]{32}"));
        assertThat(result.status()).isEqualTo(201);
        Received r = twilio.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.basicAuth()).containsExactly(SID, "auth-token-xyz");
        assertThat(r.body()).isEqualTo("To=%2B14155550199&From=%2B15017122661&Body=New+lead%3A+Jane+Doe+%28CA%29+https%3A%2F%2Fleadrouter.example%2Fleads%2Flead_123%2Ftrace");
        assertThat(twilio.messages.getFirst()).containsEntry("Body", "New lead: Jane Doe (CA) https://leadrouter.example/leads/lead_123/trace");
        assertThat(result.request().header("Authorization")).isEqualTo("***");
        assertThat(result.toString()).doesNotContain("auth-token-xyz");
    }

    @Test
    void aMessagingServiceInsteadOfFrom() {
        client.send(endpoint("messaging_service_sid: MG0123456789abcdef0123456789abcdef"), ctx(rep("+14155550199")));
        assertThat(twilio.last().form()).containsEntry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef").doesNotContainKey("From");
    }

    @Test
    void anInvalidNumberFails() {
        Outcome o = client.send(endpoint("from: '+15017122661'"), ctx(rep("555"))).outcome();
        assertThat(o).isEqualTo(new Failed("Twilio HTTP 400 code 21211: The 'To' number 555 is not a valid phone number."));
    }

    @Test
    void wrongCredentialsFail() {
        Outcome o = client(Map.of("TWILIO_TOKEN", "bad")).send(endpoint("from: '+15017122661'"), ctx(rep("+14155550199"))).outcome();
        assertThat(o).isEqualTo(new Failed("Twilio HTTP 401 code 20003: Authenticate (credentials refused)"));
    }

    @Test
    void throttlingAndServerErrorsRetry() {
        twilio.throttleNext();
        assertThat(client.send(endpoint("from: '+15017122661'"), ctx(rep("+14155550199"))).outcome())
                .isEqualTo(new Retry("Twilio HTTP 429 code 20429: Too Many Requests", null));
        twilio.enqueue(Reply.json(500, "{\"code\":20500,\"message\":\"Internal Server Error\",\"more_info\":\"https://www.twilio.com/docs/errors/20500\",\"status\":500}")
                .withHeader("Retry-After", "3"));
        assertThat(client.send(endpoint("from: '+15017122661'"), ctx(rep("+14155550199"))).outcome())
                .isEqualTo(new Retry("Twilio HTTP 500 code 20500: Internal Server Error", Duration.ofSeconds(3)));
    }
}
