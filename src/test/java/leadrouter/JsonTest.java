package leadrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    static final String LEAD = """
            {"zip": "94107", "age": 42, "big": 12345678901234567890, "income": 85000.50, "tiny": 1e-3,
             "opt_in": true, "note": null, "tags": ["a", 2, 3.5], "address": {"line": "1 Main St", "unit": 4},
             "a_first": "x"}""";

    @Test
    @SuppressWarnings("unchecked")
    void fieldsKeepTypesAndOrderAsAFullConversionDoes() {
        var tree = Json.tree(LEAD);
        Map<String, Object> fields = Json.fields(tree);
        assertThat(fields).isEqualTo(Json.MAPPER.convertValue(tree, new TypeReference<LinkedHashMap<String, Object>>() { }));
        assertThat(fields).isInstanceOf(LinkedHashMap.class);
        assertThat(fields.keySet()).containsExactly("zip", "age", "big", "income", "tiny", "opt_in", "note", "tags", "address", "a_first");
        assertThat(fields.get("age")).isEqualTo(42);
        assertThat(fields.get("big")).isEqualTo(new java.math.BigInteger("12345678901234567890"));
        assertThat(fields.get("income")).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) fields.get("income")).isEqualByComparingTo("85000.50");
        assertThat((List<Object>) fields.get("tags")).hasSize(3).startsWith("a", 2).last().isInstanceOf(BigDecimal.class);
        assertThat(fields.get("address")).isEqualTo(Map.of("line", "1 Main St", "unit", 4));
        assertThat(fields).containsEntry("note", null);
        // Callers add and remove fields (form posts take "campaign" out).
        fields.remove("zip");
        assertThat(fields).doesNotContainKey("zip");
    }

    @Test
    void fieldsOfSomethingElseThanAnObjectIsRefused() {
        assertThatThrownBy(() -> Json.fields(Json.tree("[1, 2]"))).isInstanceOf(IllegalArgumentException.class);
    }
}
