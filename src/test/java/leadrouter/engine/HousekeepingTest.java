package leadrouter.engine;

import leadrouter.TestClock;
import leadrouter.web.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HousekeepingTest {
    @TempDir
    Path data;

    static Map<String, Object> lead(String phone) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("first_name", "Kim");
        f.put("phone", phone);
        f.put("state", "FL");
        return Map.of("campaign", "solar", "fields", f);
    }

    @Test
    void dedupeKeysOlderThanTheLongestWindowAreDeletedAndRecentOnesStillMatch() {
        TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (TestServer s = TestServer.start(data, TestServer.resourceConfig("/web/routing.yaml"), clock)) {
            s.postLead("web-key", lead("+14155550101"));
            clock.advance(Duration.ofDays(20));
            s.postLead("web-key", lead("+14155550102"));
            clock.advance(Duration.ofDays(12)); // the first lead is 32 days old: beyond 30 days + 1 day of margin
            assertThat(s.app.housekeeping.run()).isEqualTo(1);
            assertThat(s.app.housekeeping.run()).isZero();
            assertThat(s.postLead("web-key", lead("+14155550102")).text("/status")).isEqualTo("duplicate");
            assertThat(s.postLead("web-key", lead("+14155550101")).text("/status")).isEqualTo("assigned");
        }
    }
}
