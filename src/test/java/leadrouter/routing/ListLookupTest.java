package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lead's value is in a list exactly when its canonical form is (as {@link Condition.Test#matches}
 * has it), however it is spelled: the plan's look-up by the value as it is, and by its upper-case
 * form, must not change an answer. Values mix cases, digits and letters whose case mapping is
 * irregular (dotted and dotless i, sharp s, final sigma).
 */
class ListLookupTest {

    private static final String ALPHABET = "abcxyzABCXYZ019 -İıIißẞΣσςé";

    @Test
    void aValueIsInAListExactlyWhenItsCanonicalFormIs() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            Fields fields = new Fields();
            int field = fields.index("code");
            List<Set<String>> lists = new ArrayList<>();
            List<long[]> bits = new ArrayList<>();
            for (int l = 0; l < 3; l++) {
                Set<String> list = new LinkedHashSet<>();
                for (int k = 0; k < 20; k++) list.add(Condition.Operand.canonical(word(rnd)));
                lists.add(list);
                bits.add(fields.bits(field, list));
            }
            String[] names = fields.names();
            Map<String, Integer>[] listed = fields.members();
            List<String> probes = new ArrayList<>();
            for (Set<String> list : lists) {
                for (String v : list) {
                    probes.add(v);
                    probes.add(v.toUpperCase(java.util.Locale.ROOT));
                    probes.add(v.toUpperCase());
                }
            }
            for (int k = 0; k < 100; k++) probes.add(word(rnd));
            for (String probe : probes) {
                Lead lead = new Lead("ld", "c", "web", Map.of("code", probe), Instant.EPOCH);
                FieldValue v = new LeadView(lead, names, listed).value(field);
                for (int l = 0; l < lists.size(); l++) {
                    assertThat(Fields.contains(bits.get(l), v.number()))
                            .as("'%s' in list %d", probe, l)
                            .isEqualTo(lists.get(l).contains(Condition.Operand.canonical(probe)));
                }
            }
        }
    }

    private static String word(SplittableRandom rnd) {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(1, 5);
        for (int i = 0; i < n; i++) b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        return b.toString();
    }
}
