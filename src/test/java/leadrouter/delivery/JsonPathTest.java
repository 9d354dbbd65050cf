package leadrouter.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsonPathTest {
    private static final String DOC = """
            {"id":"512","data":{"id":7,"tags":["a","b"],"ok":true,"none":null},
             "errors":[{"message":"m0","fields":["LastName"]},{"message":"m1"}],"odd key":{"x":"y"}}""";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {
            "$.id|512",
            "$.data.id|7",
            "$.data.tags[1]|b",
            "$.data.ok|true",
            "$.data.none|NULL",
            "$.errors[0].message|m0",
            "$.errors[1].message|m1",
            "$.errors[0].fields[0]|LastName",
            "$.errors[2].message|NULL",
            "$['odd key'].x|y",
            "$.data.tags|[\"a\",\"b\"]",
            "$.missing.deeper|NULL",
            "$.id[0]|512",
            "$.id.x|NULL"})
    void selects(String path, String expected) throws Exception {
        assertThat(JsonPath.parse(path).text(new ObjectMapper().readTree(DOC))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"$[0].errorCode|E1", "$[1].errorCode|E2"})
    void rootArrays(String path, String expected) throws Exception {
        assertThat(JsonPath.parse(path).text(new ObjectMapper().readTree("[{\"errorCode\":\"E1\"},{\"errorCode\":\"E2\"}]"))).isEqualTo(expected);
    }
}
