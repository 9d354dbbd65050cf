package leadrouter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole leads: required fields, every error listed, pass-through fields, limits, order. */
class NormalizerTest {
    static final Map<String, FieldSpec> SCHEMA = schema(
            FieldSpec.of("email", FieldType.EMAIL, true),
            FieldSpec.of("phone", FieldType.PHONE, true),
            FieldSpec.of("first_name", FieldType.STRING, false),
            FieldSpec.of("zip", FieldType.ZIP, false),
            FieldSpec.of("state", FieldType.US_STATE, false),
            FieldSpec.of("loan_amount", FieldType.NUMBER, false),
            FieldSpec.of("tcpa_consent", FieldType.BOOLEAN, false),
            FieldSpec.of("dob", FieldType.DATE, false),
            new FieldSpec("tier", FieldType.ENUM, false, null, List.of("Gold", "Silver"), 0));

    static Map<String, FieldSpec> schema(FieldSpec... specs) {
        Map<String, FieldSpec> m = new LinkedHashMap<>();
        for (FieldSpec s : specs) m.put(s.name(), s);
        return m;
    }

    static Map<String, Object> lead(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Map<String, Object> valid(Normalizer.Result r) {
        assertThat(r).isInstanceOf(Normalizer.Valid.class);
        return ((Normalizer.Valid) r).fields();
    }

    static List<FieldError> errors(Normalizer.Result r) {
        assertThat(r).isInstanceOf(Normalizer.Invalid.class);
        return ((Normalizer.Invalid) r).errors();
    }

    @Test
    void formPostOfStringsBecomesTypedValues() {
        Map<String, Object> fields = valid(Normalizer.normalize(SCHEMA, lead(
                "email", " Jane.Roe@Example.com ",
                "phone", "(415) 555-0123",
                "first_name", "Jane",
                "zip", "02134-1234",
                "state", "massachusetts",
                "loan_amount", "$1,200.50",
                "tcpa_consent", "on",
                "dob", "4/7/1990",
                "tier", "gold")));
        assertThat(fields).containsExactly(
                Map.entry("email", "jane.roe@example.com"),
                Map.entry("phone", "+14155550123"),
                Map.entry("first_name", "Jane"),
                Map.entry("zip", "02134"),
                Map.entry("state", "MA"),
                Map.entry("loan_amount", new BigDecimal("1200.50")),
                Map.entry("tcpa_consent", true),
                Map.entry("dob", LocalDate.of(1990, 4, 7)),
                Map.entry("tier", "Gold"));
    }

    @Test
    void everyProblemIsListedInSchemaOrder() {
        List<FieldError> errors = errors(Normalizer.normalize(SCHEMA, lead(
                "phone", "555",
                "zip", 2134,
                "state", "Atlantis",
                "loan_amount", "lots",
                "tcpa_consent", "maybe",
                "dob", "2026-02-30",
                "tier", "bronze",
                "first_name", Map.of("x", 1),
                "bad name", "x")));
        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("email", FieldError.REQUIRED),
                org.assertj.core.groups.Tuple.tuple("phone", FieldError.INVALID_PHONE),
                org.assertj.core.groups.Tuple.tuple("first_name", FieldError.NESTED_VALUE),
                org.assertj.core.groups.Tuple.tuple("zip", FieldError.INVALID_ZIP),
                org.assertj.core.groups.Tuple.tuple("state", FieldError.INVALID_STATE),
                org.assertj.core.groups.Tuple.tuple("loan_amount", FieldError.INVALID_NUMBER),
                org.assertj.core.groups.Tuple.tuple("tcpa_consent", FieldError.INVALID_BOOLEAN),
                org.assertj.core.groups.Tuple.tuple("dob", FieldError.INVALID_DATE),
                org.assertj.core.groups.Tuple.tuple("tier", FieldError.NOT_ALLOWED),
                org.assertj.core.groups.Tuple.tuple("bad name", FieldError.INVALID_NAME));
        assertThat(errors.getFirst().message()).isEqualTo("'email' is required");
    }

    @Test
    void optionalFieldsThatAreMissingAreLeftOut() {
        Map<String, Object> fields = valid(Normalizer.normalize(SCHEMA, lead(
                "email", "a@b.co", "phone", "4155550123", "zip", "", "state", null, "first_name", "  ")));
        assertThat(fields).containsOnlyKeys("email", "phone");
    }

    @Test
    void unknownFieldsPassThroughAsTrimmedTextAfterSchemaFields() {
        Map<String, Object> fields = valid(Normalizer.normalize(SCHEMA, lead(
                "trustedform_cert_url", " https://cert.trustedform.com/abc123 ",
                "email", "a@b.co",
                "utm.source-1", 7,
                "phone", "4155550123",
                "_opt_in", true,
                "sub_id", new BigDecimal("1.50"),
                "seen_on", LocalDate.of(2026, 1, 2),
                "blank", "   ",
                "nothing", null,
                "sql", NormalizerTypesTest.SQL,
                "html", NormalizerTypesTest.SCRIPT,
                "template", NormalizerTypesTest.TEMPLATE,
                "jndi", NormalizerTypesTest.JNDI)));
        assertThat(fields).containsExactly(
                Map.entry("email", "a@b.co"),
                Map.entry("phone", "+14155550123"),
                Map.entry("trustedform_cert_url", "https://cert.trustedform.com/abc123"),
                Map.entry("utm.source-1", "7"),
                Map.entry("_opt_in", "true"),
                Map.entry("sub_id", "1.50"),
                Map.entry("seen_on", "2026-01-02"),
                Map.entry("sql", NormalizerTypesTest.SQL),
                Map.entry("html", NormalizerTypesTest.SCRIPT),
                Map.entry("template", NormalizerTypesTest.TEMPLATE),
                Map.entry("jndi", NormalizerTypesTest.JNDI));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad name", "1abc", "-x", ".x", "x;DROP", "naïve", "a/b", "a\u0000b", "a\nb",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void passThroughNamesMustBePlainIdentifiers(String name) {
        List<FieldError> errors = errors(Normalizer.normalize(Map.of(), lead(name, "v")));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(FieldError.INVALID_NAME);
            assertThat(e.field()).isEqualTo(name);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_", "A_b.c-d", "x9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void plainIdentifiersAreAcceptedUpTo64Characters(String name) {
        assertThat(valid(Normalizer.normalize(Map.of(), lead(name, "v")))).containsEntry(name, "v");
    }

    @Test
    void passThroughValuesAreCheckedLikeText() {
        List<FieldError> errors = errors(Normalizer.normalize(Map.of(), lead(
                "ok", "x".repeat(2000),
                "long", "x".repeat(2001),
                "ctl", "a\u0001",
                "obj", Map.of("k", "v"),
                "arr", List.of(1, 2),
                "nan", Double.NaN)));
        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("long", FieldError.TOO_LONG),
                org.assertj.core.groups.Tuple.tuple("ctl", FieldError.CONTROL_CHARACTERS),
                org.assertj.core.groups.Tuple.tuple("obj", FieldError.NESTED_VALUE),
                org.assertj.core.groups.Tuple.tuple("arr", FieldError.NESTED_VALUE),
                org.assertj.core.groups.Tuple.tuple("nan", FieldError.INVALID_NUMBER));
    }

    @Test
    void atMostOneHundredFields() {
        Map<String, Object> hundred = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) hundred.put("f" + i, "v");
        assertThat(valid(Normalizer.normalize(Map.of(), hundred))).hasSize(100);

        hundred.put("f100", "v");
        List<FieldError> errors = errors(Normalizer.normalize(SCHEMA, hundred));
        assertThat(errors.getFirst()).isEqualTo(new FieldError(FieldError.LEAD, FieldError.TOO_MANY_FIELDS,
                "the lead has 101 fields; at most 100 are accepted"));
        // Schema fields are still checked, so the sender learns about them in the same answer.
        assertThat(errors).extracting(FieldError::field).containsExactly("", "email", "phone");
    }

    @Test
    void nullMapsAndNullKeysAreAnsweredNotThrown() {
        assertThat(Normalizer.normalize(null, null)).isEqualTo(new Normalizer.Valid(Map.of()));
        assertThat(errors(Normalizer.normalize(SCHEMA, null))).extracting(FieldError::code)
                .containsExactly(FieldError.REQUIRED, FieldError.REQUIRED);

        Map<String, Object> withNullKey = new HashMap<>();
        withNullKey.put(null, "x");
        withNullKey.put("email", "a@b.co");
        withNullKey.put("phone", "4155550123");
        assertThat(errors(Normalizer.normalize(SCHEMA, withNullKey))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(FieldError.LEAD);
            assertThat(e.code()).isEqualTo(FieldError.INVALID_NAME);
        });
    }

    @Test
    void fieldNamesMatchExactly() {
        // "Email" is not "email": it passes through, and the required field is reported missing.
        List<FieldError> errors = errors(Normalizer.normalize(SCHEMA, lead("Email", "a@b.co", "phone", "4155550123")));
        assertThat(errors).extracting(FieldError::field, FieldError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email", FieldError.REQUIRED));
    }

    @Test
    void normalizedValuesAreOnlyStringsNumbersBooleansAndDates() {
        Map<String, Object> fields = valid(Normalizer.normalize(SCHEMA, lead(
                "email", "a@b.co", "phone", 4155550123L, "first_name", 12, "zip", 94107, "loan_amount", 1.25,
                "tcpa_consent", 1, "dob", "2000-01-01", "tier", "silver", "extra", 3.5f)));
        assertThat(fields.values()).allSatisfy(v -> assertThat(v).isInstanceOfAny(
                String.class, BigDecimal.class, Boolean.class, LocalDate.class));
        assertThat(fields).containsEntry("first_name", "12").containsEntry("loan_amount", new BigDecimal("1.25"))
                .containsEntry("extra", "3.5");
    }

    @Test
    void normalizingNormalizedFieldsChangesNothing() {
        Map<String, Object> once = valid(Normalizer.normalize(SCHEMA, lead(
                "email", "A@B.co", "phone", "415 555 0123", "first_name", " Ann ", "zip", "021341234",
                "state", "d.c.", "loan_amount", "1e3", "tcpa_consent", "Y", "dob", "12/1/2001", "tier", "SILVER",
                "sub_id", 42)));
        assertThat(valid(Normalizer.normalize(SCHEMA, once))).isEqualTo(once).containsExactlyEntriesOf(once);
    }

    @Test
    void resultsAreImmutable() {
        Map<String, Object> fields = valid(Normalizer.normalize(Map.of(), lead("a", "b")));
        assertThatThrownBy(() -> fields.put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Normalizer.Invalid(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FieldError("f", " ", "m")).isInstanceOf(IllegalArgumentException.class);
    }
}
