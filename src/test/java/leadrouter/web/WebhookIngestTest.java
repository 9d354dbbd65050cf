package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.Json;
import leadrouter.TestClock;
import leadrouter.config.ConfigDocument;
import leadrouter.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed webhooks: the signature over the raw body authenticates, the message id makes retries idempotent. */
class WebhookIngestTest {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("test-secret-32-bytes-long-000000".getBytes(StandardCharsets.UTF_8));
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path data;

    static JsonNode config() {
        return ConfigDocument.read("""
                sources:
                  - id: hooks
                    webhook: {scheme: standard_webhooks, secret: "${HOOK_SECRET}"}
                    campaigns: [solar]
                  - id: gh
                    webhook: {scheme: github, secret: "${GH_SECRET}"}
                    campaigns: [solar]
                campaigns:
                  - id: solar
                    fields:
                      first_name: {type: string, required: true}
                      phone: {type: phone, required: true}
                    rules:
                      - name: All
                        distribute: {method: round_robin, to: [a]}
                buyers:
                  - {id: a, timezone: UTC}
                """);
    }

    static String standardSignature(String id, long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static HttpRequest.Builder hook(TestServer s, String source, String body) {
        return s.request("/api/v1/webhooks/" + source).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void aSignedWebhookIsRecordedOnceAndABadOneIsRefused() throws Exception {
        TestClock clock = new TestClock(NOW);
        try (TestServer s = TestServer.start(StoreSettings.sqlite(data, false), data, config(), clock,
                Map.of("HOOK_SECRET", SECRET, "GH_SECRET", "It's a Secret to Everybody"))) {
            String body = Json.write(Map.of("campaign", "solar", "fields", Map.of("first_name", "Wu", "phone", "+14155550177")));
            long ts = NOW.getEpochSecond();
            HttpRequest signed = hook(s, "hooks", body).header("webhook-id", "msg_1").header("webhook-timestamp", String.valueOf(ts))
                    .header("webhook-signature", standardSignature("msg_1", ts, body)).build();
            TestServer.Reply first = s.send(signed);
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.text("/status")).isEqualTo("assigned");
            // The sender retries the same message: the same lead, not a second one.
            TestServer.Reply retry = s.send(signed);
            assertThat(retry.text("/id")).isEqualTo(first.text("/id"));
            assertThat(retry.headers()).containsKey("idempotent-replayed");
            assertThat(s.get("/api/v1/leads/" + first.text("/id") + "/trace").body().at("/events/0/data/channel").asText()).isEqualTo("webhook");

            String tampered = body.replace("Wu", "Xu");
            TestServer.Reply bad = s.send(hook(s, "hooks", tampered).header("webhook-id", "msg_2").header("webhook-timestamp", String.valueOf(ts))
                    .header("webhook-signature", standardSignature("msg_2", ts, body)).build());
            assertThat(bad.status()).isEqualTo(401);
            assertThat(bad.text("/error/code")).isEqualTo("bad_signature");

            clock.advance(Duration.ofMinutes(6));
            TestServer.Reply late = s.send(hook(s, "hooks", body).header("webhook-id", "msg_3").header("webhook-timestamp", String.valueOf(ts))
                    .header("webhook-signature", standardSignature("msg_3", ts, body)).build());
            assertThat(late.status()).isEqualTo(401);
            assertThat(late.text("/error/code")).isEqualTo("timestamp_out_of_tolerance");

            assertThat(s.send(hook(s, "hooks", body).build()).text("/error/code")).isEqualTo("missing_header");
            assertThat(s.send(hook(s, "nobody", body).build()).status()).isEqualTo(404);

            // GitHub style: sha256=<hex> over the raw body, no timestamp.
            String ghBody = Json.write(Map.of("campaign", "solar", "fields", Map.of("first_name", "Gi", "phone", "+14155550178")));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String sig = "sha256=" + HexFormat.of().formatHex(mac.doFinal(ghBody.getBytes(StandardCharsets.UTF_8)));
            TestServer.Reply gh = s.send(hook(s, "gh", ghBody).header("X-Hub-Signature-256", sig).header("X-GitHub-Delivery", "d-1").build());
            assertThat(gh.status()).isEqualTo(201);
            // A webhook source has no API key: the lead endpoint does not know it.
            assertThat(s.postLead("anything", Json.tree(ghBody)).status()).isEqualTo(401);
        }
    }
}
