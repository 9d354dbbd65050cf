package leadrouter.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static leadrouter.delivery.Fixtures.ctx;
import static leadrouter.delivery.Fixtures.fields;
import static leadrouter.delivery.Fixtures.render;
import static leadrouter.delivery.Fixtures.spec;
import static leadrouter.delivery.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

/** Field mappings rendered into JSON, form and XML bodies, with hostile values escaped correctly. */
class BodyBuildingTest {
    private static final String NASTY_VALUES = "values that break naive escaping";

    private static Mapping mapping(String yaml, String format) {
        HttpEndpoint e = spec("type: http\nurl: https://b.example\nformat: " + format + "\n" + yaml);
        return e.mapping();
    }

    @Test
    void jsonBodyNestsDottedTargetsAndKeepsTypes() {
        Mapping m = mapping("""
                mapping:
                  contact.first_name: "{{first_name}}"
                  contact.last_name: "{{last_name}}"
                  contact.phone: "{{phone | national}}"
                  lead_id: "{{lead.id}}"
                  age: "{{age}}"
                  homeowner: "{{homeowner}}"
                  price: "{{assignment.price}}"
                  vertical: solar
                  test_mode: 0
                  live: true
                  missing: "{{nothing}}"
                """, "json");
        assertThat(Vendor.write(m.json(render(ctx()), false))).isEqualTo(
                "{\"contact\":{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"phone\":\"(415) 555-0123\"},\"lead_id\":\"lead_123\","
                        + "\"age\":42,\"homeowner\":true,\"price\":25.50,\"vertical\":\"solar\",\"test_mode\":0,\"live\":true,\"missing\":\"\"}");
        assertThat(Vendor.write(m.json(render(ctx()), true))).doesNotContain("missing");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "quote \" backslash \\ slash / ",
            "newline\nreturn\rtab\t",
            "ampersand & equals = plus + percent % hash # question ?",
            "angle <tag attr='x'> </tag> and ]]> cdata end",
            "unicode Zoë Ångström 東京 😀 ‮rtl",
            "control \u0001\u0007\u001f chars",
            "{{not a template}} ${NOT_A_SECRET}"})
    void everyFormatRoundTripsHostileValues(String value) throws Exception {
        Render r = render(ctx(with(fields(), "note", value)));
        String expectedXml = value.replaceAll("[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]", "").replace("\r", "\n");

        Mapping json = mapping("mapping: {note: '{{note}}', 'a.b': '{{note}}'}", "json");
        var tree = new ObjectMapper().readTree(Vendor.write(json.json(r, false)));
        assertThat(tree.get("note").asText()).as(NASTY_VALUES).isEqualTo(value);
        assertThat(tree.get("a").get("b").asText()).isEqualTo(value);

        Mapping form = mapping("mapping: {note: '{{note}}', 'odd key&=': x}", "form");
        String encoded = Mapping.formEncode(form.pairs(r, false));
        assertThat(encoded).doesNotContain(" ", "\n", "<");
        Map<String, String> decoded = leadrouter.delivery.fakes.FakeServer.decodeForm(encoded);
        assertThat(decoded).containsEntry("note", value).containsEntry("odd key&=", "x");

        Mapping xml = mapping("xml_root: request\nmapping: {note: '{{note}}', contact.note: '{{note}}'}", "xml");
        String doc = xml.xml(r, "request", false);
        assertThat(doc).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><request><note>");
        var parsed = new XmlMapper().readTree(doc);
        assertThat(parsed.get("note").asText()).isEqualTo(expectedXml);
        assertThat(parsed.get("contact").get("note").asText()).isEqualTo(expectedXml);
    }

    @Test
    void xmlBodyExactly() {
        Mapping m = mapping("xml_root: lead\nmapping: {FirstName: '{{first_name}}', Contact.Email: '{{email}}', Contact.Phone: '{{phone | digits}}', Note: 'A&B <c>'}", "xml");
        assertThat(m.xml(render(ctx()), "lead", false)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><lead><FirstName>Jane</FirstName>"
                + "<Contact><Email>jane.doe@example.com</Email><Phone>14155550123</Phone></Contact><Note>A&amp;B &lt;c&gt;</Note></lead>");
    }

    @Test
    void formBodyExactlyAndOmitEmpty() {
        Mapping m = mapping("mapping: {leadNameFirst: '{{first_name}}', leadEmail: '{{email}}', note: 'a b/c', empty: '{{nothing}}'}", "form");
        assertThat(Mapping.formEncode(m.pairs(render(ctx()), false))).isEqualTo("leadNameFirst=Jane&leadEmail=jane.doe%40example.com&note=a+b%2Fc&empty=");
        assertThat(Mapping.formEncode(m.pairs(render(ctx()), true))).isEqualTo("leadNameFirst=Jane&leadEmail=jane.doe%40example.com&note=a+b%2Fc");
    }
}
