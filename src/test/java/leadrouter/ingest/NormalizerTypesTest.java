package leadrouter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One value of each field type, good and bad, through {@link Normalizer#normalize}. */
class NormalizerTypesTest {
    static final String SQL = "'; DROP TABLE leads;--";
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String TEMPLATE = "{{7*7}}";
    static final String JNDI = "${jndi:ldap://x}";

    static Normalizer.Result normalize(FieldSpec spec, Object raw) {
        Map<String, Object> lead = new HashMap<>();
        lead.put(spec.name(), raw);
        return Normalizer.normalize(Map.of(spec.name(), spec), lead);
    }

    static void assertNormalized(FieldType type, Object raw, Object expected) {
        assertNormalized(FieldSpec.of("f", type, true), raw, expected);
    }

    static void assertNormalized(FieldSpec spec, Object raw, Object expected) {
        Normalizer.Result r = normalize(spec, raw);
        assertThat(r).as("normalizing %s", raw).isInstanceOf(Normalizer.Valid.class);
        Object value = ((Normalizer.Valid) r).fields().get(spec.name());
        assertThat(value).as("normalizing %s", raw).isEqualTo(expected);
        assertThat(value.getClass()).isEqualTo(expected.getClass());
    }

    static FieldError assertRejected(FieldType type, Object raw, String code) {
        return assertRejected(FieldSpec.of("f", type, false), raw, code);
    }

    static FieldError assertRejected(FieldSpec spec, Object raw, String code) {
        Normalizer.Result r = normalize(spec, raw);
        assertThat(r).as("normalizing %s", raw).isInstanceOf(Normalizer.Invalid.class);
        List<FieldError> errors = ((Normalizer.Invalid) r).errors();
        assertThat(errors).hasSize(1);
        FieldError e = errors.getFirst();
        assertThat(e.field()).isEqualTo(spec.name());
        assertThat(e.code()).as("code for %s", raw).isEqualTo(code);
        assertThat(e.message()).contains("'" + spec.name() + "'");
        return e;
    }

    // ---- string

    static Stream<Arguments> goodStrings() {
        return Stream.of(
                arguments("  hello  ", "hello"),
                arguments("line1\nline2\r\nline3", "line1\nline2\r\nline3"),
                arguments("a\tb", "a\tb"),
                arguments(42, "42"),
                arguments(4155550123L, "4155550123"),
                arguments(new BigDecimal("150.50"), "150.50"),
                arguments(1.5, "1.5"),
                arguments(1e20, "100000000000000000000"),
                arguments(true, "true"),
                arguments(SQL, SQL),
                arguments(SCRIPT, SCRIPT),
                arguments(TEMPLATE, TEMPLATE),
                arguments(JNDI, JNDI),
                arguments("José Müller 李小龍 🎉", "José Müller 李小龍 🎉"),
                arguments("e\u0301", "\u00e9"),
                arguments("\u00a0\u2003 padded \ufeff", "padded"),
                arguments("x".repeat(1000), "x".repeat(1000)),
                arguments("😀".repeat(1000), "😀".repeat(1000)));
    }

    @ParameterizedTest
    @MethodSource("goodStrings")
    void stringGood(Object raw, String expected) {
        assertNormalized(FieldType.STRING, raw, expected);
    }

    static Stream<Arguments> badStrings() {
        return Stream.of(
                arguments("a\u0000b", FieldError.CONTROL_CHARACTERS),
                arguments("bell\u0007", FieldError.CONTROL_CHARACTERS),
                arguments("\u001b[31mred", FieldError.CONTROL_CHARACTERS),
                arguments("\u001cfile separator", FieldError.CONTROL_CHARACTERS),
                arguments("next\u0085line", FieldError.CONTROL_CHARACTERS),
                arguments("broken \ud800 text", FieldError.INVALID_UNICODE),
                arguments("x".repeat(1001), FieldError.TOO_LONG),
                arguments("x".repeat(1_000_000), FieldError.TOO_LONG),
                arguments(Map.of("a", 1), FieldError.NESTED_VALUE),
                arguments(List.of("a"), FieldError.NESTED_VALUE),
                arguments(new String[] {"a"}, FieldError.NESTED_VALUE),
                arguments(Double.NaN, FieldError.INVALID_NUMBER),
                arguments(new BigDecimal("1E+100000"), FieldError.INVALID_NUMBER),
                arguments(UUID.randomUUID(), FieldError.INVALID_TYPE));
    }

    @ParameterizedTest
    @MethodSource("badStrings")
    void stringBad(Object raw, String code) {
        assertRejected(FieldType.STRING, raw, code);
    }

    @Test
    void stringMaxLengthComesFromTheSpec() {
        FieldSpec spec = new FieldSpec("note", FieldType.STRING, false, null, List.of(), 5);
        assertNormalized(spec, "abcde", "abcde");
        assertNormalized(spec, "  abcde  ", "abcde");
        FieldError e = assertRejected(spec, "abcdef", FieldError.TOO_LONG);
        assertThat(e.message()).contains("at most 5").contains("'abcdef'");
    }

    // ---- email

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'  John.Doe@Example.COM '   | john.doe@example.com",
            "a+tag@sub.example.co.uk     | a+tag@sub.example.co.uk",
            "o'brien@example.ie          | o'brien@example.ie",
            "user@xn--bcher-kva.example  | user@xn--bcher-kva.example",
            "x_y-z@a-b.io                | x_y-z@a-b.io",
            "1234567890@123.example      | 1234567890@123.example",
    })
    void emailGood(String raw, String expected) {
        assertNormalized(FieldType.EMAIL, raw, expected);
    }

    @Test
    void emailInCanonicallyEquivalentFormIsAccepted() {
        // NFC maps the Kelvin sign to the letter K, its canonical equivalent.
        assertNormalized(FieldType.EMAIL, "\u212Aate@example.com", "kate@example.com");
    }

    static Stream<Arguments> badEmails() {
        String longDomain = ("b".repeat(60) + ".").repeat(5) + "com";
        return Stream.of(
                arguments("john", FieldError.INVALID_EMAIL),
                arguments("a@b@example.com", FieldError.INVALID_EMAIL),
                arguments("@example.com", FieldError.INVALID_EMAIL),
                arguments("john@", FieldError.INVALID_EMAIL),
                arguments("john@localhost", FieldError.INVALID_EMAIL),
                arguments("john doe@example.com", FieldError.INVALID_EMAIL),
                arguments("john@exa mple.com", FieldError.INVALID_EMAIL),
                arguments("john@-example.com", FieldError.INVALID_EMAIL),
                arguments("john@example-.com", FieldError.INVALID_EMAIL),
                arguments("john@example..com", FieldError.INVALID_EMAIL),
                arguments("john@.example.com", FieldError.INVALID_EMAIL),
                arguments(".john@example.com", FieldError.INVALID_EMAIL),
                arguments("john.@example.com", FieldError.INVALID_EMAIL),
                arguments("john..doe@example.com", FieldError.INVALID_EMAIL),
                arguments("john@exam_ple.com", FieldError.INVALID_EMAIL),
                arguments("\"john\"@example.com", FieldError.INVALID_EMAIL),
                arguments("jöhn@example.com", FieldError.INVALID_EMAIL),
                arguments("john@bücher.de", FieldError.INVALID_EMAIL),
                arguments("a@1.2.3.4", FieldError.INVALID_EMAIL),
                arguments("a".repeat(65) + "@example.com", FieldError.INVALID_EMAIL),
                arguments("a@" + longDomain, FieldError.INVALID_EMAIL),
                arguments("a@" + "c".repeat(64) + ".com", FieldError.INVALID_EMAIL),
                arguments(SQL, FieldError.INVALID_EMAIL),
                arguments(SCRIPT + "@x.com", FieldError.INVALID_EMAIL),
                arguments(JNDI, FieldError.INVALID_EMAIL),
                arguments("john@example.com\u0000", FieldError.CONTROL_CHARACTERS),
                arguments(5, FieldError.INVALID_TYPE),
                arguments(true, FieldError.INVALID_TYPE),
                arguments(Map.of("email", "a@b.com"), FieldError.NESTED_VALUE));
    }

    @ParameterizedTest
    @MethodSource("badEmails")
    void emailBad(Object raw, String code) {
        assertRejected(FieldType.EMAIL, raw, code);
    }

    @Test
    void emailMessageSaysWhatIsWrong() {
        assertThat(assertRejected(FieldType.EMAIL, "john@localhost", FieldError.INVALID_EMAIL).message())
                .contains("needs a dot").contains("'john@localhost'");
        assertThat(assertRejected(FieldType.EMAIL, "jöhn@example.com", FieldError.INVALID_EMAIL).message())
                .contains("internationalized");
    }

    // ---- phone

    static Stream<Arguments> goodPhones() {
        return Stream.of(
                arguments("(415) 555-0123", "+14155550123"),
                arguments("415.555.0123", "+14155550123"),
                arguments("+1 415 555 0123", "+14155550123"),
                arguments("1-415-555-0123", "+14155550123"),
                arguments(" 4155550123 ", "+14155550123"),
                arguments("+14155550123", "+14155550123"),
                arguments(4155550123L, "+14155550123"),
                arguments(14155550123L, "+14155550123"),
                arguments(new BigDecimal("4155550123"), "+14155550123"),
                arguments(4155550123.0, "+14155550123"),
                arguments("+44 20 7946 0958", "+442079460958"),
                arguments("\uff12\uff10\uff12-\uff14\uff15\uff16-\uff11\uff11\uff11\uff11", "+12024561111"));
    }

    @ParameterizedTest
    @MethodSource("goodPhones")
    void phoneGood(Object raw, String expected) {
        assertNormalized(FieldType.PHONE, raw, expected);
    }

    @Test
    void phoneUsesTheFieldsRegion() {
        FieldSpec uk = new FieldSpec("phone", FieldType.PHONE, true, "GB", List.of(), 0);
        assertNormalized(uk, "020 7946 0958", "+442079460958");
        assertNormalized(uk, "+1 415 555 0123", "+14155550123");
        assertRejected(FieldType.PHONE, "020 7946 0958", FieldError.INVALID_PHONE);
    }

    static Stream<Arguments> badPhones() {
        return Stream.of(
                arguments("555-0123", FieldError.INVALID_PHONE),
                arguments("123", FieldError.INVALID_PHONE),
                arguments("not a phone", FieldError.INVALID_PHONE),
                arguments("+999 123 456 789", FieldError.INVALID_PHONE),
                arguments("(000) 000-0000", FieldError.INVALID_PHONE),
                arguments(SQL, FieldError.INVALID_PHONE),
                arguments(SCRIPT, FieldError.INVALID_PHONE),
                arguments(TEMPLATE, FieldError.INVALID_PHONE),
                arguments(JNDI, FieldError.INVALID_PHONE),
                arguments("9".repeat(100_000), FieldError.INVALID_PHONE),
                arguments(123, FieldError.INVALID_PHONE),
                arguments(4155550123.5, FieldError.INVALID_PHONE),
                arguments(-4155550123L, FieldError.INVALID_PHONE),
                arguments(Double.POSITIVE_INFINITY, FieldError.INVALID_PHONE),
                arguments("415\u0000555\u00000123", FieldError.CONTROL_CHARACTERS),
                arguments(true, FieldError.INVALID_TYPE),
                arguments(List.of("4155550123"), FieldError.NESTED_VALUE));
    }

    @ParameterizedTest
    @MethodSource("badPhones")
    void phoneBad(Object raw, String code) {
        assertRejected(FieldType.PHONE, raw, code);
    }

    // ---- zip

    static Stream<Arguments> goodZips() {
        return Stream.of(
                arguments("94107", "94107"),
                arguments("02134", "02134"),
                arguments("02134-1234", "02134"),
                arguments("021341234", "02134"),
                arguments(" 94107 ", "94107"),
                arguments(94107, "94107"),
                arguments(941071234L, "94107"));
    }

    @ParameterizedTest
    @MethodSource("goodZips")
    void zipGood(Object raw, String expected) {
        assertNormalized(FieldType.ZIP, raw, expected);
    }

    static Stream<Arguments> badZips() {
        return Stream.of(
                arguments("2134", FieldError.INVALID_ZIP),
                arguments("123456", FieldError.INVALID_ZIP),
                arguments("1234-56789", FieldError.INVALID_ZIP),
                arguments("94107-", FieldError.INVALID_ZIP),
                arguments("94107-12", FieldError.INVALID_ZIP),
                arguments("ABCDE", FieldError.INVALID_ZIP),
                arguments("9410\uff17", FieldError.INVALID_ZIP),
                arguments("\u0669\u0664\u0661\u0660\u0667", FieldError.INVALID_ZIP),
                arguments(SQL, FieldError.INVALID_ZIP),
                arguments(JNDI, FieldError.INVALID_ZIP),
                arguments(2134, FieldError.INVALID_ZIP),
                arguments(94107.5, FieldError.INVALID_ZIP),
                arguments(-94107, FieldError.INVALID_ZIP),
                arguments(true, FieldError.INVALID_TYPE));
    }

    @ParameterizedTest
    @MethodSource("badZips")
    void zipBad(Object raw, String code) {
        assertRejected(FieldType.ZIP, raw, code);
    }

    @Test
    void zipAsJsonNumberExplainsLeadingZeros() {
        FieldError e = assertRejected(FieldType.ZIP, 2134, FieldError.INVALID_ZIP);
        assertThat(e.message()).contains("2134").contains("strings").contains("\"02134\"");
    }

    // ---- us_state

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ca                         | CA",
            "California                 | CA",
            "' CALIFORNIA '             | CA",
            "new   york                 | NY",
            "North Carolina             | NC",
            "wy                         | WY",
            "District of Columbia       | DC",
            "d.c.                       | DC",
            "Washington DC              | DC",
            "Washington                 | WA",
            "Puerto Rico                | PR",
            "vi                         | VI",
            "U.S. Virgin Islands        | VI",
            "Guam                       | GU",
            "american samoa             | AS",
            "Northern Mariana Islands   | MP",
    })
    void stateGood(String raw, String expected) {
        assertNormalized(FieldType.US_STATE, raw, expected);
    }

    @Test
    void stateCoversFiftyStatesDcAndFiveTerritories() {
        assertThat(UsStates.codes()).hasSize(56).contains("DC", "PR", "VI", "GU", "AS", "MP");
        for (String code : UsStates.codes()) assertNormalized(FieldType.US_STATE, code.toLowerCase(), code);
    }

    static Stream<Arguments> badStates() {
        return Stream.of(
                arguments("Cali", FieldError.INVALID_STATE),
                arguments("XX", FieldError.INVALID_STATE),
                arguments("Ontario", FieldError.INVALID_STATE),
                arguments("C A", FieldError.INVALID_STATE),
                arguments(SQL, FieldError.INVALID_STATE),
                arguments(SCRIPT, FieldError.INVALID_STATE),
                arguments("x".repeat(100_000), FieldError.INVALID_STATE),
                arguments(5, FieldError.INVALID_TYPE));
    }

    @ParameterizedTest
    @MethodSource("badStates")
    void stateBad(Object raw, String code) {
        assertRejected(FieldType.US_STATE, raw, code);
    }

    // ---- number

    static Stream<Arguments> goodNumbers() {
        return Stream.of(
                arguments("150", new BigDecimal("150")),
                arguments("150.25", new BigDecimal("150.25")),
                arguments("-3", new BigDecimal("-3")),
                arguments("+7", new BigDecimal("7")),
                arguments(" 42 ", new BigDecimal("42")),
                arguments("$1,200.50", new BigDecimal("1200.50")),
                arguments("1,200", new BigDecimal("1200")),
                arguments("1,234,567.8", new BigDecimal("1234567.8")),
                arguments("$1200", new BigDecimal("1200")),
                arguments("-$5.00", new BigDecimal("-5.00")),
                arguments(".5", new BigDecimal("0.5")),
                arguments("0.1", new BigDecimal("0.1")),
                arguments("1e3", new BigDecimal("1000")),
                arguments("1E+15", new BigDecimal("1000000000000000")),
                arguments("-1000000000000000", new BigDecimal("-1000000000000000")),
                arguments(0.1, new BigDecimal("0.1")),
                arguments(150, new BigDecimal("150")),
                arguments(10L, new BigDecimal("10")),
                arguments(1e15, new BigDecimal("1000000000000000")),
                arguments(new BigDecimal("99.990"), new BigDecimal("99.990")),
                arguments(new BigInteger("123456789012345"), new BigDecimal("123456789012345")),
                arguments("0.12345678901234567890123456789", new BigDecimal("0.12345678901234567890123456789")));
    }

    @ParameterizedTest
    @MethodSource("goodNumbers")
    void numberGood(Object raw, BigDecimal expected) {
        assertNormalized(FieldType.NUMBER, raw, expected);
    }

    static Stream<Arguments> badNumbers() {
        return Stream.of(
                arguments("abc", FieldError.INVALID_NUMBER),
                arguments("1,20", FieldError.INVALID_NUMBER),
                arguments("12,34,567", FieldError.INVALID_NUMBER),
                arguments("1,2345", FieldError.INVALID_NUMBER),
                arguments(",123", FieldError.INVALID_NUMBER),
                arguments("$$5", FieldError.INVALID_NUMBER),
                arguments("5$", FieldError.INVALID_NUMBER),
                arguments("$ 5", FieldError.INVALID_NUMBER),
                arguments("$1e3", FieldError.INVALID_NUMBER),
                arguments("1.2.3", FieldError.INVALID_NUMBER),
                arguments("0x1F", FieldError.INVALID_NUMBER),
                arguments("NaN", FieldError.INVALID_NUMBER),
                arguments("Infinity", FieldError.INVALID_NUMBER),
                arguments("\u0661\u0665\u0660", FieldError.INVALID_NUMBER),
                arguments(Double.NaN, FieldError.INVALID_NUMBER),
                arguments(Double.NEGATIVE_INFINITY, FieldError.INVALID_NUMBER),
                arguments(Float.NaN, FieldError.INVALID_NUMBER),
                arguments("1e16", FieldError.INVALID_NUMBER),
                arguments("1000000000000001", FieldError.INVALID_NUMBER),
                arguments("1e400", FieldError.INVALID_NUMBER),
                arguments("1e999999999", FieldError.INVALID_NUMBER),
                arguments("1e-999999999", FieldError.INVALID_NUMBER),
                arguments("1e-40", FieldError.INVALID_NUMBER),
                arguments("1.000000000000000000000000000000", FieldError.INVALID_NUMBER),
                arguments("9".repeat(100_000), FieldError.INVALID_NUMBER),
                arguments(new BigDecimal("1E+400"), FieldError.INVALID_NUMBER),
                arguments(new BigInteger("9".repeat(40)), FieldError.INVALID_NUMBER),
                arguments(1e300, FieldError.INVALID_NUMBER),
                arguments(SQL, FieldError.INVALID_NUMBER),
                arguments(TEMPLATE, FieldError.INVALID_NUMBER),
                arguments(JNDI, FieldError.INVALID_NUMBER),
                arguments(true, FieldError.INVALID_TYPE),
                arguments(List.of(1), FieldError.NESTED_VALUE));
    }

    @ParameterizedTest
    @MethodSource("badNumbers")
    void numberBad(Object raw, String code) {
        assertRejected(FieldType.NUMBER, raw, code);
    }

    // ---- boolean

    static Stream<Arguments> goodBooleans() {
        return Stream.of(
                arguments(true, true), arguments(false, false),
                arguments("true", true), arguments("FALSE", false),
                arguments("Yes", true), arguments("no", false),
                arguments("Y", true), arguments("n", false),
                arguments("1", true), arguments("0", false),
                arguments("on", true), arguments("OFF", false),
                arguments(" yes ", true),
                arguments(1, true), arguments(0L, false), arguments(new BigDecimal("1.0"), true));
    }

    @ParameterizedTest
    @MethodSource("goodBooleans")
    void booleanGood(Object raw, Boolean expected) {
        assertNormalized(FieldType.BOOLEAN, raw, expected);
    }

    static Stream<Arguments> badBooleans() {
        return Stream.of(
                arguments("maybe", FieldError.INVALID_BOOLEAN),
                arguments("2", FieldError.INVALID_BOOLEAN),
                arguments("t", FieldError.INVALID_BOOLEAN),
                arguments("yes please", FieldError.INVALID_BOOLEAN),
                arguments("truE\u0000", FieldError.CONTROL_CHARACTERS),
                arguments(TEMPLATE, FieldError.INVALID_BOOLEAN),
                arguments(SQL, FieldError.INVALID_BOOLEAN),
                arguments(2, FieldError.INVALID_BOOLEAN),
                arguments(1.5, FieldError.INVALID_BOOLEAN),
                arguments(LocalDate.of(2026, 1, 1), FieldError.INVALID_TYPE),
                arguments(Map.of(), FieldError.NESTED_VALUE));
    }

    @ParameterizedTest
    @MethodSource("badBooleans")
    void booleanBad(Object raw, String code) {
        assertRejected(FieldType.BOOLEAN, raw, code);
    }

    // ---- date

    static Stream<Arguments> goodDates() {
        return Stream.of(
                arguments("2026-05-01", LocalDate.of(2026, 5, 1)),
                arguments("05/01/2026", LocalDate.of(2026, 5, 1)),
                arguments("5/1/2026", LocalDate.of(2026, 5, 1)),
                arguments("12/31/1999", LocalDate.of(1999, 12, 31)),
                arguments("2024-02-29", LocalDate.of(2024, 2, 29)),
                arguments(" 2026-05-01 ", LocalDate.of(2026, 5, 1)),
                arguments(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 1)));
    }

    @ParameterizedTest
    @MethodSource("goodDates")
    void dateGood(Object raw, LocalDate expected) {
        assertNormalized(FieldType.DATE, raw, expected);
    }

    static Stream<Arguments> badDates() {
        return Stream.of(
                arguments("2026-02-30", FieldError.INVALID_DATE),
                arguments("2025-02-29", FieldError.INVALID_DATE),
                arguments("02/30/2026", FieldError.INVALID_DATE),
                arguments("13/01/2026", FieldError.INVALID_DATE),
                arguments("2026-13-01", FieldError.INVALID_DATE),
                arguments("2026-00-10", FieldError.INVALID_DATE),
                arguments("2026-5-1", FieldError.INVALID_DATE),
                arguments("01-05-2026", FieldError.INVALID_DATE),
                arguments("2026/05/01", FieldError.INVALID_DATE),
                arguments("May 1, 2026", FieldError.INVALID_DATE),
                arguments("2026-05-01T10:00:00Z", FieldError.INVALID_DATE),
                arguments("5/1/26", FieldError.INVALID_DATE),
                arguments("\u0662\u0660\u0662\u0666-\u0660\u0665-\u0660\u0661", FieldError.INVALID_DATE),
                arguments(SQL, FieldError.INVALID_DATE),
                arguments(JNDI, FieldError.INVALID_DATE),
                arguments(LocalDate.of(12026, 1, 1), FieldError.INVALID_DATE),
                arguments(20260501, FieldError.INVALID_TYPE),
                arguments(true, FieldError.INVALID_TYPE));
    }

    @ParameterizedTest
    @MethodSource("badDates")
    void dateBad(Object raw, String code) {
        assertRejected(FieldType.DATE, raw, code);
    }

    // ---- enum

    static final FieldSpec TIER = new FieldSpec("tier", FieldType.ENUM, false, null, List.of("Gold", "silver", "Bronze-Plus"), 0);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gold              | Gold",
            "GOLD              | Gold",
            "SILVER            | silver",
            "' bronze-plus '   | Bronze-Plus",
    })
    void enumGood(String raw, String expected) {
        assertNormalized(TIER, raw, expected);
    }

    @Test
    void enumAcceptsNumbersWhoseTextIsAValue() {
        assertNormalized(new FieldSpec("band", FieldType.ENUM, true, null, List.of("1", "2"), 0), 2, "2");
    }

    static Stream<Arguments> badEnums() {
        return Stream.of(
                arguments("platinum", FieldError.NOT_ALLOWED),
                arguments("gol d", FieldError.NOT_ALLOWED),
                arguments("gold\u0000", FieldError.CONTROL_CHARACTERS),
                arguments(SQL, FieldError.NOT_ALLOWED),
                arguments(TEMPLATE, FieldError.NOT_ALLOWED),
                arguments(List.of("gold"), FieldError.NESTED_VALUE));
    }

    @ParameterizedTest
    @MethodSource("badEnums")
    void enumBad(Object raw, String code) {
        assertRejected(TIER, raw, code);
    }

    @Test
    void enumMessageListsTheAllowedValues() {
        assertThat(assertRejected(TIER, "platinum", FieldError.NOT_ALLOWED).message())
                .contains("[Gold, silver, Bronze-Plus]").contains("'platinum'");
    }

    // ---- every type

    static Stream<FieldType> allTypes() {
        return Stream.of(FieldType.values());
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void blankOrNullIsAbsentAndRequiredSaysSo(FieldType type) {
        FieldSpec required = type == FieldType.ENUM
                ? new FieldSpec("f", type, true, null, List.of("a"), 0)
                : FieldSpec.of("f", type, true);
        FieldSpec optional = new FieldSpec("f", type, false, required.region(), required.values(), 0);
        for (Object blank : new Object[] {null, "", "   ", "\t\r\n", "\u00a0"}) {
            assertRejected(required, blank, FieldError.REQUIRED);
            assertThat(normalize(optional, blank)).isEqualTo(new Normalizer.Valid(Map.of()));
        }
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void nulCharacterIsRejectedByEveryType(FieldType type) {
        FieldSpec spec = type == FieldType.ENUM
                ? new FieldSpec("f", type, false, null, List.of("a"), 0)
                : FieldSpec.of("f", type, false);
        assertRejected(spec, "a\u0000", FieldError.CONTROL_CHARACTERS);
    }

    @Test
    void messagesQuoteTheValueTruncatedTo40Characters() {
        String value = "q".repeat(39) + "XYZ-beyond-the-limit";
        FieldError e = assertRejected(FieldType.ZIP, value, FieldError.INVALID_ZIP);
        assertThat(e.message()).contains("'" + "q".repeat(39) + "X…'").doesNotContain("YZ-beyond");
    }

    @Test
    void messagesEscapeControlCharacters() {
        FieldError e = assertRejected(FieldType.STRING, "a\u0007b", FieldError.CONTROL_CHARACTERS);
        assertThat(e.message()).contains("U+0007").contains("'a\\u0007b'").doesNotContain("\u0007");
    }
}
