package leadrouter.config;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    @Test
    void keyHashIsSha256Hex() {
        // SHA-256 of "abc" (FIPS 180-2 test vector).
        assertThat(Keys.hash("abc")).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Keys.isHash(Keys.hash("demo-web-key"))).isTrue();
        assertThat(Keys.isHash("demo-web-key")).isFalse();
        assertThat(Keys.isHash(Keys.hash("x").toUpperCase())).isFalse();
        assertThatThrownBy(() -> Keys.hash("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        for (String bad : new String[]{"30", "d", "1.5h", "-1d", "30 d", "1y", "PT1H"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a duration such as 90s, 15m, 12h, 30d or 2w, got '" + bad + "'");
        }
        assertThat(Durations.format(Duration.ofDays(14))).isEqualTo("2w");
        assertThat(Durations.format(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofSeconds(0))).isEqualTo("0s");
    }

    @Test
    void amounts() {
        assertThat(Amounts.cents(new BigDecimal("42.50"))).isEqualTo(4250);
        assertThat(Amounts.cents(new BigDecimal("42.500"))).isEqualTo(4250);
        assertThat(Amounts.cents(new BigDecimal("1E+3"))).isEqualTo(100_000);
        assertThat(Amounts.cents("0.01")).isEqualTo(1);
        assertThat(Amounts.cents(" 7 ")).isEqualTo(700);
        assertThat(Amounts.format(4250)).isEqualTo("42.50");
        assertThat(Amounts.format(5)).isEqualTo("0.05");
        assertThatThrownBy(() -> Amounts.cents(new BigDecimal("0.005")))
                .hasMessage("has more than 2 decimals (0.005); amounts are not rounded");
        assertThatThrownBy(() -> Amounts.cents("-1")).hasMessage("must not be negative, got -1");
        assertThatThrownBy(() -> Amounts.cents("$5")).hasMessage("must be an amount such as 42.50, got '$5'");
        assertThatThrownBy(() -> Amounts.cents(new BigDecimal("1E+30"))).hasMessage("is too large: 1000000000000000000000000000000");
    }
}
