package leadrouter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupeKeysTest {
    static final Map<String, FieldSpec> SCHEMA = NormalizerTest.schema(
            FieldSpec.of("email", FieldType.EMAIL, false),
            FieldSpec.of("phone", FieldType.PHONE, false),
            FieldSpec.of("amount", FieldType.NUMBER, false));
    static final DedupePolicy ANY = policy(DedupePolicy.Match.ANY, "email", "phone");
    static final DedupePolicy ALL = policy(DedupePolicy.Match.ALL, "email", "phone");

    // SHA-256 of the NUL-separated contents, computed independently of this code.
    static final String EMAIL_KEY = "ad6f723c22c72bd996302175694c3784b351fc112bade11a1414f1c75f5d7d19"; // camp-1 email john@example.com
    static final String PHONE_KEY = "558eff1241209679f175b3d2b927bb6c321834fe855a99a31a80b98e1e950d57"; // camp-1 phone +14155550123
    static final String BOTH_KEY = "345a4ba86a79ec11cca5b7775d4de692afb8ca6ddc7c3fd1600e351402bfc6ff";  // both, policy order

    static DedupePolicy policy(DedupePolicy.Match match, String... fields) {
        return new DedupePolicy(List.of(fields), Duration.ofDays(30), match, DedupePolicy.Action.REJECT);
    }

    static Map<String, Object> normalized(Object... kv) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) raw.put((String) kv[i], kv[i + 1]);
        return NormalizerTest.valid(Normalizer.normalize(SCHEMA, raw));
    }

    @Test
    void anyGivesOneKeyPerFieldWithAValue() {
        Map<String, Object> lead = normalized("email", "john@example.com", "phone", "+14155550123");
        assertThat(DedupeKeys.of("camp-1", ANY, lead)).containsExactly(EMAIL_KEY, PHONE_KEY);
        assertThat(DedupeKeys.of("camp-1", ANY, normalized("phone", "4155550123"))).containsExactly(PHONE_KEY);
        assertThat(DedupeKeys.of("camp-1", ANY, normalized())).isEmpty();
    }

    @Test
    void allGivesOneKeyOnlyWhenEveryFieldHasAValue() {
        Map<String, Object> lead = normalized("email", "john@example.com", "phone", "+14155550123");
        assertThat(DedupeKeys.of("camp-1", ALL, lead)).containsExactly(BOTH_KEY);
        assertThat(DedupeKeys.of("camp-1", ALL, normalized("email", "john@example.com"))).isEmpty();
        assertThat(DedupeKeys.of("camp-1", ALL, Map.of("email", "john@example.com", "phone", ""))).isEmpty();
    }

    @Test
    void samePersonDifferentlyFormattedGivesTheSameKeys() {
        Map<String, Object> a = normalized("email", " John@Example.COM", "phone", "(415) 555-0123");
        Map<String, Object> b = normalized("email", "john@example.com ", "phone", "+1 415.555.0123");
        Map<String, Object> c = normalized("email", "JOHN@EXAMPLE.COM", "phone", 4155550123L);
        for (DedupePolicy p : List.of(ANY, ALL)) {
            assertThat(DedupeKeys.of("camp-1", p, a)).isEqualTo(DedupeKeys.of("camp-1", p, b)).isEqualTo(DedupeKeys.of("camp-1", p, c));
        }
    }

    @Test
    void sharingOneFieldMatchesUnderAnyButNotUnderAll() {
        Map<String, Object> first = normalized("email", "john@example.com", "phone", "4155550123");
        Map<String, Object> second = normalized("email", "other@example.com", "phone", "415-555-0123");
        assertThat(DedupeKeys.of("camp-1", ANY, second)).containsExactly(
                DedupeKeys.of("camp-1", ANY, normalized("email", "other@example.com")).getFirst(), PHONE_KEY);
        assertThat(DedupeKeys.of("camp-1", ANY, first)).containsAnyElementsOf(DedupeKeys.of("camp-1", ANY, second));
        assertThat(DedupeKeys.of("camp-1", ALL, first)).doesNotContainAnyElementsOf(DedupeKeys.of("camp-1", ALL, second));
    }

    @Test
    void differentCampaignOrFieldGivesDifferentKeys() {
        Map<String, Object> lead = normalized("email", "john@example.com", "phone", "4155550123");
        assertThat(DedupeKeys.of("camp-2", ANY, lead)).doesNotContainAnyElementsOf(DedupeKeys.of("camp-1", ANY, lead));
        assertThat(DedupeKeys.of("camp-2", ALL, lead)).doesNotContainAnyElementsOf(DedupeKeys.of("camp-1", ALL, lead));
        // The same text in another field is another key.
        assertThat(DedupeKeys.of("c", policy(DedupePolicy.Match.ANY, "a"), Map.of("a", "x")))
                .isNotEqualTo(DedupeKeys.of("c", policy(DedupePolicy.Match.ANY, "b"), Map.of("b", "x")));
    }

    @Test
    void valuesHashInCanonicalForm() {
        DedupePolicy amount = policy(DedupePolicy.Match.ANY, "amount");
        List<String> expected = List.of("4995c57b23e276f6e0336e64b3096f79e301ba62ba6a69b06471db34b8ace5b0"); // camp-1 amount 1200.5
        assertThat(DedupeKeys.of("camp-1", amount, normalized("amount", "$1,200.50"))).isEqualTo(expected);
        assertThat(DedupeKeys.of("camp-1", amount, normalized("amount", 1200.5))).isEqualTo(expected);
        assertThat(DedupeKeys.of("camp-1", amount, Map.of("amount", new BigDecimal("1.2005E+3")))).isEqualTo(expected);

        DedupePolicy other = policy(DedupePolicy.Match.ANY, "v");
        assertThat(DedupeKeys.of("c", other, Map.of("v", LocalDate.of(2026, 5, 1))))
                .isEqualTo(DedupeKeys.of("c", other, Map.of("v", "2026-05-01")));
        assertThat(DedupeKeys.of("c", other, Map.of("v", true))).isEqualTo(DedupeKeys.of("c", other, Map.of("v", "true")));
        assertThat(DedupeKeys.of("c", other, Map.of("v", 150L))).isEqualTo(DedupeKeys.of("c", other, Map.of("v", new BigDecimal("150.00"))));
    }

    @Test
    void keysAreLowerCaseSha256Hex() {
        assertThat(DedupeKeys.of("c", ANY, normalized("email", "a@b.co", "phone", "4155550123")))
                .hasSize(2).allMatch(k -> k.matches("[0-9a-f]{64}"));
    }

    @Test
    void badArgumentsAreProgrammingErrors() {
        assertThatThrownBy(() -> DedupeKeys.of("", ANY, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DedupeKeys.of("a\u0000b", ANY, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DedupeKeys.of("c", ANY, Map.of("email", List.of("x")))).isInstanceOf(IllegalArgumentException.class);
    }
}
