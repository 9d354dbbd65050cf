package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import leadrouter.routing.Distribution;
import leadrouter.routing.Slot;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/** Any valid pool written in the config reads back as exactly the pool that was written. */
class PoolPropertyTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final List<String> METHODS = List.of("round_robin", "weighted", "priority", "highest_bid");

    @Test
    void anyValidPoolParsesToTheSameModel() {
        qt().withExamples(300).forAll(
                lists().of(integers().between(1, 100_000)).ofSizeBetween(1, 8),
                integers().between(0, 3),
                integers().between(1, 9),
                strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 12)
        ).checkAssert((numbers, methodIndex, shared, prefix) -> {
            String method = METHODS.get(methodIndex);
            int n = numbers.size();
            int shares = shared >= 2 && shared <= n ? shared : 1;

            ArrayNode to = F.arrayNode();
            ArrayNode buyers = F.arrayNode();
            List<Slot> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = prefix + "-" + i;
                int x = numbers.get(i);
                buyers.add(F.objectNode().put("id", id).put("timezone", "UTC"));
                // Every other entry sets a price, alternately as a number and as a string.
                Long price = i % 2 == 0 ? null : (long) x * 7;
                ObjectNode entry = F.objectNode().put("buyer", id);
                if (price != null) {
                    if (i % 4 == 1) entry.put("price", new BigDecimal(Amounts.format(price)));
                    else entry.put("price", Amounts.format(price));
                }
                switch (method) {
                    case "round_robin" -> {
                        if (price == null) to.add(id);
                        else to.add(entry);
                        expected.add(new Slot(id, 1, i, null, price));
                    }
                    case "weighted" -> {
                        to.add(entry.put("weight", x));
                        expected.add(new Slot(id, x, i, null, price));
                    }
                    case "priority" -> {
                        to.add(entry.put("priority", x % 5));
                        expected.add(new Slot(id, 1, x % 5, null, price));
                    }
                    case "highest_bid" -> {
                        to.add(entry.put("bid", new BigDecimal(Amounts.format(x))));
                        expected.add(new Slot(id, 1, i, (long) x, price));
                    }
                    default -> throw new AssertionError(method);
                }
            }
            ObjectNode distribute = F.objectNode().put("method", method);
            distribute.set("to", to);
            if (shares > 1) distribute.put("shared", shares);
            ObjectNode doc = document(distribute, buyers);

            Distribution want = switch (method) {
                case "round_robin" -> new Distribution.RoundRobin(expected, shares);
                case "weighted" -> new Distribution.Weighted(expected, shares);
                case "priority" -> new Distribution.Priority(expected, shares);
                default -> new Distribution.HighestBid(expected, shares);
            };
            assertThat(distribution(doc)).isEqualTo(want);
            // The same document written out as YAML text and read back compiles the same way.
            assertThat(distribution(ConfigDocument.read(yamlText(doc)))).isEqualTo(want);
        });
    }

    @Test
    void amountsSurviveTheTripThroughText() {
        qt().forAll(longs().between(0, 1_000_000_000_000L)).checkAssert(cents -> {
            assertThat(Amounts.cents(Amounts.format(cents))).isEqualTo(cents);
            JsonNode doc = ConfigDocument.read("price: " + Amounts.format(cents));
            assertThat(Amounts.cents(doc.get("price").decimalValue())).isEqualTo(cents);
        });
    }

    private static ObjectNode document(ObjectNode distribute, ArrayNode buyers) {
        ObjectNode rule = F.objectNode().put("name", "pool");
        rule.set("distribute", distribute);
        ObjectNode campaign = F.objectNode().put("id", "c");
        campaign.set("fields", F.objectNode().set("email", F.objectNode().put("type", "email")));
        campaign.set("rules", F.arrayNode().add(rule));
        ObjectNode doc = F.objectNode();
        doc.set("campaigns", F.arrayNode().add(campaign));
        doc.set("buyers", buyers);
        return doc;
    }

    private static Distribution distribution(JsonNode doc) {
        return ConfigParser.parse(doc, 1).orThrow().routing().campaign("c").rules().getFirst().distribute();
    }

    private static String yamlText(JsonNode doc) {
        try {
            return new YAMLMapper().writeValueAsString(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
