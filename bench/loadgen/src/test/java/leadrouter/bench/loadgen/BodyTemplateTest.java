package leadrouter.bench.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyTemplateTest {

    private final LeadFaker faker = new LeadFaker(1);

    @Test
    void defaultTemplateIsJsonWithTheLeadsFields() throws Exception {
        BodyTemplate t = new BodyTemplate(BodyTemplate.DEFAULT, "solar", faker);
        for (long n = 0; n < 2_000; n++) {
            JsonNode body = new ObjectMapper().readTree(t.render(n));
            LeadFaker.Lead lead = faker.lead(n);
            assertThat(body.path("campaign").asText()).isEqualTo("solar");
            JsonNode f = body.path("fields");
            assertThat(f.path("first_name").asText()).isEqualTo(lead.firstName());
            assertThat(f.path("last_name").asText()).isEqualTo(lead.lastName());
            assertThat(f.path("phone").asText()).isEqualTo(lead.phone());
            assertThat(f.path("email").asText()).isEqualTo(lead.email());
            assertThat(f.path("state").asText()).isEqualTo(lead.state());
            assertThat(f.path("zip").asText()).isEqualTo(lead.zip());
            assertThat(f.path("monthly_bill").isInt()).isTrue();
            assertThat(f.path("monthly_bill").asInt()).isEqualTo(lead.monthlyBill());
        }
    }

    @Test
    void customTemplateAndEscapedCampaign() {
        BodyTemplate t = new BodyTemplate("seq={{seq}} c={{ campaign }} s={{state}}", "a\"b", faker);
        assertThat(new String(t.render(5))).isEqualTo("seq=5 c=a\\\"b s=" + faker.lead(5).state());
    }

    @Test
    void rejectsUnknownOrUnclosedPlaceholders() {
        assertThatThrownBy(() -> new BodyTemplate("{{nope}}", "x", faker)).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> new BodyTemplate("{{phone", "x", faker)).hasMessageContaining("unclosed");
    }
}
