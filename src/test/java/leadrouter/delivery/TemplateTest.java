package leadrouter.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Stream;

import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.fields;
import static leadrouter.delivery.Fixtures.render;
import static leadrouter.delivery.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TemplateTest {
    private static final Map<String, Object> EXTRA = with(fields(),
            "padded", "  spaced out  ",
            "raw_phone", "(415) 555-0123",
            "uk_phone", "020 7946 0018",
            "junk_phone", "call me",
            "short_phone", "555",
            "date_text", "2024-02-29",
            "full_name", "Mary Ann Smith",
            "mononym", "Cher",
            "note", "He said \"hi\"\\\n\tbye",
            "messy", "a b&c=d/é?",
            "unicode", "Zoë Ångström 😀 東京");

    static Stream<Arguments> renders() {
        return Stream.of(
                arguments("{{first_name}}", "Jane"),
                arguments("Hi {{first_name}} {{last_name}}!", "Hi Jane Doe!"),
                arguments("plain text, no variables", "plain text, no variables"),
                arguments("", ""),
                arguments("{{ first_name }}", "Jane"),
                arguments("{{first_name | upper}}", "JANE"),
                arguments("{{first_name|lower}}", "jane"),
                arguments("[{{padded | trim}}]", "[spaced out]"),
                arguments("{{phone | digits}}", "14155550123"),
                arguments("{{raw_phone | digits}}", "4155550123"),
                arguments("{{raw_phone | e164}}", "+14155550123"),
                arguments("{{phone | national}}", "(415) 555-0123"),
                arguments("{{uk_phone | e164:GB}}", "+442079460018"),
                arguments("{{uk_phone | e164:'GB' | national:GB}}", "020 7946 0018"),
                arguments("{{junk_phone | e164}}", "call me"),
                arguments("{{short_phone | e164}}|{{short_phone | national}}", "555|555"),
                arguments("{{birth_date | date:'MM/dd/yyyy'}}", "04/01/1990"),
                arguments("{{lead.received_at | date:'yyyy-MM-dd HH:mm'}}", "2026-01-05 15:04"),
                arguments("{{lead.received_at | date:\"yyyy-MM-dd'T'HH:mm:ssXXX\"}}", "2026-01-05T15:04:05Z"),
                arguments("{{date_text | date:yyyyMMdd}}", "20240229"),
                arguments("{{first_name | date:yyyyMMdd}}", "Jane"),
                arguments("{{full_name | first_name}}", "Mary"),
                arguments("{{full_name | last_name}}", "Ann Smith"),
                arguments("{{mononym | first_name}}/{{mononym | last_name}}", "Cher/"),
                arguments("{{ full_name | last_name | upper | trim }}", "ANN SMITH"),
                arguments("{{missing}}", ""),
                arguments("[{{missing | upper}}]", "[]"),
                arguments("{{missing | default:'n/a'}}", "n/a"),
                arguments("{{missing | upper | default:\"none\"}}", "none"),
                arguments("{{first_name | default:'n/a'}}", "Jane"),
                arguments("{{missing | default:'a|b}}'}}", "a|b}}"),
                arguments("{{missing | default:}}", ""),
                arguments("{{note | json}}", "He said \\\"hi\\\"\\\\\\n\\tbye"),
                arguments("{{messy | urlencode}}", "a+b%26c%3Dd%2F%C3%A9%3F"),
                arguments("{{unicode}}", "Zoë Ångström 😀 東京"),
                arguments("{{unicode | upper}}", "ZOË ÅNGSTRÖM 😀 東京"),
                arguments("{{age}}", "42"),
                arguments("{{homeowner}}", "true"),
                arguments("{{birth_date}}", "1990-04-01"),
                arguments("{{lead.id}} {{lead.campaign}} {{lead.source}}", "lead_123 solar web"),
                arguments("{{lead.received_at}}", "2026-01-05T15:04:05Z"),
                arguments("{{buyer.id}}/{{buyer.name}}", "sunco/Sun Co"),
                arguments("{{assignment.price}}", "25.50"),
                arguments("{{delivery.id}} {{delivery.idempotency_key}} {{delivery.attempt}}", "dlv_1 dlv_1 1"),
                arguments("{{trace_url}}", "https://leadrouter.example/leads/lead_123/trace"),
                arguments("{{lead.first_name}}", "Jane"),
                arguments("{{buyer.unknown}}{{lead.nothing}}", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("renders")
    void renders(String source, String expected) {
        assertThat(Template.compile(source).render(render(ctx(EXTRA)))).isEqualTo(expected);
    }

    static Stream<Arguments> compileErrors() {
        return Stream.of(
                arguments("{{first_name | nope}}", "unknown filter 'nope'"),
                arguments("{{first_name", "unclosed '{{'"),
                arguments("{{}}", "empty expression"),
                arguments("{{ | upper}}", "empty expression"),
                arguments("{{first name}}", "bad variable name"),
                arguments("{{x | }}", "empty filter"),
                arguments("{{x | date}}", "needs a pattern"),
                arguments("{{x | date:'yyyy-MM-dd{'}}", "bad date pattern"),
                arguments("{{x | upper:1}}", "takes no argument"),
                arguments("{{x | e164:ZZ}}", "unknown phone region"),
                arguments("{{x | default}}", "needs a value"),
                arguments("{{x | default:'open}}", "unclosed"),
                arguments("Bearer ${BAD-NAME}", "bad secret name"),
                arguments("Bearer ${TOKEN", "unclosed '${'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compileErrors")
    void refusesBadTemplates(String source, String message) {
        assertThatThrownBy(() -> Template.compile(source)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void singleExpressionsKeepNumbersAndBooleansTyped() {
        Render r = render(ctx());
        assertThat(Template.compile("{{age}}").value(r)).isEqualTo(new BigDecimal("42"));
        assertThat(Template.compile("{{homeowner}}").value(r)).isEqualTo(Boolean.TRUE);
        assertThat(Template.compile("{{assignment.price}}").value(r)).isEqualTo(new BigDecimal("25.50"));
        assertThat(Template.compile("{{age}} years").value(r)).isEqualTo("42 years");
        assertThat(Template.compile("{{age | upper}}").value(r)).isEqualTo("42");
        assertThat(Template.compile("{{birth_date}}").value(r)).isEqualTo("1990-04-01");
        assertThat(Template.compile("{{missing}}").value(r)).isEqualTo("");
    }

    @Test
    void secretsResolveAtRenderTimeAndAreRemembered() {
        Template t = Template.compile("Bearer ${TOKEN} for {{first_name}}");
        assertThat(t.secretNames()).containsExactly("TOKEN");
        assertThat(t.isConstant()).isFalse();
        Render r = new Render(ctx(), Secrets.of(Map.of("TOKEN", "s3cr3t")));
        assertThat(t.render(r)).isEqualTo("Bearer s3cr3t for Jane");
        assertThat(r.usedSecrets()).containsExactly("s3cr3t");
        assertThatThrownBy(() -> t.render(ctx(), Secrets.of(Map.of())))
                .isInstanceOf(MissingSecretException.class).hasMessage("secret TOKEN is not set");
    }

    @Test
    void escapingAppliesToInsertedValuesOnly() {
        Render r = render(ctx(with(fields(), "first_name", "<b>&")));
        assertThat(Template.compile("<i>{{first_name}}</i>").render(r, Mapping::xmlEscape)).isEqualTo("<i>&lt;b&gt;&amp;</i>");
    }

    @Test
    void constantsAndLiteralPrefix() {
        assertThat(Template.compile("https://x.example/a").isConstant()).isTrue();
        assertThat(Template.compile("https://x.example/{{lead.id}}").literalPrefix()).isEqualTo("https://x.example/");
        assertThat(Template.compile("${URL}").literalPrefix()).isEmpty();
        assertThat(Template.literal("{{not a template}}").render(render(ctx()))).isEqualTo("{{not a template}}");
        assertThat(Template.compile("a{{b}}")).isEqualTo(Template.compile("a{{b}}")).isNotEqualTo(Template.compile("a{{c}}"));
    }
}
