package leadrouter.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test documents: YAML snippets and in-place edits addressed by JSON pointer. */
final class Docs {
    private Docs() {
    }

    static JsonNode yaml(String text) {
        return ConfigDocument.read(text);
    }

    /** Sets (or, with a null value, removes) the node at {@code pointer}; appends at index == size. */
    static JsonNode edit(JsonNode doc, String pointer, String yamlValue) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = doc.at(p.head());
        String last = p.last().getMatchingProperty();
        JsonNode value = yamlValue == null ? null
                : yamlValue.equals("~") ? com.fasterxml.jackson.databind.node.NullNode.instance : ConfigDocument.read(yamlValue);
        switch (parent) {
            case ObjectNode o -> {
                if (value == null) o.remove(last);
                else o.set(last, value);
            }
            case ArrayNode a -> {
                int i = Integer.parseInt(last);
                if (value == null) a.remove(i);
                else if (i == a.size()) a.add(value);
                else a.set(i, value);
            }
            default -> throw new IllegalArgumentException("no container at " + p.head());
        }
        return doc;
    }
}
