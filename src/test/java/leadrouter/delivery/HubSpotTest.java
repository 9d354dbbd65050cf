package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeHubSpot;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.fields;
import static leadrouter.delivery.Fixtures.spec;
import static leadrouter.delivery.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

class HubSpotTest {
    private static final Map<String, String> SECRETS = Map.of("HS_TOKEN", "pat-na1-0123456789");
    private final FakeHubSpot hubspot = new FakeHubSpot("pat-na1-0123456789", Set.of("41629779"));
    private final EndpointClient client = client(SECRETS);

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private HubSpotEndpoint endpoint(String extra) {
        return spec("type: hubspot\nbase_url: %s\ntoken: '${HS_TOKEN}'\n%s".formatted(hubspot.baseUrl(), extra));
    }

    @Test
    void createsAContactExactly() {
        AttemptResult result = client.send(endpoint("owner: '41629779'"), ctx());

        assertThat(result.outcome()).isEqualTo(new Accepted("501", null));
        Received r = hubspot.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/crm/v3/objects/contacts");
        assertThat(r.header("authorization")).isEqualTo("Bearer pat-na1-0123456789");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("idempotency-key")).isEqualTo("dlv_1");
        assertThat(r.body()).isEqualTo("{\"properties\":{\"email\":\"jane.doe@example.com\",\"firstname\":\"Jane\",\"lastname\":\"Doe\","
                + "\"phone\":\"+14155550123\",\"hubspot_owner_id\":\"41629779\"}}");
        assertThat(hubspot.contacts.get("501").get("hubspot_owner_id").asText()).isEqualTo("41629779");
        assertThat(result.request().header("Authorization")).isEqualTo("***");
        assertThat(hubspot.deliveries("dlv_1")).isEqualTo(1);
    }

    @Test
    void customMappingLeavesOutEmptyValues() {
        client.send(endpoint("mapping: {email: '{{email}}', company: '{{company | upper}}', lifecyclestage: lead, jobtitle: '{{title}}'}"), ctx());
        assertThat(hubspot.last().body()).isEqualTo("{\"properties\":{\"email\":\"jane.doe@example.com\",\"company\":\"ACME\",\"lifecyclestage\":\"lead\"}}");
    }

    @Test
    void existingEmailIsADuplicateWithTheExistingId() {
        String existing = hubspot.existing("Jane.Doe@example.com");
        AttemptResult result = client.send(endpoint(""), ctx());
        assertThat(result.outcome()).isEqualTo(new Duplicate("CONFLICT: Contact already exists. Existing ID: " + existing, existing));
        assertThat(result.status()).isEqualTo(409);
        assertThat(hubspot.deliveries("dlv_1")).isZero();
    }

    @Test
    void validationErrorsRejectTheLeadButAnUnknownOwnerFails() {
        Outcome noName = client.send(endpoint(""), ctx(with(fields(), "email", null, "first_name", null, "last_name", null))).outcome();
        assertThat(noName).isEqualTo(new Rejected("VALIDATION_ERROR: At least one of email, firstname or lastname is required"));

        Outcome badOwner = client.send(endpoint("owner: '999'"), ctx()).outcome();
        assertThat(badOwner).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .startsWith("HubSpot refused the owner: VALIDATION_ERROR: Property values were not valid").contains("hubspot_owner_id"));
    }

    @Test
    void wrongTokenFails() {
        Outcome o = client(Map.of("HS_TOKEN", "expired")).send(endpoint(""), ctx()).outcome();
        assertThat(o).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .startsWith("HubSpot HTTP 401: INVALID_AUTHENTICATION: Authentication credentials not found").endsWith("(credentials refused)"));
    }

    @Test
    void rateLimitsRetryHonouringRetryAfterWhenSent() {
        hubspot.throttleNext("TEN_SECONDLY_ROLLING", Duration.ofSeconds(10));
        assertThat(client.send(endpoint(""), ctx()).outcome())
                .isEqualTo(new Retry("HubSpot rate limit TEN_SECONDLY_ROLLING: You have reached your ten_secondly_rolling limit.", Duration.ofSeconds(10)));
        hubspot.throttleNext("DAILY", null);
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("HubSpot rate limit DAILY: You have reached your daily limit.", null));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isInstanceOf(Accepted.class);
    }

    @Test
    void serverErrorsRetry() {
        hubspot.enqueue(Reply.json(502, "{\"status\":\"error\",\"message\":\"Bad Gateway\",\"category\":\"BAD_GATEWAY\"}"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("HubSpot HTTP 502: BAD_GATEWAY: Bad Gateway", null));
        hubspot.enqueue(Reply.html(503, "<html>Service Unavailable</html>"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("HubSpot HTTP 503: <html>Service Unavailable</html>", null));
    }

    @Test
    void aSuccessWithoutAnIdFails() {
        hubspot.enqueue(Reply.json(201, "{}"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Failed("HubSpot answered 201 without an id: {}"));
    }

    @Test
    void theFakeUpsertsByEmail() throws Exception {
        String existing = hubspot.existing("jane.doe@example.com");
        String body = "{\"inputs\":[{\"idProperty\":\"email\",\"id\":\"jane.doe@example.com\",\"properties\":{\"firstname\":\"Jane\"}},"
                + "{\"idProperty\":\"email\",\"id\":\"new@example.com\",\"properties\":{\"firstname\":\"Nu\"}}]}";
        HttpResponse<String> resp = Fixtures.HTTP.send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/crm/v3/objects/contacts/batch/upsert"))
                .header("Authorization", "Bearer pat-na1-0123456789").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        var results = Vendor.JSON.readTree(resp.body()).get("results");
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(results.get(0).get("id").asText()).isEqualTo(existing);
        assertThat(results.get(0).get("new").asBoolean()).isFalse();
        assertThat(results.get(1).get("new").asBoolean()).isTrue();
    }
}
