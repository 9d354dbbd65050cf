package leadrouter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.Json;
import leadrouter.delivery.fakes.FakeBuyer;
import leadrouter.delivery.fakes.FakeServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process is killed with SIGKILL in the middle of a burst of posts and deliveries, then
 * started again on the same data: every lead it acknowledged is stored and delivered, and any
 * repeat at the buyer carries the same idempotency key.
 */
class CrashRecoveryTest {
    private static final String ADMIN = "crash-admin";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killMinusNineDuringABurstLosesNoAcknowledgedLead() throws Exception {
        try (FakeBuyer buyer = new FakeBuyer(Reply.json(200, java.util.Map.of("status", "accepted")).delayed(Duration.ofMillis(15)))) {
            Path config = dir.resolve("routing.yaml");
            Files.writeString(config, DeliveryFlowTest.config(buyer.baseUrl(), buyer.baseUrl(), "{failure_rate: 50, window: 20, open_for: 1s}"));
            Path data = dir.resolve("data");
            int port = freePort();
            Process server = start(config, data, port);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger posted = new AtomicInteger();
            try (ExecutorService posters = Executors.newFixedThreadPool(16)) {
                for (int p = 0; p < 16; p++) {
                    int poster = p;
                    posters.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            int n = poster * 1000 + i;
                            try {
                                HttpResponse<String> r = post(port, n);
                                if (r.statusCode() == 201) acknowledged.add(Json.tree(r.body()).get("id").asText());
                                posted.incrementAndGet();
                            } catch (IOException e) {
                                return null; // the server is gone: this post was never acknowledged
                            }
                        }
                        return null;
                    });
                }
                while (acknowledged.size() < 300) Thread.sleep(5);
                server.destroyForcibly().waitFor(); // SIGKILL
            }
            int ackedAtCrash = acknowledged.size();
            assertThat(ackedAtCrash).isGreaterThanOrEqualTo(300);

            Process again = start(config, data, port);
            try {
                for (String id : acknowledged) {
                    DeliveryFlowTest.waitFor(() -> delivered(port, id), "acknowledged lead " + id + " delivered after the restart");
                }
                for (String id : acknowledged) {
                    String primaryKey = id + ":primary:0";
                    assertThat(buyer.deliveries(primaryKey)).as("lead %s at the buyer", id).isGreaterThanOrEqualTo(1);
                }
                // Every request the buyer got belongs to a lead the server stored; repeats share the key.
                List<String> keys = new ArrayList<>();
                for (var r : buyer.received()) keys.add(r.header("idempotency-key"));
                assertThat(keys).allMatch(k -> k != null && k.endsWith(":primary:0"));
                for (String k : Set.copyOf(keys)) {
                    String leadId = k.substring(0, k.indexOf(':'));
                    assertThat(status(port, "/api/v1/leads/" + leadId)).isEqualTo(200);
                }
            } finally {
                again.destroyForcibly().waitFor();
            }
        }
    }

    private Process start(Path config, Path data, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "leadrouter.Main", "serve",
                "--config", config.toString(), "--data", data.toString(), "--port", String.valueOf(port), "--host", "127.0.0.1");
        pb.environment().put("LEADROUTER_ADMIN_TOKEN", ADMIN);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server-" + System.nanoTime() + ".log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (status(port, "/health") == 200) return p;
            } catch (IOException notYet) {
                // starting
            }
            if (!p.isAlive()) throw new AssertionError("server exited with " + p.exitValue());
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start");
    }

    private HttpResponse<String> post(int port, int n) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/leads"))
                .header("Authorization", "Bearer " + DeliveryFlowTest.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(DeliveryFlowTest.lead(n)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + ADMIN)
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private boolean delivered(int port, String id) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/leads/" + id))
                    .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return false;
            for (JsonNode d : Json.tree(r.body()).at("/deliveries")) if (d.get("status").asText().equals("delivered")) return true;
            return false;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
