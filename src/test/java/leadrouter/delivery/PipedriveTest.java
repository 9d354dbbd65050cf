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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static leadrouter.delivery.Fixtures.CLOCK;
import static leadrouter.delivery.Fixtures.HTTP;
import static leadrouter.delivery.Fixtures.client;
import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.next;
import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

class PipedriveTest {
    private static final String TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final Reply UNAVAILABLE = Reply.json(503, "{\"success\":false,\"error\":\"Service unavailable\"}");
    private static final Reply BAD_GATEWAY = Reply.json(502, "{\"success\":false,\"error\":\"Bad gateway\"}");
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
        assertThat(result.progress()).isEqualTo("person=1");
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
        AttemptResult result = client.send(endpoint(""), ctx());
        assertThat(result.outcome()).isEqualTo(new Retry("Pipedrive rate limit: Request over limit", Duration.ofSeconds(2)));
        assertThat(pd.persons).isEmpty();
        // a refused create made nothing: the retry need not search
        assertThat(result.progress()).isNull();
    }

    @Test
    void aFailureAfterThePersonWasCreatedRetriesTheAttempt() {
        pd.enqueue(Reply.pass(), UNAVAILABLE);
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

    // ------------------------------------------------------------------ repeats

    /**
     * Three earlier deliveries of the same person (three persons, their leads gone), a search that
     * answers two matches a page; returns how many requests were made so far.
     */
    private int threePersonsInPagesOfTwo() {
        for (String id : List.of("dlv_a", "dlv_b", "dlv_c")) client.send(endpoint(""), ctx(id));
        assertThat(pd.persons).hasSize(3);
        pd.leads.clear();
        pd.searchPageMax = 2;
        return pd.received().size();
    }

    /** The requests of the attempt after the first {@code before} requests, as "METHOD path". */
    private List<String> requestsAfter(int before) {
        return pd.received().stream().skip(before).map(r -> r.method() + " " + r.path()).toList();
    }

    /** Attempt {@code n} of the usual delivery, with the progress earlier attempts left. */
    private static DeliveryContext attempt(int n, String progress) {
        DeliveryContext c = ctx();
        return new DeliveryContext(c.leadId(), c.campaign(), c.source(), c.receivedAt(), c.fields(), c.buyerId(), c.buyerName(),
                c.priceCents(), c.deliveryId(), c.idempotencyKey(), n, c.traceUrl(), progress);
    }

    private long onlyLeadsPerson() {
        assertThat(pd.leads).hasSize(1);
        return pd.leads.values().iterator().next().get("person_id").asLong();
    }

    @Test
    void aRetryAfterTheLeadCallFailedLinksTheLeadToTheFirstPersonAndCreatesNoOther() {
        pd.enqueue(Reply.pass(), UNAVAILABLE);
        AttemptResult first = client.send(endpoint(""), ctx());
        assertThat(first.outcome()).isInstanceOf(Retry.class);
        // A 503 does not say whether the lead was created: the next attempt looks first.
        assertThat(first.progress()).isEqualTo("person=1;lead-sent=" + CLOCK.instant());

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isInstanceOf(Accepted.class);
        assertThat(requestsAfter(2)).containsExactly("GET /api/v1/leads", "POST /api/v1/leads");
        assertThat(pd.received().get(2).queryParams()).isEqualTo(Map.of("person_id", "1", "sort", "add_time DESC", "limit", "100"));
        assertThat(pd.persons).containsOnlyKeys(1L);
        assertThat(onlyLeadsPerson()).isEqualTo(1);
        assertThat(second.progress()).isEqualTo("person=1");
    }

    @Test
    void aRetryAfterTheLeadAnswerWasLostFindsTheLeadAndSendsNoOther() {
        pd.clock = CLOCK;
        pd.enqueue(Reply.pass(), Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        assertThat(first.outcome()).isInstanceOf(Retry.class);
        assertThat(pd.leads).hasSize(1);
        String created = pd.leads.keySet().iterator().next();

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isEqualTo(new Accepted(created, null));
        assertThat(requestsAfter(2)).containsExactly("GET /api/v1/leads");
        assertThat(pd.leads).hasSize(1);
    }

    @Test
    void anOlderLeadOfTheSameTitleIsNotTakenForTheOneSentWithoutAnswer() {
        pd.clock = CLOCK;
        pd.enqueue(Reply.pass(), UNAVAILABLE);
        AttemptResult first = client.send(endpoint(""), ctx());
        // the same person's lead of the same title from a month before
        pd.leads.put("old", pd.persons.get(1L).objectNode().put("id", "old").put("title", "Jane Doe - solar")
                .put("person_id", 1).put("add_time", "2025-12-05T15:05:00.000Z"));

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isInstanceOf(Accepted.class);
        assertThat(((Accepted) second.outcome()).buyerLeadId()).isNotEqualTo("old");
        assertThat(requestsAfter(2)).containsExactly("GET /api/v1/leads", "POST /api/v1/leads");
        assertThat(pd.leads).hasSize(2);
    }

    @Test
    void aLeadCallRefusedWithA4xxSendsAgainWithoutLooking() {
        pd.enqueue(Reply.pass());
        pd.throttleNext(1);
        AttemptResult first = client.send(endpoint(""), ctx());
        assertThat(first.outcome()).isInstanceOf(Retry.class);
        assertThat(first.progress()).isEqualTo("person=1");

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isInstanceOf(Accepted.class);
        assertThat(requestsAfter(2)).containsExactly("POST /api/v1/leads");
    }

    @Test
    void aFailedLookAmongThePersonsLeadsRetriesRatherThanSendASecondLead() {
        pd.clock = CLOCK;
        pd.enqueue(Reply.pass(), Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        pd.enqueue(BAD_GATEWAY);

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isEqualTo(new Retry("Pipedrive HTTP 502: Bad gateway", null));
        assertThat(second.progress()).isEqualTo(first.progress());
        assertThat(requestsAfter(2)).containsExactly("GET /api/v1/leads");
        assertThat(pd.leads).hasSize(1);
    }

    @Test
    void aRetryAfterThePersonAnswerWasLostFindsThePersonBySearch() {
        pd.enqueue(Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        assertThat(first.outcome()).isInstanceOf(Retry.class);
        assertThat(pd.persons).hasSize(1);
        assertThat(first.progress()).isEqualTo("person-sent=" + CLOCK.instant());

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isInstanceOf(Accepted.class);
        assertThat(requestsAfter(1)).containsExactly("GET /api/v1/persons/search", "POST /api/v1/leads");
        assertThat(pd.received().get(1).queryParams())
                .isEqualTo(Map.of("term", "jane.doe@example.com", "fields", "email", "exact_match", "true", "limit", "100"));
        assertThat(pd.persons).hasSize(1);
        assertThat(onlyLeadsPerson()).isEqualTo(1);
        assertThat(second.progress()).isEqualTo("person=1");
    }

    @Test
    void aPersonWithoutAnEmailIsLookedUpByPhone() {
        PipedriveEndpoint noEmail = endpoint("mapping: {name: '{{first_name}} {{last_name}}', phone: '{{phone}}'}");
        pd.enqueue(Reply.lost());
        AttemptResult first = client.send(noEmail, ctx());

        AttemptResult second = client.send(noEmail, next(ctx(), first));

        assertThat(second.outcome()).isInstanceOf(Accepted.class);
        assertThat(pd.received().get(1).queryParams()).containsEntry("term", "+14155550123").containsEntry("fields", "phone");
        assertThat(pd.persons).hasSize(1);
        assertThat(onlyLeadsPerson()).isEqualTo(1);
    }

    @Test
    void aRateLimitedSearchRetriesRatherThanCreateASecondPerson() {
        pd.enqueue(Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        pd.throttleNext(2);

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isEqualTo(new Retry("Pipedrive rate limit: Request over limit", Duration.ofSeconds(2)));
        assertThat(requestsAfter(1)).containsExactly("GET /api/v1/persons/search");
        assertThat(pd.persons).hasSize(1);
        // the person may still exist: the next attempt looks again
        assertThat(second.progress()).isEqualTo(first.progress());
    }

    @Test
    void aSearchServerErrorRetriesRatherThanCreateASecondPerson() {
        pd.enqueue(Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        pd.enqueue(BAD_GATEWAY);

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isEqualTo(new Retry("Pipedrive HTTP 502: Bad gateway", null));
        assertThat(requestsAfter(1)).containsExactly("GET /api/v1/persons/search");
        assertThat(pd.persons).hasSize(1);
    }

    @Test
    void whileSearchMayNotShowTheLostPersonYetTheAttemptWaitsInsteadOfCreating() {
        pd.enqueue(Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        pd.searchLags = true;

        AttemptResult second = client.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isEqualTo(new Retry("Pipedrive person search does not show the person sent at "
                + CLOCK.instant() + " yet", PipedriveAdapter.SEARCH_LAG));
        assertThat(requestsAfter(1)).containsExactly("GET /api/v1/persons/search");
        assertThat(pd.persons).hasSize(1);
    }

    @Test
    void onceSearchHasHadTimeToCatchUpAPersonItDoesNotShowIsCreated() {
        pd.enqueue(Reply.lost());
        AttemptResult first = client.send(endpoint(""), ctx());
        pd.persons.clear(); // the lost create did not take after all
        EndpointClient later = new EndpointClient(HTTP, Secrets.of(Map.of("PD_TOKEN", TOKEN)),
                Clock.offset(CLOCK, PipedriveAdapter.SEARCH_LAG));

        AttemptResult second = later.send(endpoint(""), next(ctx(), first));

        assertThat(second.outcome()).isInstanceOf(Accepted.class);
        assertThat(requestsAfter(1)).containsExactly("GET /api/v1/persons/search", "POST /api/v1/persons", "POST /api/v1/leads");
        assertThat(pd.persons).hasSize(1);
    }

    @Test
    void aRepeatWithNothingRecordedSearchesAndLinksTheOldestOfSeveralMatches() {
        // two earlier deliveries of the same person (fake search lists the newest first)
        client.send(endpoint(""), ctx("dlv_a"));
        client.send(endpoint(""), ctx("dlv_b"));
        assertThat(pd.persons).hasSize(2);
        pd.leads.clear();
        int before = pd.received().size();

        // an attempt 2 whose first attempt was never recorded (a crash between sending and recording)
        AttemptResult repeat = client.send(endpoint(""), attempt(2, null));

        assertThat(repeat.outcome()).isInstanceOf(Accepted.class);
        assertThat(requestsAfter(before)).containsExactly("GET /api/v1/persons/search", "GET /api/v1/leads", "POST /api/v1/leads");
        assertThat(pd.persons).hasSize(2);
        assertThat(onlyLeadsPerson()).isEqualTo(1);
    }

    @Test
    void aRepeatWithNothingRecordedFindsTheLeadTheStoppedAttemptCreated() {
        // attempt 1 created the person and the lead, and the server stopped before recording it
        pd.clock = CLOCK;
        client.send(endpoint(""), ctx());
        String created = pd.leads.keySet().iterator().next();
        int before = pd.received().size();

        AttemptResult repeat = client.send(endpoint(""), attempt(2, null));

        assertThat(repeat.outcome()).isEqualTo(new Accepted(created, null));
        assertThat(requestsAfter(before)).containsExactly("GET /api/v1/persons/search", "GET /api/v1/leads");
        assertThat(pd.received().get(before + 1).queryParams()).containsEntry("person_id", "1");
        assertThat(pd.leads).hasSize(1);
        assertThat(repeat.progress()).isEqualTo("person=1");
    }

    @Test
    void theOldestMatchIsFoundOnALaterPageOfTheSearch() {
        // pages of two, newest first: the oldest is on page 2
        int before = threePersonsInPagesOfTwo();

        AttemptResult repeat = client.send(endpoint(""), attempt(2, null));

        assertThat(repeat.outcome()).isInstanceOf(Accepted.class);
        assertThat(requestsAfter(before)).containsExactly("GET /api/v1/persons/search", "GET /api/v1/persons/search",
                "GET /api/v1/leads", "POST /api/v1/leads");
        assertThat(pd.received().get(before + 1).queryParams()).containsEntry("start", "2");
        assertThat(pd.persons).hasSize(3);
        assertThat(onlyLeadsPerson()).isEqualTo(1);
    }

    @Test
    void aSecondSearchPageThatFailsRetriesRatherThanCreateOrPickFromThePagesRead() {
        int before = threePersonsInPagesOfTwo();
        pd.enqueue(Reply.pass(), BAD_GATEWAY);

        AttemptResult repeat = client.send(endpoint(""), attempt(2, null));

        assertThat(repeat.outcome()).isEqualTo(new Retry("Pipedrive HTTP 502: Bad gateway", null));
        assertThat(requestsAfter(before)).containsExactly("GET /api/v1/persons/search", "GET /api/v1/persons/search");
        assertThat(pd.persons).hasSize(3);
        assertThat(pd.leads).isEmpty();
    }

    @Test
    void aKeptPersonPipedriveNoLongerHasIsForgottenAndLookedUpAgain() {
        client.send(endpoint(""), ctx());
        AttemptResult again = client.send(endpoint(""), attempt(2, "person=99"));

        assertThat(again.outcome()).isEqualTo(new Retry("Pipedrive has no person 99 any more; the next attempt looks for it again", null));
        assertThat(again.progress()).isNull();
        assertThat(client.send(endpoint(""), next(attempt(2, "person=99"), again)).outcome()).isInstanceOf(Accepted.class);
        assertThat(pd.persons).hasSize(1);
    }
}
