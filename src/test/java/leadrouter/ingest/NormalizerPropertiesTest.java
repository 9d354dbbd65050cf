package leadrouter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties over random input: normalization never throws, and normalizing the text of a
 * normalized value gives the same value back (so re-submitting stored data changes nothing).
 */
class NormalizerPropertiesTest {
    static final List<FieldSpec> SPECS = List.of(
            FieldSpec.of("f", FieldType.STRING, false),
            FieldSpec.of("f", FieldType.EMAIL, false),
            FieldSpec.of("f", FieldType.PHONE, false),
            new FieldSpec("f", FieldType.PHONE, false, "GB", List.of(), 0),
            FieldSpec.of("f", FieldType.ZIP, false),
            FieldSpec.of("f", FieldType.US_STATE, false),
            FieldSpec.of("f", FieldType.NUMBER, false),
            FieldSpec.of("f", FieldType.BOOLEAN, false),
            FieldSpec.of("f", FieldType.DATE, false),
            new FieldSpec("f", FieldType.ENUM, false, null, List.of("Gold", "silver", "1"), 0));

    /** Text of a normalized value, as it would be stored or re-submitted. */
    static String text(Object v) {
        return switch (v) {
            case String s -> s;
            case BigDecimal d -> d.toPlainString();
            case LocalDate d -> d.toString();
            case Boolean b -> b.toString();
            default -> throw new AssertionError("not a normalized value: " + v.getClass());
        };
    }

    static Normalizer.Result one(FieldSpec spec, Object raw) {
        Map<String, Object> lead = new HashMap<>();
        lead.put("f", raw);
        return Normalizer.normalize(Map.of("f", spec), lead);
    }

    /** Normalizes, and if valid checks the value's type and that its text normalizes to itself. */
    static void assertStable(FieldSpec spec, Object raw) {
        Normalizer.Result first = one(spec, raw);
        if (!(first instanceof Normalizer.Valid(Map<String, Object> fields)) || fields.isEmpty()) return;
        Object value = fields.get("f");
        assertThat(value).isInstanceOfAny(String.class, BigDecimal.class, Boolean.class, LocalDate.class);
        Normalizer.Result again = one(spec, text(value));
        assertThat(again).as("%s value %s from %s", spec.type(), value, raw).isEqualTo(first);
    }

    static Gen<String> anyText() {
        return strings().allPossible().ofLengthBetween(0, 40)
                .mix(strings().basicLatinAlphabet().ofLengthBetween(0, 20), 40)
                .mix(strings().numeric(), 20);
    }

    @Test
    void anyTextForAnyTypeIsAnsweredNeverThrownAndIsStable() {
        qt().withExamples(3000).forAll(Generate.pick(SPECS), anyText()).checkAssert(NormalizerPropertiesTest::assertStable);
    }

    @Test
    void anyLeadOfArbitraryNamesAndValuesIsAnswered() {
        Gen<Map<String, Object>> leads = Generate.pick(List.of(0, 1, 3, 8)).zip(anyText(), anyText(), (n, k, v) -> {
            Map<String, Object> m = new HashMap<>();
            for (int i = 0; i < n; i++) m.put(i % 2 == 0 ? k + i : "f", i == n - 1 ? v : k);
            return m;
        });
        qt().forAll(leads).checkAssert(lead -> {
            Normalizer.Result r = Normalizer.normalize(Map.of("f", SPECS.get(6), "email", SPECS.get(1)), lead);
            switch (r) {
                case Normalizer.Valid v -> assertThat(Normalizer.normalize(Map.of("f", SPECS.get(6), "email", SPECS.get(1)), v.fields())).isEqualTo(v);
                case Normalizer.Invalid i -> assertThat(i.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
            }
        });
    }

    // Inputs built to shape reach the valid values that random text rarely hits.

    @Test
    void phonesInAnyLayoutAreStable() {
        Gen<String> layouts = Generate.pick(List.of("(%s) %s-%s", "%s.%s.%s", "+1 %s %s %s", "1-%s-%s-%s", "%s%s%s"));
        Gen<String> phones = layouts.zip(integers().between(200, 999), integers().between(200, 999), integers().between(0, 9999),
                (layout, area, exchange, line) -> layout.formatted(area, exchange, "%04d".formatted(line)));
        qt().forAll(phones).checkAssert(p -> assertStable(SPECS.get(2), p));
        qt().forAll(longs().between(2_000_000_000L, 9_999_999_999L)).checkAssert(p -> assertStable(SPECS.get(2), p));
    }

    @Test
    void datesInEitherFormatAreStable() {
        Gen<String> dates = integers().between(1000, 9999).zip(integers().between(0, 13), integers().between(0, 32), Generate.booleans(),
                (y, m, d, iso) -> iso ? "%04d-%02d-%02d".formatted(y, m, d) : "%d/%d/%d".formatted(m, d, y));
        qt().forAll(dates).checkAssert(d -> assertStable(SPECS.get(8), d));
    }

    @Test
    void numbersInAnyWrittenFormAreStable() {
        Gen<String> numbers = longs().between(-10_000_000_000L, 10_000_000_000L).zip(integers().between(0, 6), Generate.pick(List.of(0, 1, 2, 3, 4)),
                (n, scale, style) -> {
                    String plain = BigDecimal.valueOf(n, scale).toPlainString();
                    return switch (style) {
                        case 0 -> plain;
                        case 1 -> money(plain);
                        case 2 -> BigDecimal.valueOf(n, scale).toString();
                        case 3 -> (n / 100_000) + "e" + scale;
                        default -> " " + plain + " ";
                    };
                });
        qt().forAll(numbers).checkAssert(n -> {
            assertThat(one(SPECS.get(6), n)).as(n).isInstanceOf(Normalizer.Valid.class);
            assertStable(SPECS.get(6), n);
        });
    }

    /** "-1234567.50" -> "-$1,234,567.50" */
    static String money(String plain) {
        boolean negative = plain.startsWith("-");
        String digits = negative ? plain.substring(1) : plain;
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot), fraction = dot < 0 ? "" : digits.substring(dot);
        List<String> groups = new ArrayList<>();
        for (int end = whole.length(); end > 0; end -= 3) groups.addFirst(whole.substring(Math.max(0, end - 3), end));
        return (negative ? "-" : "") + "$" + String.join(",", groups) + fraction;
    }

    @Test
    void zipsStatesEmailsAndChoicesAreStable() {
        Gen<String> zips = integers().between(0, 99999).zip(integers().between(-1, 9999), (z, plus4) ->
                "%05d".formatted(z) + (plus4 < 0 ? "" : "-%04d".formatted(plus4)));
        qt().forAll(zips).checkAssert(z -> {
            assertThat(one(SPECS.get(4), z)).isInstanceOf(Normalizer.Valid.class);
            assertStable(SPECS.get(4), z);
        });

        Gen<String> states = Generate.pick(List.of("ca", "California", " new YORK ", "d.c.", "Guam", "vi", "Texas", "tx"))
                .zip(Generate.booleans(), (s, upper) -> upper ? s.toUpperCase() : s);
        qt().forAll(states).checkAssert(s -> assertStable(SPECS.get(5), s));

        Gen<String> emails = strings().basicLatinAlphabet().ofLengthBetween(1, 12).zip(Generate.pick(List.of("Example.COM", "sub.mail.io", "a-b.co")),
                (local, domain) -> local + "@" + domain);
        qt().forAll(emails).checkAssert(e -> assertStable(SPECS.get(1), e));

        qt().forAll(Generate.pick(List.of("GOLD", "gold", "Silver", " 1 ", "gold "))).checkAssert(c -> assertStable(SPECS.get(9), c));
    }
}
