package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static leadrouter.config.ConfigChange.Kind.ADDED;
import static leadrouter.config.ConfigChange.Kind.CHANGED;
import static leadrouter.config.ConfigChange.Kind.REMOVED;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigDiffTest {
    static final String BEFORE = """
            campaigns:
              - id: solar
                rules:
                  - name: California
                    distribute: {method: priority, to: [sunco, brightpath]}
                  - name: Rest
                    distribute: {method: round_robin, to: [sunco]}
            buyers:
              - id: sunco
                timezone: UTC
                caps: [{per: day, max: 100}]
                price: {solar: 42.50}
              - id: brightpath
                timezone: UTC
            """;

    static JsonNode y(String yaml) {
        return ConfigDocument.read(yaml);
    }

    static ConfigChange change(String path, ConfigChange.Kind kind, String before, String after) {
        return new ConfigChange(path, kind, before == null ? null : y(before), after == null ? null : y(after));
    }

    @Test
    void identicalDocumentsHaveNoChanges() {
        assertThat(ConfigDiff.diff(y(BEFORE), y(BEFORE))).isEmpty();
    }

    @Test
    void numbersCompareByValue() {
        JsonNode after = y(BEFORE.replace("42.50", "42.5"));
        assertThat(ConfigDiff.diff(y(BEFORE), after)).isEmpty();
        JsonNode json = y("{\"a\": 1.0}");
        assertThat(ConfigDiff.diff(y("a: 1"), json)).isEmpty();
    }

    @Test
    void changedAddedAndRemovedValues() {
        JsonNode after = y(BEFORE.replace("max: 100", "max: 150")
                .replace("price: {solar: 42.50}", "price: {solar: 42.50, insurance: 10}")
                .replace("    timezone: UTC\n    caps", "    caps"));
        assertThat(ConfigDiff.diff(y(BEFORE), after)).containsExactly(
                change("buyers[id=sunco].timezone", REMOVED, "UTC", null),
                change("buyers[id=sunco].caps[0].max", CHANGED, "100", "150"),
                change("buyers[id=sunco].price.insurance", ADDED, null, "10"));
    }

    @Test
    void entriesWithIdsAreMatchedById() {
        JsonNode after = y(BEFORE.replace("""
                  - id: sunco
                """, """
                  - id: greenhome
                    timezone: America/Chicago
                  - id: sunco
                """));
        assertThat(ConfigDiff.diff(y(BEFORE), after)).containsExactly(
                change("buyers[id=greenhome]", ADDED, null, "{id: greenhome, timezone: America/Chicago}"));
    }

    @Test
    void removingAnEntryWithAnId() {
        JsonNode after = y(BEFORE.replace("""
                  - id: brightpath
                    timezone: UTC
                """, ""));
        assertThat(ConfigDiff.diff(y(BEFORE), after)).containsExactly(
                change("buyers[id=brightpath]", REMOVED, "{id: brightpath, timezone: UTC}", null));
    }

    @Test
    void reorderedRulesAreReportedAsAChangeOfOrder() {
        JsonNode before = y(BEFORE);
        JsonNode after = y(BEFORE);
        JsonNode rules = after.get("campaigns").get(0).get("rules");
        JsonNode first = rules.get(0);
        ((com.fasterxml.jackson.databind.node.ArrayNode) rules).remove(0);
        ((com.fasterxml.jackson.databind.node.ArrayNode) rules).add(first);
        assertThat(ConfigDiff.diff(before, after)).containsExactly(
                change("campaigns[id=solar].rules", CHANGED, "[California, Rest]", "[Rest, California]"));
    }

    @Test
    void listsWithoutIdsArePositional() {
        JsonNode after = y(BEFORE.replace("to: [sunco, brightpath]", "to: [brightpath]"));
        assertThat(ConfigDiff.diff(y(BEFORE), after)).containsExactly(
                change("campaigns[id=solar].rules[name=California].distribute.to[0]", CHANGED, "sunco", "brightpath"),
                change("campaigns[id=solar].rules[name=California].distribute.to[1]", REMOVED, "brightpath", null));
    }

    @Test
    void aValueChangingKindIsOneChange() {
        JsonNode after = y(BEFORE.replace("price: {solar: 42.50}", "price: 42.50"));
        assertThat(ConfigDiff.diff(y(BEFORE), after)).containsExactly(
                change("buyers[id=sunco].price", CHANGED, "{solar: 42.50}", "42.50"));
    }

    @Test
    void firstVersionIsOneAddition() {
        assertThat(ConfigDiff.diff(null, y(BEFORE))).containsExactly(new ConfigChange("$", ADDED, null, y(BEFORE)));
    }

    @Test
    void keysThatNeedQuotingAreQuotedInPaths() {
        assertThat(ConfigDiff.diff(y("lists: {\"a b\": [1]}"), y("lists: {\"a b\": [2]}"))).containsExactly(
                change("lists[\"a b\"][0]", CHANGED, "1", "2"));
    }

    @Test
    void changesSerializeWithLowercaseKinds() throws Exception {
        String json = new ObjectMapper().writeValueAsString(List.of(change("a", ADDED, null, "1")));
        assertThat(json).isEqualTo("[{\"path\":\"a\",\"change\":\"added\",\"before\":null,\"after\":1}]");
    }
}
