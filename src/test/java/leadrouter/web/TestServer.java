package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import leadrouter.Json;
import leadrouter.LeadRouter;
import leadrouter.TestClock;
import leadrouter.config.ConfigDocument;
import leadrouter.store.StoreSettings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real LeadRouter node on a random port with its own data directory and a hand-moved clock. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN = "test-admin-token";

    public final LeadRouter app;
    public final Javalin web;
    public final TestClock clock;
    public final Path data;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(StoreSettings store, Path data, JsonNode config, java.time.Clock clock, Map<String, String> secrets) {
        this.data = data;
        this.clock = clock instanceof TestClock t ? t : null;
        this.app = LeadRouter.open(new LeadRouter.Options(store, config, "test", data, ADMIN, clock,
                Duration.ofMillis(50), 512, leadrouter.delivery.Secrets.of(secrets), "http://leadrouter.test", Duration.ofMillis(200)));
        this.web = Api.create(app).start("127.0.0.1", 0);
    }

    public static TestServer start(Path data, JsonNode config, TestClock clock) {
        return new TestServer(StoreSettings.sqlite(data, false), data, config, clock, Map.of());
    }

    public static TestServer start(StoreSettings store, Path data, JsonNode config, java.time.Clock clock, Map<String, String> secrets) {
        return new TestServer(store, data, config, clock, secrets);
    }

    public static JsonNode resourceConfig(String name) {
        try (InputStream in = TestServer.class.getResourceAsStream(name)) {
            return ConfigDocument.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + web.port();
    }

    public record Reply(int status, JsonNode body, Map<String, java.util.List<String>> headers) {
        public String text(String path) {
            return body.at(path).asText();
        }
    }

    public Reply postLead(String key, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/leads")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? null : parse(r.body());
            return new Reply(r.statusCode(), body, r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(s);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    }

    public Reply admin(String method, String path, String body) {
        HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + ADMIN);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    public Reply get(String path) {
        return admin("GET", path, null);
    }

    @Override
    public void close() {
        web.stop();
        app.close();
    }
}
