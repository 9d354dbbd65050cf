package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDocumentTest {

    @Test
    void yamlAndJsonReadToTheSameTree() {
        JsonNode yaml = ConfigDocument.read("a: 1\nb: [x, \"y\"]\nc: {d: true}\n");
        JsonNode json = ConfigDocument.read("{\"a\": 1, \"b\": [\"x\", \"y\"], \"c\": {\"d\": true}}");
        assertThat(yaml).isEqualTo(json);
    }

    @Test
    void decimalsAreReadExactly() {
        JsonNode doc = ConfigDocument.read("price: 0.10\nbig: 12345678901234567.01\n");
        assertThat(doc.get("price").decimalValue()).isEqualByComparingTo(new BigDecimal("0.10"));
        assertThat(doc.get("big").decimalValue()).isEqualByComparingTo(new BigDecimal("12345678901234567.01"));
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() {
        assertThatThrownBy(() -> ConfigDocument.read("campaigns: [a, b\nbuyers: []\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(new ConfigError("$",
                        "line 2, column 7: expected ',' or ']', but got : (while parsing a flow sequence started at line 1, column 12)")));
    }

    @Test
    void badIndentationIsASyntaxError() {
        assertThatThrownBy(() -> ConfigDocument.read("buyers:\n  - id: a\n   timezone: UTC\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(new ConfigError("$",
                        "line 3, column 4: expected <block end>, but found '<block mapping start>'"
                                + " (while parsing a block collection started at line 2, column 3)")));
    }

    @Test
    void jsonSyntaxErrorGivesLineAndColumn() {
        assertThatThrownBy(() -> ConfigDocument.read("{\"campaigns\": [}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().getFirst().message()).startsWith("line 1, column ");
                });
    }

    @Test
    void aKeyGivenTwiceIsAnError() {
        assertThatThrownBy(() -> ConfigDocument.read("buyers: []\ncampaigns: []\nbuyers: []\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .containsExactly(new ConfigError("$", "line 3, column 7: Duplicate field 'buyers'")));
    }

    @Test
    void emptyDocumentIsAnError() {
        for (String text : List.of("", "   \n", "# only a comment\n", "---\n")) {
            assertThatThrownBy(() -> ConfigDocument.read(text)).as("%s", text)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                            .containsExactly(new ConfigError("$", "the config is empty")));
        }
    }

    @Test
    void parseOfTextReturnsSyntaxErrorsAsInvalid() {
        ConfigResult r = ConfigParser.parse("campaigns: [", 1, null);
        assertThat(r).isInstanceOfSatisfying(ConfigResult.Invalid.class, i -> {
            assertThat(i.errors()).hasSize(1);
            assertThat(i.errors().getFirst().path()).isEqualTo("$");
        });
    }
}
