package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;
import leadrouter.delivery.fakes.FakeServer.Received;
import leadrouter.delivery.fakes.FakeServer.Reply;
import leadrouter.delivery.fakes.FakeSlack;
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

class SlackTest {
    private final FakeSlack slack = new FakeSlack();
    private final EndpointClient client = client(Map.of("SUNCO_SLACK_WEBHOOK", slack.webhookUrl()));
    private final SlackEndpoint endpoint = spec("""
            type: slack
            webhook_url: ${SUNCO_SLACK_WEBHOOK}
            text: "New lead {{first_name}} ({{state}}) → {{buyer.name}}"
            """);

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void postsTextAndBlocksWithATraceLink() {
        AttemptResult result = client.send(endpoint, ctx());

        assertThat(result.outcome()).isEqualTo(new Accepted(null, null));
        Received r = slack.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(FakeSlack.HOOK_PATH);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("authorization")).isNull();
        assertThat(r.body()).isEqualTo("{\"text\":\"New lead Jane (CA) → Sun Co\",\"blocks\":["
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"New lead Jane (CA) → Sun Co\"}},"
                + "{\"type\":\"section\",\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"*Lead*\\nlead_123\"},{\"type\":\"mrkdwn\",\"text\":\"*Campaign*\\nsolar\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Source*\\nweb\"},{\"type\":\"mrkdwn\",\"text\":\"*Buyer*\\nSun Co\"}]},"
                + "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"<https://leadrouter.example/leads/lead_123/trace|View decision trace>\"}]}]}");
        assertThat(result.request().url()).isEqualTo(slack.baseUrl() + "/***");
        assertThat(result.toString()).doesNotContain("XXXXXXXXXXXXXXXXXXXXXXXX");
        assertThat(slack.deliveries("dlv_1")).isEqualTo(1);
    }

    @Test
    void leadValuesCannotFormMentionsOrLinks() {
        client.send(endpoint, ctx(with(fields(), "first_name", "<!channel> & <https://evil.example|click>")));
        assertThat(slack.last().json().get("text").asText()).isEqualTo("New lead &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; (CA) → Sun Co");
    }

    @Test
    void onlyOkIsSuccess() {
        slack.enqueue(Reply.text(200, "ok, maybe"));
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Failed("Slack HTTP 200: ok, maybe"));
        slack.enqueue(Reply.empty(200));
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Failed("Slack HTTP 200: empty body"));
    }

    @Test
    void channelErrorsFailWithoutRetry() {
        slack.mode = FakeSlack.Mode.CHANNEL_NOT_FOUND;
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Failed("Slack HTTP 404: channel_not_found"));
        slack.mode = FakeSlack.Mode.ARCHIVED;
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Failed("Slack HTTP 410: channel_is_archived"));
        Outcome revoked = client(Map.of("SUNCO_SLACK_WEBHOOK", slack.baseUrl() + "/services/T0/B0/revoked")).send(endpoint, ctx()).outcome();
        assertThat(revoked).isEqualTo(new Failed("Slack HTTP 404: no_service"));
    }

    @Test
    void payloadErrorsFail() {
        slack.enqueue(Reply.html(400, "invalid_payload"));
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Failed("Slack HTTP 400: invalid_payload"));
        slack.enqueue(Reply.html(400, "no_text"));
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Failed("Slack HTTP 400: no_text"));
    }

    @Test
    void rateLimitAndServerErrorsRetry() {
        slack.throttleNext(Duration.ofSeconds(30));
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Retry("Slack HTTP 429: rate_limited", Duration.ofSeconds(30)));
        slack.enqueue(Reply.html(500, "rollup_error"));
        assertThat(client.send(endpoint, ctx()).outcome()).isEqualTo(new Retry("Slack HTTP 500: rollup_error", null));
    }

    @Test
    void noTraceLinkWithoutATraceUrl() {
        DeliveryContext c = ctx();
        DeliveryContext noTrace = new DeliveryContext(c.leadId(), c.campaign(), c.source(), c.receivedAt(), c.fields(), c.buyerId(), c.buyerName(),
                c.priceCents(), c.deliveryId(), c.idempotencyKey(), c.attempt(), null, null);
        client.send(endpoint, noTrace);
        assertThat(slack.last().body()).doesNotContain("context", "View decision trace");
    }
}
