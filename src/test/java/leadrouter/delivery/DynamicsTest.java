package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeDynamics;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.response;
import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

class DynamicsTest {
    private static final String OWNER = "00000000-0000-0000-0000-000000000001";
    private final FakeDynamics d = new FakeDynamics("eyJ0eXAi.entra.token");
    private final EndpointClient client = client(Map.of("D365_TOKEN", "eyJ0eXAi.entra.token"));

    @AfterEach
    void stop() {
        d.close();
    }

    private DynamicsEndpoint endpoint(String extra) {
        return spec("type: dynamics\nbase_url: %s\ntoken: '${D365_TOKEN}'\n%s".formatted(d.baseUrl(), extra));
    }

    @Test
    void createsALeadExactlyAndReadsTheIdFromODataEntityId() {
        AttemptResult result = client.send(endpoint("owner: " + OWNER), ctx());

        assertThat(result.status()).isEqualTo(204);
        String id = ((Accepted) result.outcome()).buyerLeadId();
        assertThat(d.leads).containsOnlyKeys(id);
        Received r = d.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/data/v9.2/leads");
        assertThat(r.header("authorization")).isEqualTo("Bearer eyJ0eXAi.entra.token");
        assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.header("accept")).isEqualTo("application/json");
        assertThat(r.header("odata-maxversion")).isEqualTo("4.0");
        assertThat(r.header("odata-version")).isEqualTo("4.0");
        assertThat(r.header("mscrm.suppressduplicatedetection")).isEqualTo("false");
        assertThat(r.body()).isEqualTo("{\"subject\":\"solar lead lead_123\",\"firstname\":\"Jane\",\"lastname\":\"Doe\",\"emailaddress1\":\"jane.doe@example.com\","
                + "\"telephone1\":\"+14155550123\",\"companyname\":\"Acme\",\"ownerid@odata.bind\":\"/systemusers(" + OWNER + ")\"}");
        assertThat(result.request().header("Authorization")).isEqualTo("***");
    }

    @Test
    void aTeamOwnerIsBoundAsGiven() {
        client.send(endpoint("owner: '/teams(" + OWNER + ")'"), ctx());
        assertThat(d.last().json().get("ownerid@odata.bind").asText()).isEqualTo("/teams(" + OWNER + ")");
    }

    @Test
    void duplicateDetectionAnswers500ThatIsADuplicateNotARetry() {
        d.existing("jane.doe@example.com");
        AttemptResult result = client.send(endpoint(""), ctx());
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.outcome()).isEqualTo(new Duplicate(
                "0x80040333: A record was not created or updated because a duplicate of the current record already exists.", null));

        Outcome undetected = client.send(endpoint("duplicate_detection: false"), ctx()).outcome();
        assertThat(d.last().header("mscrm.suppressduplicatedetection")).isNull();
        assertThat(undetected).isInstanceOf(Accepted.class);
    }

    @Test
    void throttlingRetriesAfterTheServersWait() {
        d.throttleNext(Duration.ofSeconds(37));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry(
                "Dataverse service protection limit: 0x80072322: Number of requests exceeded the limit of 6000 over time window of 300 seconds.", Duration.ofSeconds(37)));
    }

    @Test
    void authenticationFailureHasNoBody() {
        Outcome o = client(Map.of("D365_TOKEN", "nope")).send(endpoint(""), ctx()).outcome();
        assertThat(o).isEqualTo(new Failed("Dataverse HTTP 401: unauthorized Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize (credentials refused)"));
    }

    @Test
    void anUnknownPropertyIsAMappingMistake() {
        Outcome o = client.send(endpoint("mapping: {lastname: '{{last_name}}', colour: red}"), ctx()).outcome();
        assertThat(o).isEqualTo(new Failed("Dataverse refused the mapping: 0x0: Could not find a property named 'colour' on type 'Microsoft.Dynamics.CRM.lead'."));
    }

    @Test
    void aWrongEntitySetIsNotFound() {
        Outcome o = client.send(endpoint("entity_set: contacts"), ctx()).outcome();
        assertThat(o).isEqualTo(new Failed("Dataverse HTTP 404: 0x8006088a: Resource not found for the segment 'contacts'."));
    }

    @Test
    void otherAnswers() {
        String guid = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";
        assertThat(DynamicsAdapter.classify(response(201, "{\"leadid\":\"" + guid + "\",\"firstname\":\"Jane\"}"), "leads"))
                .isEqualTo(new Accepted(guid, null));
        assertThat(DynamicsAdapter.classify(response(204, "", "OData-EntityId", "https://org.crm.dynamics.com/api/data/v9.2/leads(" + guid + ")"), "leads"))
                .isEqualTo(new Accepted(guid, null));
        assertThat(DynamicsAdapter.classify(response(204, ""), "leads")).isEqualTo(new Accepted(null, null));
        assertThat(DynamicsAdapter.classify(response(400, "{\"error\":{\"code\":\"0x80040203\",\"message\":\"Invalid email address.\"}}"), "leads"))
                .isEqualTo(new Rejected("0x80040203: Invalid email address."));
        assertThat(DynamicsAdapter.classify(response(500, "{\"error\":{\"code\":\"0x80040216\",\"message\":\"An unexpected error occurred.\"}}"), "leads"))
                .isEqualTo(new Retry("Dataverse HTTP 500: 0x80040216: An unexpected error occurred.", null));
        d.enqueue(Reply.html(503, "<html>Service Unavailable</html>").withHeader("Retry-After", "5"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("Dataverse HTTP 503: <html>Service Unavailable</html>", Duration.ofSeconds(5)));
    }
}
