package leadrouter.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One difference between two config documents. {@code before} is null for an addition and
 * {@code after} for a removal. When the entries of a list keyed by id (or rule name) only changed
 * order, the change is at the list's path and before/after hold the keys in their old and new order.
 */
public record ConfigChange(String path, Kind change, JsonNode before, JsonNode after) {

    public enum Kind {
        ADDED, REMOVED, CHANGED;

        @JsonValue
        public String key() {
            return name().toLowerCase();
        }
    }

    @Override
    public String toString() {
        return change.key() + " " + path + (before == null ? "" : " " + before) + (after == null ? "" : " -> " + after);
    }
}
