package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentCapsHttpTest {
    @TempDir
    Path data;

    @Test
    void thirtyTwoConcurrentPostersGiveABuyerWithADailyCapOf100ExactlyOneHundred() throws Exception {
        TestClock clock = new TestClock(LeadFlowHttpTest.MONDAY_NOON);
        try (TestServer s = TestServer.start(data, LeadFlowHttpTest.CONFIG, clock)) {
            int posters = 32, perPoster = 10;
            Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(posters)) {
                List<Future<?>> fs = new ArrayList<>();
                for (int p = 0; p < posters; p++) {
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < perPoster; i++) {
                            TestServer.Reply r = s.postLead(LeadFlowHttpTest.WEB, Leads.solar("NV", 100));
                            assertThat(r.status()).isEqualTo(201);
                            statuses.computeIfAbsent(r.text("/status"), k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get();
            }
            assertThat(statuses.get("assigned").get()).isEqualTo(100);
            assertThat(statuses.get("unassigned").get()).isEqualTo(posters * perPoster - 100);
            JsonNode caps = s.get("/api/v1/buyers/tiny/caps").body();
            assertThat(caps.at("/caps/0/used").asLong()).isEqualTo(100);
            assertThat(caps.at("/caps/0/remaining").asLong()).isZero();
            int stored = 0;
            String cursor = null;
            do {
                JsonNode page = s.get("/api/v1/leads?buyer=tiny&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)).body();
                stored += page.at("/leads").size();
                cursor = page.at("/next_cursor").isNull() ? null : page.at("/next_cursor").asText();
            } while (cursor != null);
            assertThat(stored).isEqualTo(100);
        }
    }
}
