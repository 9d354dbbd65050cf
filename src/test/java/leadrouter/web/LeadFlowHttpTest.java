package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.Json;
import leadrouter.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static leadrouter.web.Leads.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole path over HTTP on the embedded store: post, decide, record, read back, restart. */
class LeadFlowHttpTest {
    static final String WEB = "web-key";
    static final String PARTNER = "partner-key";
    static final Instant MONDAY_NOON = Instant.parse("2026-06-01T12:00:00Z");
    static final JsonNode CONFIG = TestServer.resourceConfig("/web/routing.yaml");

    @TempDir
    Path data;

    @Test
    void leadsOfEveryKindAreRecordedAndExplained() {
        TestClock clock = new TestClock(MONDAY_NOON);
        try (TestServer s = TestServer.start(data, CONFIG, clock)) {
            // Assigned by auction: the higher bid wins and pays its bid.
            Map<String, Object> ca = solar("california", "180");
            TestServer.Reply r = s.postLead(WEB, ca);
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.text("/status")).isEqualTo("assigned");
            assertThat(r.body().at("/assignments/0/buyer").asText()).isEqualTo("sunco");
            assertThat(r.body().at("/assignments/0/price").decimalValue()).isEqualByComparingTo("45");
            assertThat(r.text("/assignments/0/rule")).isEqualTo("California high bill");
            String caId = r.text("/id");

            JsonNode lead = s.get("/api/v1/leads/" + caId).body();
            assertThat(lead.at("/status").asText()).isEqualTo("assigned");
            assertThat(lead.at("/fields/phone").asText()).startsWith("+1415");
            assertThat(lead.at("/fields/state").asText()).isEqualTo("CA");
            assertThat(lead.at("/fields/monthly_bill").decimalValue()).isEqualByComparingTo("180");
            assertThat(lead.at("/assignments/0/buyer").asText()).isEqualTo("sunco");
            assertThat(lead.at("/config_version").asInt()).isEqualTo(1);

            JsonNode trace = s.get("/api/v1/leads/" + caId + "/trace").body();
            JsonNode rules = trace.at("/decisions/0/rules");
            assertThat(rules.get(0).get("rule").asText()).isEqualTo("Hawaii");
            assertThat(rules.get(0).get("matched").asBoolean()).isFalse();
            assertThat(rules.get(0).get("failed_condition").asText()).isEqualTo("state eq HI");
            JsonNode auction = rules.get(2);
            assertThat(auction.get("matched").asBoolean()).isTrue();
            assertThat(auction.at("/candidates/0/result").asText()).isEqualTo("selected");
            assertThat(auction.at("/candidates/1/reason").asText()).isEqualTo("lower_bid");
            assertThat(trace.at("/decisions/0/config_version").asInt()).isEqualTo(1);
            assertThat(types(trace)).containsExactly("lead.received", "lead.routed");

            // The same person again: a duplicate, still recorded.
            Map<String, Object> again = solar("CA", 200);
            fields(again).put("phone", fields(ca).get("phone"));
            TestServer.Reply dup = s.postLead(WEB, again);
            assertThat(dup.status()).isEqualTo(201);
            assertThat(dup.text("/status")).isEqualTo("duplicate");
            assertThat(dup.text("/duplicate_of")).isEqualTo(caId);
            assertThat(types(s.get("/api/v1/leads/" + dup.text("/id") + "/trace").body())).containsExactly("lead.received", "lead.duplicate");

            // Shared: two distinct buyers.
            TestServer.Reply tx = s.postLead(WEB, solar("TX", 100));
            assertThat(tx.body().at("/assignments")).hasSize(2);
            assertThat(tx.body().at("/assignments/0/buyer").asText()).isNotEqualTo(tx.body().at("/assignments/1/buyer").asText());

            // Nobody can take it: the fallback queue.
            TestServer.Reply hi = s.postLead(WEB, solar("HI", 100));
            assertThat(hi.text("/status")).isEqualTo("unassigned");
            assertThat(hi.text("/queue")).isEqualTo("unassigned");
            JsonNode hiTrace = s.get("/api/v1/leads/" + hi.text("/id") + "/trace").body();
            assertThat(hiTrace.at("/decisions/0/rules/0/candidates/0/reason").asText()).isEqualTo("paused");
            assertThat(types(hiTrace)).containsExactly("lead.received", "lead.unassigned");

            // The only buyer is closed and waits: deferred until it opens at 22:00 UTC.
            TestServer.Reply ak = s.postLead(WEB, solar("AK", 100));
            assertThat(ak.text("/status")).isEqualTo("deferred");
            assertThat(ak.text("/defer_until")).isEqualTo("2026-06-01T22:00:00Z");

            // Listing with filters and a cursor.
            JsonNode page1 = s.get("/api/v1/leads?campaign=solar&limit=2").body();
            assertThat(page1.at("/leads")).hasSize(2);
            JsonNode page2 = s.get("/api/v1/leads?campaign=solar&limit=2&cursor=" + page1.at("/next_cursor").asText()).body();
            assertThat(page2.at("/leads/0/id").asText()).isNotEqualTo(page1.at("/leads/1/id").asText());
            JsonNode bySunco = s.get("/api/v1/leads?buyer=sunco").body();
            assertThat(bySunco.at("/leads").findValuesAsText("id")).contains(caId);
            assertThat(s.get("/api/v1/leads?status=deferred").body().at("/leads/0/id").asText()).isEqualTo(ak.text("/id"));

            // The caps endpoint counts what was assigned today.
            JsonNode caps = s.get("/api/v1/buyers/sunco/caps").body();
            long suncoLeads = countAssignments(s, "sunco");
            assertThat(caps.at("/caps/0/per").asText()).isEqualTo("day");
            assertThat(caps.at("/caps/0/used").asLong()).isEqualTo(suncoLeads);
            assertThat(caps.at("/caps/0/resets_at").asText()).isEqualTo("2026-06-02T07:00:00Z");

            // Health and metrics.
            assertThat(s.send(s.request("/health").GET().build()).text("/status")).isEqualTo("ok");
            String metrics = s.send(s.request("/metrics").GET().build()).body().asText();
            assertThat(metrics).contains("leadrouter_leads_received_total{campaign=\"solar\"} 5.0");
            assertThat(metrics).contains("leadrouter_decision_seconds_bucket");
            assertThat(metrics).containsPattern("leadrouter_store_commit_seconds_count [1-9]");
            assertThat(metrics).containsPattern("leadrouter_store_commit_tasks_count [1-9]");
            assertThat(metrics).containsPattern("leadrouter_writer_tasks_total [1-9]");
            assertThat(metrics).containsPattern("leadrouter_writer_stage_seconds_total\\{stage=\"syncing\"} [0-9]");
        }
    }

    @Test
    void rotationCapsAndDeferredLeadsSurviveARestart() {
        TestClock clock = new TestClock(MONDAY_NOON);
        List<String> interrupted = new ArrayList<>();
        String deferredId;
        long capsBefore;
        Map<String, Object> beforeRestart = solar("GA", 90);
        try (TestServer s = TestServer.start(data.resolve("a"), CONFIG, clock)) {
            s.postLead(WEB, beforeRestart);
            for (int i = 0; i < 7; i++) interrupted.add(s.postLead(WEB, solar("FL", 90)).text("/assignments/0/buyer"));
            deferredId = s.postLead(WEB, solar("AK", 90)).text("/id");
            capsBefore = s.get("/api/v1/buyers/sunco/caps").body().at("/caps/0/used").asLong();
        }
        clock.set(Instant.parse("2026-06-01T22:00:30Z"));
        try (TestServer s = TestServer.start(data.resolve("a"), null, clock)) {
            for (int i = 0; i < 7; i++) interrupted.add(s.postLead(WEB, solar("FL", 90)).text("/assignments/0/buyer"));
            // Same calendar day in Los Angeles: the count goes on from where it was.
            long capsAfter = s.get("/api/v1/buyers/sunco/caps").body().at("/caps/0/used").asLong();
            assertThat(capsAfter).isEqualTo(capsBefore + interrupted.subList(7, 14).stream().filter("sunco"::equals).count());
            // Dedupe remembers leads from before the restart.
            assertThat(s.postLead(WEB, beforeRestart).text("/status")).isEqualTo("duplicate");
            JsonNode routed = waitForStatus(s, deferredId, "assigned");
            assertThat(routed.at("/assignments/0/buyer").asText()).isEqualTo("nightowl");
            JsonNode trace = s.get("/api/v1/leads/" + deferredId + "/trace").body();
            assertThat(types(trace)).containsExactly("lead.received", "lead.deferred", "lead.routed");
        }
        // The same 14 leads without a restart go to the same buyers in the same order.
        List<String> straight = new ArrayList<>();
        clock.set(MONDAY_NOON);
        try (TestServer s = TestServer.start(data.resolve("b"), CONFIG, clock)) {
            s.postLead(WEB, solar("GA", 90));
            for (int i = 0; i < 14; i++) straight.add(s.postLead(WEB, solar("FL", 90)).text("/assignments/0/buyer"));
        }
        assertThat(interrupted).isEqualTo(straight);
        assertThat(straight).containsOnly("sunco", "bright", "green");
    }

    @Test
    void idempotencyFormsSameBuyerDedupeSimulationAndConfigVersions() {
        TestClock clock = new TestClock(MONDAY_NOON);
        try (TestServer s = TestServer.start(data, CONFIG, clock)) {
            String body = Json.write(solar("FL", 120));
            HttpRequest post = s.request("/api/v1/leads").header("X-Api-Key", WEB).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "order-77").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            TestServer.Reply first = s.send(post), second = s.send(post);
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.text("/id")).isEqualTo(first.text("/id"));
            assertThat(second.headers()).containsKey("idempotent-replayed");
            assertThat(s.get("/api/v1/leads?campaign=solar").body().at("/leads")).hasSize(1);

            // An HTML form post, key in the form.
            String form = "api_key=web-key&campaign=solar&first_name=Jo&phone=212-555-0198&state=New+York&homeowner=on";
            TestServer.Reply f = s.send(s.request("/api/v1/leads").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(f.status()).isEqualTo(201);
            JsonNode stored = s.get("/api/v1/leads/" + f.text("/id")).body();
            assertThat(stored.at("/fields/state").asText()).isEqualTo("NY");
            assertThat(stored.at("/fields/homeowner").asBoolean()).isTrue();
            assertThat(stored.at("/fields").has("api_key")).isFalse();

            // same_buyer: the repeat goes to the buyer that got the first one.
            Map<String, Object> ins = body("insurance", new java.util.LinkedHashMap<>(Map.of("first_name", "Al", "phone", "+1 212 555 0100")));
            TestServer.Reply i1 = s.postLead(PARTNER, ins);
            TestServer.Reply i2 = s.postLead(PARTNER, ins);
            assertThat(i2.text("/status")).isEqualTo("assigned");
            assertThat(i2.text("/assignments/0/buyer")).isEqualTo(i1.text("/assignments/0/buyer"));
            assertThat(i2.text("/duplicate_of")).isEqualTo(i1.text("/id"));
            assertThat(i2.text("/assignments/0/rule")).isEqualTo("duplicate: earlier buyer");

            // A dry run records nothing.
            int before = s.get("/api/v1/leads?limit=1000").body().at("/leads").size();
            JsonNode sim = s.admin("POST", "/api/v1/simulate", Json.write(solar("CA", 500))).body();
            assertThat(sim.at("/status").asText()).isEqualTo("assigned");
            assertThat(sim.at("/trace/rules/2/rule").asText()).isEqualTo("California high bill");
            assertThat(s.get("/api/v1/leads?limit=1000").body().at("/leads")).hasSize(before);

            // An invalid config is refused whole, with every error; a valid one becomes version 2.
            JsonNode bad = CONFIG.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at("/buyers/0")).put("timezone", "Mars/Olympus");
            ((com.fasterxml.jackson.databind.node.ArrayNode) bad.at("/campaigns/0/rules/0/distribute/to")).add("nobody");
            TestServer.Reply refused = s.admin("PUT", "/api/v1/config", Json.write(bad));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().at("/error/details").findValuesAsText("path"))
                    .contains("buyers[0].timezone", "campaigns[0].rules[0].distribute.to[1]");
            JsonNode good = CONFIG.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) good.at("/buyers/3")).put("status", "active");
            TestServer.Reply ok = s.send(s.request("/api/v1/config").header("Authorization", "Bearer " + TestServer.ADMIN)
                    .header("Content-Type", "application/json").header("X-Author", "ops@example.com")
                    .PUT(HttpRequest.BodyPublishers.ofString(Json.write(good))).build());
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body().at("/version").asInt()).isEqualTo(2);
            JsonNode versions = s.get("/api/v1/config/versions").body();
            assertThat(versions.at("/versions/0/version").asInt()).isEqualTo(2);
            assertThat(versions.at("/versions/0/author").asText()).isEqualTo("ops@example.com");
            JsonNode v2 = s.get("/api/v1/config/versions/2").body();
            assertThat(v2.at("/changes/0/path").asText()).contains("buyers");
            assertThat(s.postLead(WEB, solar("HI", 1)).text("/status")).isEqualTo("assigned"); // idle is active now
            JsonNode changed = s.get("/api/v1/events?type=config.changed").body();
            assertThat(changed.at("/events")).hasSize(2);
            assertThat(changed.at("/events/1/data/author").asText()).isEqualTo("ops@example.com");
        }
    }

    static List<String> types(JsonNode trace) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : trace.at("/events")) out.add(e.get("type").asText());
        return out;
    }

    static long countAssignments(TestServer s, String buyer) {
        long n = 0;
        for (JsonNode l : s.get("/api/v1/leads?buyer=" + buyer + "&limit=1000").body().at("/leads")) {
            for (JsonNode a : s.get("/api/v1/leads/" + l.get("id").asText()).body().at("/assignments")) {
                if (a.get("buyer").asText().equals(buyer)) n++;
            }
        }
        return n;
    }

    static JsonNode waitForStatus(TestServer s, String id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode lead;
        do {
            lead = s.get("/api/v1/leads/" + id).body();
            if (lead.at("/status").asText().equals(status)) return lead;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("lead " + id + " did not become " + status + ": " + lead);
    }
}
