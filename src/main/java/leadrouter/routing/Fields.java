package leadrouter.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields a plan's conditions test, numbered, and for each field the values its lists hold,
 * numbered too: a list becomes a bit set over those numbers, so that "is the lead's zip in this
 * list" is one lookup of the zip per decision and then one bit per list, however many rules and
 * buyers test lists of that field.
 */
final class Fields {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<Map<String, Integer>> members = new ArrayList<>();
    /** Bits already built, per field and list object: rules that test one list share its bits. */
    private final Map<Integer, Map<Set<String>, long[]>> built = new HashMap<>();

    int index(String field) {
        Integer i = index.get(field);
        if (i != null) return i;
        index.put(field, names.size());
        names.add(field);
        members.add(new HashMap<>());
        return names.size() - 1;
    }

    /** The list as bits over the field's numbered values (canonical forms, as lists hold them). */
    long[] bits(int field, Set<String> list) {
        return built.computeIfAbsent(field, f -> new java.util.IdentityHashMap<>()).computeIfAbsent(list, l -> number(field, l));
    }

    private long[] number(int field, Set<String> list) {
        Map<String, Integer> numbers = members.get(field);
        List<Integer> ids = new ArrayList<>(list.size());
        for (String v : list) ids.add(numbers.computeIfAbsent(v, x -> numbers.size()));
        long[] bits = new long[(numbers.size() + 63) >>> 6];
        for (int id : ids) bits[id >>> 6] |= 1L << id;
        return bits;
    }

    String[] names() {
        return names.toArray(String[]::new);
    }

    /**
     * Per field, its listed values' numbers, by canonical form and also by the upper-case form
     * of each whose canonical form it is (so that "CA" finds "ca" without a lower-case copy; see
     * {@link FieldValue#number}); read-only once the plan is built.
     */
    @SuppressWarnings("unchecked")
    Map<String, Integer>[] members() {
        Map<String, Integer>[] out = new Map[members.size()];
        for (int f = 0; f < out.length; f++) {
            Map<String, Integer> byForm = new HashMap<>(members.get(f));
            members.get(f).forEach((canonical, id) -> {
                String upper = canonical.toUpperCase(java.util.Locale.ROOT);
                if (!upper.equals(canonical) && Condition.Operand.canonical(upper).equals(canonical)) byForm.putIfAbsent(upper, id);
            });
            out[f] = byForm;
        }
        return out;
    }

    /** Whether number {@code id} (-1: in no list) is set; lists built before a value was numbered are shorter. */
    static boolean contains(long[] bits, int id) {
        return id >= 0 && (id >>> 6) < bits.length && (bits[id >>> 6] & (1L << id)) != 0;
    }
}
