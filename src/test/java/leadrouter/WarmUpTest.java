package leadrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import leadrouter.store.LeadQuery;
import leadrouter.store.StoreSettings;
import leadrouter.web.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** serve --warm-up: made-up leads through a private copy of the node, and /health meanwhile. */
class WarmUpTest {

    /** The HTTP tests' config, with every buyer given an endpoint at {@code url}. */
    private static JsonNode configDeliveringTo(String url) {
        ObjectNode doc = (ObjectNode) TestServer.resourceConfig("/web/routing.yaml");
        for (JsonNode buyer : doc.path("buyers")) {
            ((ObjectNode) buyer).putArray("endpoints").addObject().put("type", "http").put("url", url);
        }
        return doc;
    }

    private static TestServer start(Path data, JsonNode config) {
        return TestServer.start(StoreSettings.sqlite(data, false), data, config, Clock.systemUTC(), java.util.Map.of());
    }

    @Test
    void warmUpRoutesMadeUpLeadsThroughAPrivateCopyAndLeavesTheNodeAndTheBuyersAlone(@TempDir Path data) throws Exception {
        AtomicInteger buyerHits = new AtomicInteger();
        HttpServer buyer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        buyer.createContext("/", exchange -> {
            buyerHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        buyer.start();
        try (TestServer node = start(data, configDeliveringTo("http://127.0.0.1:" + buyer.getAddress().getPort() + "/leads"))) {
            // the node's own delivery path works: one real lead reaches the buyer
            assertThat(node.postLead("web-key", java.util.Map.of("campaign", "solar", "fields", java.util.Map.of(
                    "first_name", "Ann", "phone", "+14155550132", "state", "CA"))).status()).isEqualTo(201);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (buyerHits.get() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(buyerHits.get()).isEqualTo(1);

            // past 200 stored leads the warm-up goes on through the copy's simulate
            WarmUp.Result r = WarmUp.run(node.app.configs.current(), Duration.ofMillis(1500), 4, data, data, 200);

            assertThat(r.accepted()).isGreaterThan(250);
            assertThat(r.failed()).isZero();
            // most made-up leads are new leads, not duplicates or invalid ones
            assertThat(r.refused()).isLessThan(r.accepted() / 10);
            Thread.sleep(300); // time for any delivery the warm-up might have started (none may)
            assertThat(buyerHits.get()).isEqualTo(1);
            assertThat(node.app.store.leads(new LeadQuery(null, null, null, null, null, null, 100))).hasSize(1);
            assertThat(node.app.store.eventsAfter(0, "lead.received", 100)).hasSize(1);
            try (Stream<Path> left = Files.list(data)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("warm-up-"));
            }
        } finally {
            buyer.stop(0);
        }
    }

    @Test
    void healthAnswers503WhileTheNodeWarmsUpAndLeadsAreStillTaken(@TempDir Path data) throws IOException {
        try (TestServer node = start(data, TestServer.resourceConfig("/web/routing.yaml"))) {
            HttpRequest health = HttpRequest.newBuilder(URI.create(node.base() + "/health")).build();
            node.app.warmingUp(true);
            TestServer.Reply warming = node.send(health);
            assertThat(warming.status()).isEqualTo(503);
            assertThat(warming.text("/status")).isEqualTo("warming_up");
            assertThat(node.postLead("web-key", java.util.Map.of("campaign", "solar", "fields", java.util.Map.of(
                    "first_name", "Ann", "phone", "+14155550132", "state", "CA"))).status()).isEqualTo(201);
            node.app.warmingUp(false);
            TestServer.Reply ready = node.send(health);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.text("/status")).isEqualTo("ok");
        }
    }

    @Test
    void thePrivateCopyHasOnlyTheWarmUpSourceAndNoEndpoints() {
        JsonNode copy = WarmUp.privateCopy(configDeliveringTo("http://buyer.example/leads"), "sha256:" + "a".repeat(64),
                java.util.List.of("solar", "insurance"));
        assertThat(copy.path("sources")).hasSize(1);
        assertThat(copy.at("/sources/0/campaigns").toString()).isEqualTo("[\"solar\",\"insurance\"]");
        for (JsonNode b : copy.path("buyers")) assertThat(b.path("endpoints")).isEmpty();
        assertThat(copy.path("campaigns")).isEqualTo(TestServer.resourceConfig("/web/routing.yaml").path("campaigns"));
    }
}
