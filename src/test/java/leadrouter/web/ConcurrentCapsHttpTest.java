package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.TestClock;
import leadrouter.TestPostgres;
import leadrouter.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

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

/** Caps hold under concurrent posts, on the embedded store and on PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ConcurrentCapsHttpTest {
    private final String store;
    private TestPostgres postgres;

    @TempDir
    Path data;

    ConcurrentCapsHttpTest(String store) {
        this.store = store;
    }

    private StoreSettings settings() {
        if (store.equals("sqlite")) return StoreSettings.sqlite(data, false);
        postgres = new TestPostgres();
        return postgres.settings();
    }

    @AfterEach
    void dropDatabase() {
        if (postgres != null) postgres.close();
    }

    @Test
    void thirtyTwoConcurrentPostersGiveABuyerWithADailyCapOf100ExactlyOneHundred() throws Exception {
        TestClock clock = new TestClock(LeadFlowHttpTest.MONDAY_NOON);
        StoreSettings settings = settings();
        try (TestServer s = TestServer.start(settings, data, LeadFlowHttpTest.CONFIG, clock, Map.of())) {
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
            assertThat(countLeads(s, "tiny")).isEqualTo(100);
        }
        // After a restart the counter is read back from the store: the buyer stays capped for the day.
        try (TestServer s = TestServer.start(settings, data, null, clock, Map.of())) {
            assertThat(s.get("/api/v1/buyers/tiny/caps").body().at("/caps/0/used").asLong()).isEqualTo(100);
            assertThat(s.postLead(LeadFlowHttpTest.WEB, Leads.solar("NV", 100)).text("/status")).isEqualTo("unassigned");
        }
    }

    static int countLeads(TestServer s, String buyer) {
        int stored = 0;
        String cursor = null;
        do {
            JsonNode page = s.get("/api/v1/leads?buyer=" + buyer + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            stored += page.at("/leads").size();
            cursor = page.at("/next_cursor").isNull() ? null : page.at("/next_cursor").asText();
        } while (cursor != null);
        return stored;
    }
}
