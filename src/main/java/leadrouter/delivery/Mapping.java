package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.config.ConfigError;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A field mapping: target field to template, in config order. A constant is a template without
 * {@code {{}}}; a number or boolean constant stays typed in JSON, as does a template that is a single
 * expression yielding a number or boolean. When {@code nested}, a dotted target such as
 * {@code contact.first_name} builds nested JSON objects (or nested XML elements).
 */
public record Mapping(List<Field> fields, boolean nested) {
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");

    public record Field(String target, Template template, JsonNode constant) {
    }

    public Mapping {
        fields = List.copyOf(fields);
    }

    /** A flat mapping from alternating target and template source (adapter defaults). */
    public static Mapping of(String... targetsAndTemplates) {
        if (targetsAndTemplates.length % 2 != 0) throw new IllegalArgumentException("targets and templates come in pairs");
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < targetsAndTemplates.length; i += 2)
            fields.add(new Field(targetsAndTemplates[i], Template.compile(targetsAndTemplates[i + 1]), null));
        return new Mapping(fields, false);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Parses a mapping object, adding problems to {@code errors}; null when there were any. */
    static Mapping parse(JsonNode node, String path, List<ConfigError> errors, boolean nested, boolean xmlNames) {
        if (node == null || !node.isObject()) {
            errors.add(new ConfigError(path, "must be a map of target field to template"));
            return null;
        }
        int before = errors.size();
        List<Field> fields = new ArrayList<>();
        for (var e : node.properties()) {
            String target = e.getKey();
            JsonNode v = e.getValue();
            String where = path + "." + target;
            if (target.isBlank()) {
                errors.add(new ConfigError(where, "empty target field name"));
                continue;
            }
            if (nested && (target.startsWith(".") || target.endsWith(".") || target.contains(".."))) {
                errors.add(new ConfigError(where, "dotted target has an empty part"));
                continue;
            }
            if (xmlNames) {
                for (String seg : nested ? target.split("\\.") : new String[]{target})
                    if (!XML_NAME.matcher(seg).matches() || seg.toLowerCase().startsWith("xml"))
                        errors.add(new ConfigError(where, "'" + seg + "' is not a valid XML element name"));
            }
            if (v.isTextual()) {
                try {
                    fields.add(new Field(target, Template.compile(v.asText()), null));
                } catch (IllegalArgumentException ex) {
                    errors.add(new ConfigError(where, ex.getMessage()));
                }
            } else if (v.isNumber() || v.isBoolean()) {
                fields.add(new Field(target, Template.literal(v.asText()), v));
            } else {
                errors.add(new ConfigError(where, "must be a template string, a number or a boolean"));
            }
        }
        if (nested) {
            for (Field a : fields)
                for (Field b : fields)
                    if (b.target().startsWith(a.target() + "."))
                        errors.add(new ConfigError(path + "." + b.target(), "conflicts with '" + a.target() + "', which is a value, not an object"));
        }
        return errors.size() > before ? null : new Mapping(fields, nested);
    }

    /**
     * A JSON object of the rendered fields. With {@code omitEmpty} (CRM adapters), text values are
     * stripped and left out when empty, so a missing lead field never blanks a CRM property.
     */
    ObjectNode json(Render r, boolean omitEmpty) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Field f : fields) {
            Object v = f.constant() != null ? f.constant() : f.template().value(r);
            if (omitEmpty && v instanceof String s) {
                v = s.strip();
                if (s.isBlank()) continue;
            }
            ObjectNode parent = root;
            String key = f.target();
            if (nested) {
                String[] segs = key.split("\\.");
                for (int i = 0; i < segs.length - 1; i++) parent = parent.withObjectProperty(segs[i]);
                key = segs[segs.length - 1];
            }
            switch (v) {
                case JsonNode n -> parent.set(key, n);
                case BigDecimal d -> parent.put(key, d);
                case Boolean b -> parent.put(key, b);
                default -> parent.put(key, (String) v);
            }
        }
        return root;
    }

    /** Rendered (target, value) pairs, for form bodies and query strings. */
    List<Map.Entry<String, String>> pairs(Render r, boolean omitEmpty) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Field f : fields) {
            String v = f.template().render(r);
            if (omitEmpty && v.isBlank()) continue;
            out.add(new SimpleEntry<>(f.target(), v));
        }
        return out;
    }

    /** {@code application/x-www-form-urlencoded} text of the pairs. */
    static String formEncode(List<Map.Entry<String, String>> pairs) {
        StringBuilder b = new StringBuilder();
        for (var p : pairs) {
            if (!b.isEmpty()) b.append('&');
            b.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** An XML document with one element per field under {@code root}; dotted targets nest when {@code nested}. */
    String xml(Render r, String root, boolean omitEmpty) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Field f : fields) {
            String v = f.template().render(r);
            if (omitEmpty && v.isBlank()) continue;
            String[] segs = nested ? f.target().split("\\.") : new String[]{f.target()};
            Map<String, Object> parent = tree;
            for (int i = 0; i < segs.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) parent.computeIfAbsent(segs[i], k -> new LinkedHashMap<String, Object>());
                parent = child;
            }
            parent.put(segs[segs.length - 1], v);
        }
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        element(b, root, tree);
        return b.toString();
    }

    private static void element(StringBuilder b, String name, Object content) {
        b.append('<').append(name).append('>');
        if (content instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) element(b, (String) e.getKey(), e.getValue());
        } else {
            b.append(xmlEscape((String) content));
        }
        b.append("</").append(name).append('>');
    }

    /** Escapes markup characters and drops characters XML 1.0 cannot carry (control characters, lone surrogates). */
    static String xmlEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                        // not representable in XML 1.0
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
