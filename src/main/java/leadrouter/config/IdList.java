package leadrouter.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ids of one list section (sources, campaigns or buyers), checked for form and uniqueness
 * before any section is read, so that references between sections can be checked in any order.
 * {@link #at(int)} is null for an entry whose id is missing, malformed or a duplicate.
 */
record IdList(List<String> byIndex, Set<String> ids) {

    static IdList collect(Node list, String what, Errors errors) {
        List<String> byIndex = new ArrayList<>();
        Map<String, String> firstAt = new LinkedHashMap<>();
        for (Node item : list.items()) {
            String id = item.isObject() ? Values.id(item.get("id"), errors) : null;
            if (id != null && firstAt.containsKey(id)) {
                errors.add(item.get("id"), "duplicate " + what + " id '" + id + "' (also " + firstAt.get(id) + ")");
                id = null;
            } else if (id != null) {
                firstAt.put(id, item.path());
            }
            byIndex.add(id);
        }
        return new IdList(Collections.unmodifiableList(byIndex), Collections.unmodifiableSet(firstAt.keySet()));
    }

    static IdList empty() {
        return new IdList(List.of(), Set.of());
    }

    String at(int index) {
        return byIndex.get(index);
    }

    String names() {
        return ids.isEmpty() ? "none are defined" : String.join(", ", ids);
    }
}
