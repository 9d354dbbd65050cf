package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakePipedrive;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

class PipedriveTest {
    private static final String TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private final FakePipedrive pd = new FakePipedrive(TOKEN);
    private final EndpointClient client = client(Map.of("PD_TOKEN", TOKEN));

    @AfterEach
    void stop() {
        pd.close();
    }

    private PipedriveEndpoint endpoint(String extra) {
        return spec("type: pipedrive\nbase_url: %s\ntoken: '${PD_TOKEN}'\n%s".formatted(pd.baseUrl(), extra));
    }

    @Test
    void createsAPersonThenALeadInOneAttempt() {
        AttemptResult result = client.send(endpoint("owner: '123'"), ctx());

        String leadId = ((Accepted) result.outcome()).buyerLeadId();
        assertThat(leadId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(pd.leads).containsOnlyKeys(leadId);
        List<Received> reqs = pd.received();
        assertThat(reqs).hasSize(2);
        Received person = reqs.get(0), lead = reqs.get(1);
        assertThat(person.method() + " " + person.path()).isEqualTo("POST /api/v1/persons");
        assertThat(person.header("x-api-token")).isEqualTo(TOKEN);
        assertThat(person.header("content-type")).isEqualTo("application/json");
        assertThat(person.body()).isEqualTo("{\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"phone\":\"+14155550123\",\"owner_id\":123}");
        assertThat(lead.method() + " " + lead.path()).isEqualTo("POST /api/v1/leads");
        assertThat(lead.header("x-api-token")).isEqualTo(TOKEN);
        assertThat(lead.body()).isEqualTo("{\"title\":\"Jane Doe - solar\",\"person_id\":1,\"owner_id\":123}");
        assertThat(result.exchanges()).hasSize(2).allSatisfy(x -> assertThat(x.request().header("x-api-token")).isEqualTo("***"));
        assertThat(result.exchanges().get(0).status()).isEqualTo(201);
        assertThat(pd.deliveries("dlv_1")).isEqualTo(1);
    }

    @Test
    void tokenInTheQueryIsRedacted() {
        AttemptResult result = client.send(endpoint("token_in: query"), ctx());
        assertThat(result.outcome()).isInstanceOf(Accepted.class);
        assertThat(pd.last().query()).isEqualTo("api_token=" + TOKEN);
        assertThat(pd.last().header("x-api-token")).isNull();
        assertThat(result.request().url()).isEqualTo(pd.baseUrl() + "/api/v1/leads?api_token=***");
        assertThat(result.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aPersonWithoutANameRejectsTheLead() {
        AttemptResult result = client.send(endpoint("mapping: {name: '{{full_name}}', email: '{{email}}'}"), ctx());
        assertThat(result.outcome()).isEqualTo(new Rejected("Name must be given. (Please check developers.pipedrive.com for more information about Pipedrive API.)"));
        assertThat(result.exchanges()).hasSize(1);
    }

    @Test
    void wrongTokenFails() {
        Outcome o = client(Map.of("PD_TOKEN", "wrong")).send(endpoint(""), ctx()).outcome();
        assertThat(o).isEqualTo(new Failed("Pipedrive HTTP 401: unauthorized access (Please check developers.pipedrive.com for more information about Pipedrive API.) (credentials refused)"));
    }

    @Test
    void rateLimitRetriesAfterTheWindowReset() {
        pd.throttleNext(2);
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("Pipedrive rate limit: Request over limit", Duration.ofSeconds(2)));
        assertThat(pd.persons).isEmpty();
    }

    @Test
    void aFailureAfterThePersonWasCreatedRetriesTheAttempt() {
        pd.enqueue(Reply.pass(), Reply.json(503, "{\"success\":false,\"error\":\"Service unavailable\"}"));
        AttemptResult result = client.send(endpoint(""), ctx());
        assertThat(result.outcome()).isEqualTo(new Retry("Pipedrive HTTP 503: Service unavailable", null));
        assertThat(result.exchanges()).extracting(Exchange::status).containsExactly(201, 503);
        assertThat(pd.persons).hasSize(1);
        assertThat(pd.leads).isEmpty();
    }

    @Test
    void theCloudflareBlockPageIsThrottling() {
        pd.cloudflareBlockNext();
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("Pipedrive throttled (403 page)", null));
    }

    @Test
    void aSuccessWithoutDataFails() {
        pd.enqueue(Reply.json(201, "{\"success\":true,\"data\":null}"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Failed("Pipedrive created no person: {\"success\":true,\"data\":null}"));
    }
}
