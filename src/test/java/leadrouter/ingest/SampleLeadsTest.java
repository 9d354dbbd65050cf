package leadrouter.ingest;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Made-up leads for warm-up: valid for their campaign's fields, and not duplicates of each other. */
class SampleLeadsTest {

    @Test
    void everyTypeOfFieldGetsAValueItsNormalizationAccepts() {
        Map<String, FieldSpec> schema = new LinkedHashMap<>();
        for (FieldSpec f : List.of(
                new FieldSpec("name", FieldType.STRING, true, null, List.of(), 6),
                FieldSpec.of("email", FieldType.EMAIL, true),
                new FieldSpec("phone", FieldType.PHONE, true, "US", List.of(), 0),
                new FieldSpec("uk_phone", FieldType.PHONE, true, "GB", List.of(), 0),
                new FieldSpec("de_phone", FieldType.PHONE, true, "DE", List.of(), 0),
                new FieldSpec("ca_phone", FieldType.PHONE, true, "CA", List.of(), 0),
                FieldSpec.of("zip", FieldType.ZIP, true),
                FieldSpec.of("state", FieldType.US_STATE, true),
                FieldSpec.of("bill", FieldType.NUMBER, true),
                FieldSpec.of("owner", FieldType.BOOLEAN, true),
                FieldSpec.of("moved_in", FieldType.DATE, true),
                new FieldSpec("plan", FieldType.ENUM, true, null, List.of("basic", "plus", "max"), 0))) {
            schema.put(f.name(), f);
        }
        SampleLeads samples = new SampleLeads(schema, "t1");
        Set<Object> phones = new HashSet<>();
        Set<Object> states = new HashSet<>();
        int leads = 3_000;
        for (long n = 0; n < leads; n++) {
            Normalizer.Result r = Normalizer.normalize(schema, samples.fields(n));
            assertThat(r).as("lead %d: %s", n, r).isInstanceOf(Normalizer.Valid.class);
            Map<String, Object> fields = ((Normalizer.Valid) r).fields();
            phones.add(fields.get("phone"));
            states.add(fields.get("state"));
            assertThat((String) fields.get("name")).hasSizeLessThanOrEqualTo(6);
        }
        assertThat(phones).hasSize(leads); // dedupe by phone would let every one through
        assertThat(states).hasSizeGreaterThan(50); // conditions on state see every state
    }
}
