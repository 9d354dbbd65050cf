package leadrouter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.config.ConfigDocument;
import leadrouter.delivery.fakes.FakeBuyer;
import leadrouter.delivery.fakes.FakePipedrive;
import leadrouter.delivery.fakes.FakeServer.Reply;
import leadrouter.store.StoreSettings;
import leadrouter.web.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery end to end against fake buyers: failures, the circuit, recovery, rejects and re-routing. */
class DeliveryFlowTest {
    static final String KEY = "web-key";

    @TempDir
    Path data;

    static String config(String primaryUrl, String backupUrl, String circuit) {
        return """
                sources:
                  - {id: web, keys: ["sha256:fe372517ad18bd4ef08c931b6f58a73a1e10ad754cc729a8ccd705be55c47fbd"], campaigns: [solar]}
                campaigns:
                  - id: solar
                    fields:
                      first_name: {type: string, required: true}
                      phone: {type: phone, region: US, required: true}
                      state: {type: us_state}
                    rules:
                      - name: Waterfall
                        distribute: {method: priority, to: [primary, backup]}
                buyers:
                  - id: primary
                    timezone: UTC
                    caps: [{per: day, max: 1000}]
                    price: {solar: 20}
                    endpoints:
                      - type: http
                        url: "%s/leads"
                        format: json
                        mapping: {name: "{{first_name}}", phone: "{{phone | digits}}", lead: "{{lead.id}}"}
                        success: {status: 2xx, body_contains: accepted}
                        reject: {body_contains: rejected}
                        timeout: 2s
                        retry: {attempts: 50, backoff: 50ms, max_backoff: 200ms}
                        circuit: %s
                  - id: backup
                    timezone: UTC
                    price: {solar: 10}
                    endpoints:
                      - type: http
                        url: "%s/leads"
                        format: json
                        mapping: {name: "{{first_name}}", lead: "{{lead.id}}"}
                        success: {status: 2xx, body_contains: accepted}
                        timeout: 2s
                        retry: {attempts: 50, backoff: 50ms, max_backoff: 200ms}
                """.formatted(primaryUrl, circuit, backupUrl);
    }

    static Map<String, Object> lead(int n) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("first_name", "Lee" + n);
        f.put("phone", String.format("+1212%03d%04d", 200 + n / 10_000, n % 10_000));
        return Map.of("campaign", "solar", "fields", f);
    }

    @Test
    void aFailingBuyerOpensItsCircuitNewLeadsGoToTheNextAndEveryLeadIsDeliveredOnceWhenItRecovers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeBuyer primary = new FakeBuyer(r -> calls.incrementAndGet() <= 8
                     ? Reply.text(503, "down for maintenance") : Reply.json(200, Map.of("status", "accepted", "id", "P" + calls.get())));
             FakeBuyer backup = new FakeBuyer(Reply.json(200, Map.of("status", "accepted")))) {
            JsonNode cfg = ConfigDocument.read(config(primary.baseUrl(), backup.baseUrl(),
                    "{failure_rate: 50, window: 4, open_for: 1500ms}"));
            try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, cfg, Clock.systemUTC(), Map.of())) {
                List<String> ids = new ArrayList<>();
                Map<String, String> holder = new LinkedHashMap<>();
                boolean sawOpen = false;
                for (int i = 0; i < 30; i++) {
                    TestServer.Reply r = s.postLead(KEY, lead(i));
                    assertThat(r.status()).isEqualTo(201);
                    ids.add(r.text("/id"));
                    holder.put(r.text("/id"), r.text("/assignments/0/buyer"));
                    if (r.text("/assignments/0/buyer").equals("backup")) {
                        JsonNode trace = s.get("/api/v1/leads/" + r.text("/id") + "/trace").body();
                        assertThat(trace.at("/decisions/0/rules/0/candidates/0/reason").asText()).isEqualTo("circuit_open");
                        sawOpen = true;
                    }
                    Thread.sleep(100);
                }
                assertThat(sawOpen).as("some leads went to the backup while the circuit was open").isTrue();
                assertThat(holder.values()).contains("primary", "backup");
                for (String id : ids) waitFor(() -> delivered(s, id), "lead " + id + " delivered");
                for (String id : ids) {
                    String buyer = holder.get(id);
                    FakeBuyer holderFake = buyer.equals("primary") ? primary : backup;
                    FakeBuyer other = buyer.equals("primary") ? backup : primary;
                    assertThat(holderFake.deliveries(id + ":" + buyer + ":0")).as("deliveries of %s to %s", id, buyer).isEqualTo(1);
                    assertThat(other.deliveries(id + ":" + (buyer.equals("primary") ? "backup" : "primary") + ":0")).isZero();
                }
                // The circuit opened, half-opened and closed again, all in the audit log.
                List<String> transitions = s.get("/api/v1/events?type=circuit.changed").body().at("/events").findValuesAsText("to");
                assertThat(transitions).containsSubsequence("open", "half_open", "closed");
                assertThat(s.get("/api/v1/circuits").body().at("/circuits/0/state").asText()).isEqualTo("closed");
                // Attempts are in the trace in order, with the redacted request and the response.
                JsonNode firstTrace = s.get("/api/v1/leads/" + ids.getFirst() + "/trace").body();
                List<String> kinds = firstTrace.at("/events").findValuesAsText("kind");
                assertThat(kinds).startsWith("retry").endsWith("accepted");
                JsonNode lead = s.get("/api/v1/leads/" + ids.getFirst()).body();
                assertThat(lead.at("/speed_to_lead_ms").asLong()).isPositive();
            }
        }
    }

    @Test
    void aRejectReleasesTheAssignmentGivesTheCapBackAndRoutesTheLeadToTheNextBuyer() throws Exception {
        try (FakeBuyer primary = new FakeBuyer(Reply.json(200, Map.of("status", "rejected", "reason", "no coverage")));
             FakeBuyer backup = new FakeBuyer(Reply.json(200, Map.of("status", "accepted")))) {
            JsonNode cfg = ConfigDocument.read(config(primary.baseUrl(), backup.baseUrl(), "{failure_rate: 50, window: 20, open_for: 60s}"));
            try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, cfg, Clock.systemUTC(), Map.of())) {
                TestServer.Reply r = s.postLead(KEY, lead(1));
                assertThat(r.text("/assignments/0/buyer")).isEqualTo("primary");
                String id = r.text("/id");
                waitFor(() -> backup.deliveries(id + ":backup:0") == 1, "the backup got the lead");
                waitFor(() -> delivered(s, id), "delivered");
                JsonNode lead = s.get("/api/v1/leads/" + id).body();
                assertThat(lead.at("/status").asText()).isEqualTo("assigned");
                assertThat(lead.at("/assignments").findValuesAsText("status")).containsExactly("released", "active");
                assertThat(lead.at("/assignments/1/buyer").asText()).isEqualTo("backup");
                JsonNode trace = s.get("/api/v1/leads/" + id + "/trace").body();
                assertThat(LeadFlow.types(trace)).containsSubsequence("lead.received", "lead.routed", "delivery.attempt",
                        "assignment.released", "lead.routed", "delivery.attempt");
                JsonNode second = trace.at("/decisions/1");
                assertThat(second.at("/rules/0/candidates/0/reason").asText()).isEqualTo("rejected_lead");
                assertThat(second.at("/rules/0/candidates/1/result").asText()).isEqualTo("selected");
                assertThat(s.get("/api/v1/buyers/primary/caps").body().at("/caps/0/used").asLong()).isZero();
                assertThat(primary.deliveries(id + ":primary:0")).isEqualTo(1);
            }
        }
    }

    @Test
    void aGivenUpDeliveryIsListedAndCanBeRetriedByHand() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeBuyer primary = new FakeBuyer(r -> calls.incrementAndGet() == 1 ? Reply.text(401, "bad token")
                     : Reply.json(200, Map.of("status", "accepted")));
             FakeBuyer backup = new FakeBuyer(Reply.json(200, Map.of("status", "accepted")))) {
            JsonNode cfg = ConfigDocument.read(config(primary.baseUrl(), backup.baseUrl(), "{failure_rate: 50, window: 20, open_for: 60s}"));
            try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, cfg, Clock.systemUTC(), Map.of())) {
                String id = s.postLead(KEY, lead(2)).text("/id");
                waitFor(() -> s.get("/api/v1/deliveries?status=failed").body().at("/deliveries").size() == 1, "listed as failed");
                String deliveryId = s.get("/api/v1/deliveries?status=failed").body().at("/deliveries/0/id").asText();
                assertThat(s.admin("POST", "/api/v1/deliveries/" + deliveryId + "/retry", null).status()).isEqualTo(200);
                waitFor(() -> delivered(s, id), "delivered after the retry");
                assertThat(s.admin("POST", "/api/v1/deliveries/" + deliveryId + "/retry", null).status()).isEqualTo(409);
                JsonNode d = s.get("/api/v1/deliveries/" + deliveryId).body();
                assertThat(LeadFlow.types(d)).containsExactly("delivery.attempt", "delivery.failed",
                        "delivery.retry_requested", "delivery.attempt");
            }
        }
    }

    @Test
    void aPipedriveRetryLinksTheLeadToThePersonTheFirstAttemptCreatedAndKept() throws Exception {
        try (FakePipedrive pd = new FakePipedrive("pd-token-123456")) {
            pd.enqueue(Reply.pass(), Reply.json(503, "{\"success\":false,\"error\":\"Service unavailable\"}"));
            JsonNode cfg = ConfigDocument.read("""
                    sources:
                      - {id: web, keys: ["sha256:fe372517ad18bd4ef08c931b6f58a73a1e10ad754cc729a8ccd705be55c47fbd"], campaigns: [solar]}
                    campaigns:
                      - id: solar
                        fields:
                          first_name: {type: string, required: true}
                          phone: {type: phone, region: US, required: true}
                        rules:
                          - name: All
                            distribute: {method: priority, to: [crm]}
                    buyers:
                      - id: crm
                        timezone: UTC
                        price: {solar: 20}
                        endpoints:
                          - type: pipedrive
                            base_url: "%s"
                            token: "${PD_TOKEN}"
                            retry: {attempts: 5, backoff: 50ms, max_backoff: 200ms}
                    """.formatted(pd.baseUrl()));
            try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, cfg, Clock.systemUTC(),
                    Map.of("PD_TOKEN", "pd-token-123456"))) {
                String id = s.postLead(KEY, lead(3)).text("/id");
                waitFor(() -> delivered(s, id), "delivered on the second attempt");
                assertThat(pd.received()).extracting(r -> r.method() + " " + r.path())
                        .containsExactly("POST /api/v1/persons", "POST /api/v1/leads", "GET /api/v1/leads", "POST /api/v1/leads");
                assertThat(pd.persons).containsOnlyKeys(1L);
                assertThat(pd.leads.values()).singleElement().satisfies(l -> assertThat(l.get("person_id").asLong()).isEqualTo(1));
                assertThat(s.get("/api/v1/leads/" + id).body().at("/deliveries/0/progress").asText()).isEqualTo("person=1");
            }
        }
    }

    @Test
    void aDeliveryToABuyerThatClosedMeanwhileWaitsUntilItOpens() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeBuyer primary = new FakeBuyer(r -> calls.incrementAndGet() == 1 ? Reply.text(503, "busy")
                     : Reply.json(200, Map.of("status", "accepted")));
             FakeBuyer backup = new FakeBuyer(Reply.json(200, Map.of("status", "accepted")))) {
            String yaml = config(primary.baseUrl(), backup.baseUrl(), "{failure_rate: 50, window: 20, open_for: 60s}")
                    .replace("    caps: [{per: day, max: 1000}]", "    caps: [{per: day, max: 1000}]\n    hours: {weekdays: \"09:00-17:00\"}\n    off_hours: defer");
            leadrouter.TestClock clock = new leadrouter.TestClock(java.time.Instant.parse("2026-06-01T16:59:59Z")); // Monday
            try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, ConfigDocument.read(yaml), clock, Map.of())) {
                String id = s.postLead(KEY, lead(3)).text("/id");
                // The first attempt's failure is recorded (its retry planned) while the buyer is still open.
                waitFor(() -> s.get("/api/v1/leads/" + id).body().at("/deliveries/0/attempts").asInt() == 1, "the first attempt");
                clock.set(java.time.Instant.parse("2026-06-01T17:30:00Z"));
                waitFor(() -> s.get("/api/v1/leads/" + id).body().at("/deliveries/0/next_attempt_at").asText()
                        .equals("2026-06-02T09:00:00Z"), "the retry waits for the opening");
                Thread.sleep(1_500);
                assertThat(calls.get()).as("nothing sent while closed").isEqualTo(1);
                clock.set(java.time.Instant.parse("2026-06-02T09:00:01Z"));
                waitFor(() -> delivered(s, id), "delivered once open");
                assertThat(calls.get()).isEqualTo(2);
                assertThat(s.get("/api/v1/leads/" + id).body().at("/deliveries/0/attempts").asInt()).isEqualTo(2);
            }
        }
    }

    @Test
    void aSlowBuyerDoesNotHoldUpTheOthers() throws Exception {
        try (FakeBuyer slow = new FakeBuyer(Reply.json(200, Map.of("status", "accepted")).delayed(Duration.ofSeconds(3)));
             FakeBuyer fast = new FakeBuyer(Reply.json(200, Map.of("status", "accepted")))) {
            String yaml = config(slow.baseUrl(), fast.baseUrl(), "{failure_rate: 50, window: 20, open_for: 60s}")
                    .replace("distribute: {method: priority, to: [primary, backup]}", "distribute: {method: round_robin, to: [primary, backup]}")
                    .replace("timeout: 2s", "timeout: 10s");
            try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, ConfigDocument.read(yaml), Clock.systemUTC(), Map.of())) {
                List<String> toFast = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    TestServer.Reply r = s.postLead(KEY, lead(100 + i));
                    if (r.text("/assignments/0/buyer").equals("backup")) toFast.add(r.text("/id"));
                }
                for (String id : toFast) waitFor(() -> delivered(s, id), "fast buyer's lead delivered");
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(toFast).hasSize(10);
                // The fast buyer's ten leads arrived while the slow buyer's first answer was still pending.
                assertThat(fast.received()).hasSize(10);
                assertThat(slow.received().size()).isLessThanOrEqualTo(10);
                assertThat(elapsedMs).as("fast deliveries did not queue behind the 3 s buyer").isLessThan(3_000);
            }
        }
    }

    static boolean delivered(TestServer s, String leadId) {
        JsonNode deliveries = s.get("/api/v1/leads/" + leadId).body().at("/deliveries");
        for (JsonNode d : deliveries) if (d.get("status").asText().equals("delivered")) return true;
        return false;
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    /** Event types of a trace, in order. */
    static final class LeadFlow {
        static List<String> types(JsonNode trace) {
            List<String> out = new ArrayList<>();
            for (JsonNode e : trace.at("/events")) out.add(e.get("type").asText());
            return out;
        }
    }
}
