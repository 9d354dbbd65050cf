package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.Json;
import leadrouter.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input of every kind gets a 4xx with a machine-readable body, and nothing but lead.invalid is stored. */
class BadInputHttpTest {
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("leadrouter-badinput");
        server = TestServer.start(data, LeadFlowHttpTest.CONFIG, new TestClock(LeadFlowHttpTest.MONDAY_NOON));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var files = Files.walk(data)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    record Case(String name, String key, String contentType, String body, int status, String code, String detailField) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String lead(Map<String, Object> fieldOverrides) {
        Map<String, Object> f = new LinkedHashMap<>(Map.of("first_name", "Ana", "phone", "+14155550123", "state", "CA"));
        f.putAll(fieldOverrides);
        return Json.write(Map.of("campaign", "solar", "fields", f));
    }

    static Stream<Arguments> cases() {
        String huge = "{\"campaign\":\"solar\",\"fields\":{\"first_name\":\"" + "x".repeat(70_000) + "\"}}";
        return Stream.of(
                new Case("malformed JSON", "web-key", "application/json", "{\"campaign\": \"solar\", \"fields\": {", 400, "malformed_json", null),
                new Case("not an object", "web-key", "application/json", "[1,2,3]", 400, "invalid_body", null),
                new Case("empty body", "web-key", "application/json", "", 400, "empty_body", null),
                new Case("duplicate JSON key", "web-key", "application/json", "{\"campaign\":\"solar\",\"campaign\":\"x\",\"fields\":{}}", 400, "malformed_json", null),
                new Case("fields not an object", "web-key", "application/json", "{\"campaign\":\"solar\",\"fields\":\"Ana\"}", 400, "invalid_body", null),
                new Case("campaign not a string", "web-key", "application/json", "{\"campaign\":7,\"fields\":{}}", 400, "invalid_body", null),
                new Case("unknown top-level key", "web-key", "application/json", "{\"campaign\":\"solar\",\"fields\":{},\"buyer\":\"x\"}", 400, "invalid_body", null),
                new Case("missing required field", "web-key", "application/json", Json.write(Map.of("campaign", "solar", "fields", Map.of("first_name", "Ana", "state", "CA"))), 422, "invalid_fields", "phone"),
                new Case("wrong type: number for a phone", "web-key", "application/json", lead(Map.of("phone", 12)), 422, "invalid_fields", "phone"),
                new Case("wrong type: text for a number", "web-key", "application/json", lead(Map.of("monthly_bill", "lots")), 422, "invalid_fields", "monthly_bill"),
                new Case("wrong type: object for a string", "web-key", "application/json", lead(Map.of("first_name", Map.of("a", 1))), 422, "invalid_fields", "first_name"),
                new Case("not a state", "web-key", "application/json", lead(Map.of("state", "Atlantis")), 422, "invalid_fields", "state"),
                new Case("SQL injection in a phone", "web-key", "application/json", lead(Map.of("phone", "'; DROP TABLE leads;--")), 422, "invalid_fields", "phone"),
                new Case("script in an email", "web-key", "application/json", lead(Map.of("email", "<script>alert(1)</script>")), 422, "invalid_fields", "email"),
                new Case("template injection in a zip", "web-key", "application/json", lead(Map.of("zip", "{{7*7}}")), 422, "invalid_fields", "zip"),
                new Case("JNDI lookup in a state", "web-key", "application/json", lead(Map.of("state", "${jndi:ldap://x/a}")), 422, "invalid_fields", "state"),
                new Case("NUL byte in a name", "web-key", "application/json", lead(Map.of("first_name", "An\u0000a")), 422, "invalid_fields", "first_name"),
                new Case("huge body", "web-key", "application/json", huge, 413, "body_too_large", null),
                new Case("unknown campaign", "web-key", "application/json", "{\"campaign\":\"mortgage\",\"fields\":{}}", 422, "unknown_campaign", null),
                new Case("no campaign", "web-key", "application/json", "{\"fields\":{}}", 422, "unknown_campaign", null),
                new Case("campaign not allowed for the source", "partner-key", "application/json", lead(Map.of()), 403, "campaign_not_allowed", null),
                new Case("wrong key", "not-a-key", "application/json", lead(Map.of()), 401, "unauthorized", null),
                new Case("no key", null, "application/json", lead(Map.of()), 401, "unauthorized", null),
                new Case("wrong content type", "web-key", "text/plain", lead(Map.of()), 415, "unsupported_media_type", null),
                new Case("malformed form", "web-key", "application/x-www-form-urlencoded", "campaign=solar&first_name=%ZZ", 400, "malformed_form", null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAClearMachineReadableError(Case c) {
        int leadsBefore = leadCount();
        HttpRequest.Builder b = server.request("/api/v1/leads").header("Content-Type", c.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.key() != null) b.header("Authorization", "Bearer " + c.key());
        TestServer.Reply r = server.send(b.build());
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(c.status());
        assertThat(r.body().at("/error/code").asText()).isEqualTo(c.code());
        assertThat(r.body().at("/error/message").asText()).isNotBlank();
        if (c.detailField() != null) {
            assertThat(r.body().at("/error/details").findValuesAsText("field")).contains(c.detailField());
            assertThat(r.body().at("/error/details/0/code").asText()).isNotBlank();
        }
        assertThat(leadCount()).isEqualTo(leadsBefore);
        if (c.status() != 401) {
            JsonNode invalid = server.get("/api/v1/events?type=lead.invalid&limit=1000").body().at("/events");
            assertThat(invalid.findValuesAsText("code")).contains(c.code());
        }
    }

    @Test
    void injectionInATextFieldIsStoredAsPlainTextAndHarmsNothing() {
        String name = "Robert'); DROP TABLE leads;-- <script>{{7*7}}${jndi:x}";
        TestServer.Reply r = server.postLead("web-key", Json.tree(lead(Map.of("first_name", name, "phone", "+14155550999"))));
        assertThat(r.status()).isEqualTo(201);
        JsonNode stored = server.get("/api/v1/leads/" + r.text("/id")).body();
        assertThat(stored.at("/fields/first_name").asText()).isEqualTo(name);
        assertThat(leadCount()).isPositive();
    }

    /** Without a Content-Length (chunked), the body is read up to the limit and no further. */
    @Test
    void aChunkedBodyIsReadWholeAndAnOversizeOneIsRefused() {
        String ok = lead(Map.of("first_name", "Chunked", "phone", "+14155550777"));
        TestServer.Reply stored = server.send(chunked(ok));
        assertThat(stored.status()).as(String.valueOf(stored.body())).isEqualTo(201);
        assertThat(server.get("/api/v1/leads/" + stored.text("/id")).body().at("/fields/first_name").asText()).isEqualTo("Chunked");

        int leadsBefore = leadCount();
        TestServer.Reply huge = server.send(chunked(lead(Map.of("first_name", "x".repeat(Body.MAX_LEAD_BYTES)))));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().at("/error/code").asText()).isEqualTo("body_too_large");
        assertThat(leadCount()).isEqualTo(leadsBefore);
    }

    private static HttpRequest chunked(String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // A publisher of unknown length: the client sends it chunked, with no Content-Length.
        return server.request("/api/v1/leads").header("Content-Type", "application/json").header("Authorization", "Bearer web-key")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
    }

    @Test
    void adminEndpointsRefuseSourceKeys() {
        TestServer.Reply r = server.send(server.request("/api/v1/leads").header("Authorization", "Bearer web-key").GET().build());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().at("/error/code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void anUnknownEndpointIsAJsonNotFound() {
        TestServer.Reply r = server.send(server.request("/api/v1/nothing").GET().build());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().at("/error/code").asText()).isEqualTo("not_found");
        assertThat(r.body().at("/error/message").asText()).contains("GET /api/v1/nothing");
        // a known endpoint's own 404 keeps its message
        TestServer.Reply lead = server.get("/api/v1/leads/01NOSUCHLEAD00000000000000");
        assertThat(lead.status()).isEqualTo(404);
        assertThat(lead.body().at("/error/code").asText()).isEqualTo("not_found");
        assertThat(lead.body().at("/error/message").asText()).doesNotContain("no such endpoint");
    }

    static int leadCount() {
        return server.get("/api/v1/leads?limit=1000").body().at("/leads").size();
    }
}
