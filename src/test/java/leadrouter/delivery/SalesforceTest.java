package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeSalesforce;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.fields;
import static leadrouter.delivery.Fixtures.spec;
import static leadrouter.delivery.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

class SalesforceTest {
    private static final String OWNER = "005xx000001Sv6AAAS";
    private static final String RULE_OWNER = "00G5g000004QueueAAA";
    private final FakeSalesforce sf = new FakeSalesforce("00D!AQ4AQH0dMHZ");
    private final EndpointClient client = client(Map.of("SF_TOKEN", "00D!AQ4AQH0dMHZ"));

    @AfterEach
    void stop() {
        sf.close();
    }

    private SalesforceEndpoint endpoint(String extra) {
        return spec("type: salesforce\nbase_url: %s/\ntoken: '${SF_TOKEN}'\n%s".formatted(sf.baseUrl(), extra));
    }

    private static String accepted(Outcome o) {
        assertThat(o).isInstanceOf(Accepted.class);
        return ((Accepted) o).buyerLeadId();
    }

    @Test
    void createsALeadExactlyWithTheOwnerKept() {
        sf.ruleOwner = RULE_OWNER;
        AttemptResult result = client.send(endpoint("owner: " + OWNER), ctx());

        String id = accepted(result.outcome());
        assertThat(id).startsWith("00Q");
        Received r = sf.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/services/data/v62.0/sobjects/Lead/");
        assertThat(r.header("authorization")).isEqualTo("Bearer 00D!AQ4AQH0dMHZ");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("accept")).isEqualTo("application/json");
        assertThat(r.header("sforce-auto-assign")).isEqualTo("FALSE");
        assertThat(r.body()).isEqualTo("{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@example.com\",\"Phone\":\"+14155550123\","
                + "\"Company\":\"Acme\",\"LeadSource\":\"web\",\"OwnerId\":\"" + OWNER + "\"}");
        assertThat(sf.leads.get(id).get("OwnerId").asText()).isEqualTo(OWNER);
        assertThat(result.request().header("Authorization")).isEqualTo("***");
    }

    @Test
    void withoutOwnerOrWithAutoAssignTheAssignmentRuleDecides() {
        sf.ruleOwner = RULE_OWNER;
        String noOwner = accepted(client.send(endpoint(""), ctx()).outcome());
        assertThat(sf.last().header("sforce-auto-assign")).isNull();
        assertThat(sf.leads.get(noOwner).get("OwnerId").asText()).isEqualTo(RULE_OWNER);

        String delegated = accepted(client.send(endpoint("owner: " + OWNER + "\nauto_assign: true"), ctx(with(fields(), "email", "b@example.com"))).outcome());
        assertThat(sf.last().header("sforce-auto-assign")).isEqualTo("TRUE");
        assertThat(sf.leads.get(delegated).get("OwnerId").asText()).isEqualTo(RULE_OWNER);
    }

    @Test
    void missingRequiredFieldsRejectTheLead() {
        Outcome o = client.send(endpoint(""), ctx(with(fields(), "last_name", null))).outcome();
        assertThat(o).isEqualTo(new Rejected("REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]"));
        assertThat(sf.last().json().get("Company").asText()).isEqualTo("Acme");
        client.send(endpoint(""), ctx(with(fields(), "company", null)));
        assertThat(sf.last().json().get("Company").asText()).isEqualTo("[not provided]");
    }

    @Test
    void duplicateRuleGivesTheMatchedRecord() {
        sf.duplicateRule = true;
        String existing = sf.existing("jane.doe@example.com");
        AttemptResult result = client.send(endpoint(""), ctx());
        assertThat(result.outcome()).isEqualTo(new Duplicate("DUPLICATES_DETECTED: Use one of these records?", existing));
        assertThat(result.status()).isEqualTo(400);
    }

    @Test
    void duplicateValueOnAUniqueFieldIsADuplicate() {
        sf.enqueue(Reply.json(400, "[{\"message\":\"duplicate value found: Email__c duplicates value on record with id: 00Q5g00000B1234AAA\","
                + "\"errorCode\":\"DUPLICATE_VALUE\",\"fields\":[]}]"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Duplicate(
                "DUPLICATE_VALUE: duplicate value found: Email__c duplicates value on record with id: 00Q5g00000B1234AAA", "00Q5g00000B1234AAA"));
    }

    @Test
    void requestMistakesFailInsteadOfRejecting() {
        Outcome unknownField = client.send(endpoint("mapping: {LastName: '{{last_name}}', Company: x, Colour__x: red}"), ctx()).outcome();
        assertThat(unknownField).isEqualTo(new Failed("Salesforce refused the request: INVALID_FIELD: No such column 'Colour__x' on sobject of type Lead"));
        Outcome badOwner = client.send(endpoint("owner: not-an-id"), ctx()).outcome();
        assertThat(badOwner).isEqualTo(new Failed("Salesforce refused the request: MALFORMED_ID: Owner ID: id value of incorrect type: not-an-id"));
    }

    @Test
    void expiredSessionFails() {
        Outcome o = client(Map.of("SF_TOKEN", "stale")).send(endpoint(""), ctx()).outcome();
        assertThat(o).isEqualTo(new Failed("Salesforce HTTP 401: INVALID_SESSION_ID: Session expired or invalid (credentials refused)"));
    }

    @Test
    void apiLimitIsA403ThatRetries() {
        sf.apiLimitReached = true;
        AttemptResult result = client.send(endpoint(""), ctx());
        assertThat(result.outcome()).isEqualTo(new Retry("Salesforce API limit: REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.", null));
        assertThat(result.status()).isEqualTo(403);
        sf.enqueue(Reply.json(403, "[{\"message\":\"insufficient access\",\"errorCode\":\"INSUFFICIENT_ACCESS\"}]"));
        sf.apiLimitReached = false;
        assertThat(client.send(endpoint(""), ctx()).outcome())
                .isEqualTo(new Failed("Salesforce HTTP 403: INSUFFICIENT_ACCESS: insufficient access (credentials refused)"));
    }

    @Test
    void serverErrorsRetry() {
        sf.enqueue(Reply.json(503, "[{\"message\":\"Server unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]").withHeader("Retry-After", "30"));
        assertThat(client.send(endpoint(""), ctx()).outcome())
                .isEqualTo(new Retry("Salesforce HTTP 503: SERVER_UNAVAILABLE: Server unavailable", java.time.Duration.ofSeconds(30)));
        sf.enqueue(Reply.html(500, "<html>oops</html>"));
        assertThat(client.send(endpoint(""), ctx()).outcome()).isEqualTo(new Retry("Salesforce HTTP 500: <html>oops</html>", null));
    }
}
