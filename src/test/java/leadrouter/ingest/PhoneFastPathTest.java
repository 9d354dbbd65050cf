package leadrouter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The NANP fast path of {@link FieldParsers#phone} answers exactly as libphonenumber alone does. */
class PhoneFastPathTest {
    static final List<String> REGIONS = List.of("US", "US", "US", "us", "CA", "GB", "ZZ");

    static void assertSame(Object raw, String region) {
        assertThat(FieldParsers.phone("phone", raw, region))
                .as("%s in region %s", raw, region)
                .isEqualTo(FieldParsers.phoneSlow("phone", raw, region));
    }

    // ---- the documented shapes

    @ParameterizedTest
    @ValueSource(strings = {"+14155550134", "4155550134", "(415) 555-0134", "415-555-0134", "415.555.0134",
            "1 415 555 0134", "+1 (415) 555-0134", "1-415-555-0134", "+1-415-555-0134", "(415)555-0134", "14155550134"})
    void plainShapesTakeTheFastPath(String text) {
        assertThat(FieldParsers.nanpFast(text, "US")).isEqualTo("+14155550134");
        assertThat(FieldParsers.phone("phone", text, "US")).isEqualTo(new Parsed.Ok("+14155550134"));
        assertSame(text, "US");
    }

    @Test
    void plusOneIsTakenInAnyRegionAndNationalFormOnlyInTheUs() {
        assertThat(FieldParsers.nanpFast("+1 415 555 0134", "GB")).isEqualTo("+14155550134");
        assertThat(FieldParsers.nanpFast("415 555 0134", "us")).isEqualTo("+14155550134");
        assertThat(FieldParsers.nanpFast("415 555 0134", "GB")).isNull();
        assertThat(FieldParsers.nanpFast("415 555 0134", "CA")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 416 234 5678", "(604) 681-1234", "1 876 927 1234", "+1 787 281 1234", "(671) 475 1234"})
    void nanpNumbersOutsideTheUsTakeTheFastPathToo(String text) {
        // Canada, Jamaica, Puerto Rico, Guam: valid for another NANP region, not for the US.
        String e164 = "+1" + text.replaceAll("\\D", "").substring(text.startsWith("(") ? 0 : 1);
        var phones = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        var number = new com.google.i18n.phonenumbers.Phonenumber.PhoneNumber().setCountryCode(1)
                .setNationalNumber(Long.parseLong(e164.substring(2)));
        assertThat(phones.isValidNumberForRegion(number, "US")).as("not a US number").isFalse();
        assertThat(FieldParsers.nanpFast(text, "US")).isEqualTo(e164);
        assertSame(text, "US");
    }

    @ParameterizedTest
    @ValueSource(strings = {"415-555-0134 x12", "415-555-0134 ext. 5", "415-555-0134#", "+1 415 555 0134;ext=7",
            "1-800-FLOWERS", "+44 20 7946 0958", "+ 1 415 555 0134", "++14155550134", "+4155550134", "+1 1 415 555 0134",
            "(015) 555-0134", "(115) 555-0134", "415-555-013", "415-555-01345", "011 44 20 7946 0958",
            "415\t555\t0134", "\uff14\uff11\uff15-555-0134", "415/555/0134", "(000) 000-0000"})
    void anythingElseIsLeftToLibphonenumber(String text) {
        assertThat(FieldParsers.nanpFast(text, "US")).isNull();
        assertSame(text, "US");
    }

    @Test
    void invalidNumbersInPlainShapesGetTheSameError() {
        for (String text : List.of("(999) 555-0134", "(415) 055-0134", "1 (415) 155-0134", "+1 (911) 555-0134")) {
            assertThat(FieldParsers.nanpFast(text, "US")).as(text).isNull();
            assertThat(FieldParsers.phone("phone", text, "US")).as(text).isInstanceOf(Parsed.Bad.class);
            assertSame(text, "US");
        }
    }

    // ---- properties

    static final List<String> PREFIXES = List.of("", "", "", "", "1", "1 ", "1-", "1.", "+1", "+1 ", "+1-", "+1 (", "+1.",
            "(1) ", "+", "+ 1 ", "++1", "+11", "11", "01", "011 ", "+2", "+44 ", "+0", "1(", "-", "(", ".", " ");
    static final List<String> PLAIN_PREFIXES = List.of("", "", "", "1", "1 ", "1-", "+1", "+1 ", "+1-", "+1 (", "1 (");
    static final List<String> SEPARATORS = List.of("", "", " ", " ", "-", "-", ".", ") ", ")", "(", "  ", " - ", "--",
            "/", "\t", "\u00a0", "\u2013", "+", "x", ",");
    static final List<String> SUFFIXES = List.of("", "", "", "", "", "", " x12", "x12", " ext. 5", " ext 5", "#",
            " #123", ";ext=7", ",,12", ",5", " ", ".", ")", "-", " 2", "5", "a", " / 415-555-0135");
    static final List<String> AREAS = List.of("415", "212", "555", "800", "911", "999", "011", "100", "123", "201", "987");

    /** Phone-like text: NANP groups in the usual layouts, with the usual and the unusual around them. */
    static String shaped(SplittableRandom r) {
        String[] groups = {area(r), exchange(r), "%04d".formatted(r.nextInt(10_000))};
        // Half are plain, so valid numbers reach the fast path often; the other half are anything.
        boolean plain = r.nextBoolean();
        int g = r.nextInt(3);
        switch (plain ? 9 : r.nextInt(10)) {
            case 0 -> groups[g] = groups[g].substring(1);
            case 1 -> groups[g] = groups[g] + r.nextInt(10);
            default -> {}
        }
        String body = switch (r.nextInt(9)) {
            case 0 -> "%s%s%s".formatted((Object[]) groups);
            case 1 -> "(%s) %s-%s".formatted((Object[]) groups);
            case 2 -> "%s-%s-%s".formatted((Object[]) groups);
            case 3 -> "%s.%s.%s".formatted((Object[]) groups);
            case 4 -> "%s %s %s".formatted((Object[]) groups);
            case 5 -> "(%s)%s-%s".formatted((Object[]) groups);
            default -> {
                List<String> separators = plain ? SEPARATORS.subList(0, 10) : SEPARATORS;
                yield (r.nextBoolean() ? "(" : "") + groups[0] + pick(r, separators) + groups[1] + pick(r, separators) + groups[2];
            }
        };
        StringBuilder s = new StringBuilder(pick(r, plain ? PLAIN_PREFIXES : PREFIXES)).append(body).append(plain ? "" : pick(r, SUFFIXES));
        switch (plain ? 11 : r.nextInt(12)) {
            case 0 -> s.setCharAt(r.nextInt(s.length()), (char) ('A' + r.nextInt(26)));
            case 1 -> s.insert(r.nextInt(s.length() + 1), (char) ('\uff10' + r.nextInt(10)));
            case 2 -> s.insert(r.nextInt(s.length() + 1), pick(r, List.of("ABC", "x", "e", "*", "~", "[", ";", "#", "\u0661")));
            case 3 -> s.deleteCharAt(r.nextInt(s.length()));
            case 4 -> s.insert(0, "  ").append(' ');
            default -> {}
        }
        return s.toString();
    }

    static String area(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> pick(r, AREAS);
            case 1 -> "%d%02d".formatted(r.nextInt(2), r.nextInt(100));
            default -> Integer.toString(200 + r.nextInt(800));
        };
    }

    static String exchange(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> "555";
            case 1 -> (2 + r.nextInt(8)) + "11";
            case 2 -> "%d%02d".formatted(r.nextInt(2), r.nextInt(100));
            default -> Integer.toString(200 + r.nextInt(800));
        };
    }

    static String pick(SplittableRandom r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }

    /** Short strings over the characters the fast path looks at, and a few it must not accept. */
    static String soup(SplittableRandom r) {
        String alphabet = r.nextBoolean() ? "0123456789" : "0123456789012345678901 ()-.+x#,;e/";
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(17); n > 0; n--) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return s.toString();
    }

    static Gen<String> seeded(java.util.function.Function<SplittableRandom, String> build) {
        return longs().all().map(seed -> build.apply(new SplittableRandom(seed)));
    }

    @Test
    void shapedPhonesGetTheSameAnswerBothWays() {
        AtomicInteger fast = new AtomicInteger(), total = new AtomicInteger();
        qt().withExamples(30_000).forAll(seeded(PhoneFastPathTest::shaped), Generate.pick(REGIONS)).checkAssert((text, region) -> {
            total.incrementAndGet();
            if (FieldParsers.nanpFast(text.strip(), region) != null) fast.incrementAndGet();
            assertSame(text, region);
        });
        // The generator must really exercise the fast path, not only the fallback.
        assertThat(fast.get()).isGreaterThan(total.get() / 10);
    }

    @Test
    void anyShortStringOfPhoneCharactersGetsTheSameAnswerBothWays() {
        qt().withExamples(20_000).forAll(seeded(PhoneFastPathTest::soup), Generate.pick(REGIONS)).checkAssert(PhoneFastPathTest::assertSame);
    }

    @Test
    void numbersGetTheSameAnswerBothWays() {
        qt().withExamples(5_000).forAll(longs().between(-20_000_000_000L, 30_000_000_000L), Generate.pick(REGIONS))
                .checkAssert(PhoneFastPathTest::assertSame);
        qt().forAll(integers().between(0, 3)).checkAssert(i -> assertSame(List.of(4155550134L, 14155550134L, 2125550134L, 19115550134L).get(i), "US"));
    }
}
