package leadrouter.config;

import leadrouter.routing.Buyer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Decision;
import leadrouter.routing.Distribution;
import leadrouter.routing.Lead;
import leadrouter.routing.Router;
import leadrouter.routing.RoutingState;
import leadrouter.routing.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoConfigTest {

    static Config demo() throws IOException {
        try (InputStream in = DemoConfigTest.class.getResourceAsStream("/demo/demo.yaml")) {
            assertThat(in).as("demo/demo.yaml on the classpath").isNotNull();
            return ConfigParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), 1, null).orThrow();
        }
    }

    @Test
    void demoHasTwoCampaignsFiveBuyersAndEveryKindOfRule() throws IOException {
        Config config = demo();
        assertThat(config.routing().campaigns()).containsOnlyKeys("solar", "insurance");
        assertThat(config.routing().buyers()).hasSize(5);
        List<Rule> rules = config.routing().campaigns().values().stream().flatMap(c -> c.rules().stream()).toList();
        assertThat(rules).extracting(r -> r.distribute().method())
                .contains("round_robin", "weighted", "priority", "highest_bid");
        assertThat(rules).anySatisfy(r -> assertThat(r.distribute().shares()).isEqualTo(2));
        for (Campaign c : config.routing().campaigns().values()) {
            assertThat(c.rules().getLast().when()).as("catch-all rule of %s", c.id()).isNull();
            assertThat(c.dedupe()).isNotNull();
        }
        assertThat(config.routing().campaign("solar").dedupe().fields()).containsExactly("phone", "email");
        assertThat(config.routing().campaign("solar").fallback()).isEqualTo("solar-review");
        assertThat(rules).anySatisfy(r -> assertThat(r.when() != null && r.when().describe().contains("in_list")).isTrue());

        Map<String, Buyer> buyers = config.routing().buyers();
        assertThat(buyers.values()).allSatisfy(b -> assertThat(config.endpoints(b.id())).isEmpty());
        assertThat(buyers.values()).anySatisfy(b -> assertThat(b.caps()).anySatisfy(cap -> assertThat(cap.money()).isTrue()));
        assertThat(buyers.values()).anySatisfy(b -> assertThat(b.caps()).anySatisfy(cap -> assertThat(cap.money()).isFalse()));
        assertThat(buyers.values()).anySatisfy(b -> assertThat(b.accepts()).isNotNull());
        assertThat(buyers.get("greenhome").offHours()).isEqualTo(Buyer.OffHours.DEFER);
        assertThat(buyers.get("safeharbor").offHours()).isEqualTo(Buyer.OffHours.SKIP);
        assertThat(buyers.values()).anySatisfy(b -> assertThat(b.hours().closed()).isNotEmpty());
        long alwaysOpen = buyers.values().stream()
                .filter(b -> b.hours().weekly().values().stream().allMatch(w -> w.size() == 1 && w.getFirst().startMinute() == 0
                        && w.getFirst().endMinute() == 1440))
                .count();
        assertThat(alwaysOpen).isGreaterThanOrEqualTo(3);
    }

    @Test
    void demoKeysAreTheDocumentedOnes() throws IOException {
        Config config = demo();
        assertThat(config.sourceByKeyHash(Keys.hash("demo-web-key")).id()).isEqualTo("web-form");
        assertThat(config.sourceByKeyHash(Keys.hash("demo-partner-key")).id()).isEqualTo("partner");
        assertThat(config.sources().get("web-form").campaigns()).containsExactlyInAnyOrder("solar", "insurance");
    }

    /** A demo post is placed with a buyer at once, at any hour, including holidays. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-03-04T15:00:00Z", "2026-03-08T07:30:00Z", "2026-12-25T12:00:00Z", "2027-01-01T03:00:00Z"})
    void demoLeadsAreAssignedAtAnyTime(String at) throws IOException {
        Config config = demo();
        Instant now = Instant.parse(at);
        Lead solar = new Lead("l1", "solar", "web-form", Map.of("first_name", "Ana", "phone", "+14155550100",
                "state", "TX", "monthly_bill", new BigDecimal("120")), now);
        Lead bigBill = new Lead("l2", "solar", "partner", Map.of("first_name", "Bo", "phone", "+14155550101",
                "state", "CA", "monthly_bill", new BigDecimal("400"), "homeowner", true), now);
        Lead insurance = new Lead("l3", "insurance", "web-form", Map.of("first_name", "Cy", "phone", "+14155550102",
                "state", "NY", "coverage", "life", "age", new BigDecimal("40")), now);
        for (Lead lead : List.of(solar, bigBill, insurance)) {
            Decision d = Router.decide(lead, config.routing(), RoutingState.EMPTY, now);
            assertThat(d).as("%s at %s: %s", lead.id(), at, d.trace()).isInstanceOf(Decision.Assigned.class);
        }
    }

    @Test
    void sharedRuleSellsToTwoBuyers() throws IOException {
        Config config = demo();
        Instant monday = Instant.parse("2026-03-02T17:00:00Z");
        Lead lead = new Lead("l4", "solar", "web-form", Map.of("first_name", "Di", "phone", "+14155550103",
                "state", "TX", "monthly_bill", new BigDecimal("500"), "homeowner", true), monday);
        Decision d = Router.decide(lead, config.routing(), RoutingState.EMPTY, monday);
        assertThat(d).isInstanceOfSatisfying(Decision.Assigned.class, a -> {
            assertThat(a.assignments()).hasSize(2);
            assertThat(a.assignments()).allSatisfy(x -> assertThat(x.exclusive()).isFalse());
        });
        Distribution shared = config.routing().campaign("solar").rules().get(2).distribute();
        assertThat(shared.shares()).isEqualTo(2);
    }
}
