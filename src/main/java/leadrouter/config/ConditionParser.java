package leadrouter.config;

import leadrouter.ingest.FieldSpec;
import leadrouter.ingest.FieldType;
import leadrouter.routing.Condition;
import leadrouter.routing.Condition.Operand;
import leadrouter.routing.Op;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Conditions: {@code {all: [...]}}, {@code {any: [...]}}, {@code {not: {...}}} or a test
 * {@code {field, op, value}}. Values are checked against the operator and the field's declared
 * type here, so a condition that could never match is an error rather than a silent no-op.
 */
final class ConditionParser {
    static final List<String> LEAF_KEYS = List.of("field", "op", "value");
    static final List<String> OPS = Arrays.stream(Op.values()).map(Op::key).toList();
    private static final String FORMS = "{all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}";

    private final Map<String, List<String>> lists;
    private final Errors errors;

    ConditionParser(Map<String, List<String>> lists, Errors errors) {
        this.lists = lists;
        this.errors = errors;
    }

    /** The compiled condition, or null when it has errors (all reported). */
    Condition parse(Node n, FieldScope scope) {
        if (!n.isObject()) {
            errors.add(n, "must be a condition: " + FORMS);
            return null;
        }
        List<String> keys = n.entries().stream().map(Node.Entry::key).toList();
        List<String> groups = keys.stream().filter(k -> k.equals("all") || k.equals("any") || k.equals("not")).toList();
        if (groups.isEmpty()) return leaf(n, scope);
        if (keys.size() != 1) {
            errors.add(n, "a condition has exactly one of all, any or not, or is a {field, op, value} test; found keys "
                    + String.join(", ", keys));
            return null;
        }
        String group = groups.getFirst();
        Node body = n.get(group);
        if (group.equals("not")) {
            Condition inner = parse(body, scope);
            return inner == null ? null : new Condition.Not(inner);
        }
        if (!body.isArray() || body.items().isEmpty()) {
            errors.add(body, "must be a non-empty list of conditions");
            return null;
        }
        List<Condition> parts = new ArrayList<>();
        boolean ok = true;
        for (Node part : body.items()) {
            Condition c = parse(part, scope);
            ok &= c != null;
            parts.add(c);
        }
        if (!ok) return null;
        return group.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
    }

    private Condition leaf(Node n, FieldScope scope) {
        int before = errors.count();
        n.object(errors, LEAF_KEYS);
        Node fieldNode = n.get("field");
        String field = fieldNode.require(errors) ? fieldNode.text(errors) : null;
        if (field != null && !scope.known(field)) errors.add(fieldNode, scope.unknown(field));
        Node opNode = n.get("op");
        String opKey = opNode.require(errors) ? opNode.oneOf(errors, OPS) : null;
        if (opKey == null) return null;
        Op op = Op.parse(opKey);
        List<FieldSpec> specs = field == null ? List.of() : scope.specs(field);
        Operand operand = operand(op, n.get("value"), field, specs);
        if (errors.count() > before || field == null || operand == null) return null;
        return new Condition.Test(field, op, operand);
    }

    private Operand operand(Op op, Node v, String field, List<FieldSpec> specs) {
        if (op.unary()) {
            if (v.present()) {
                errors.add(v, "op '" + op.key() + "' takes no value");
                return null;
            }
            return Operand.NONE;
        }
        if (!v.require(errors, "op '" + op.key() + "' needs a value")) return null;
        return switch (op) {
            case EQ, NE, CONTAINS, STARTS_WITH -> {
                if (!scalar(v)) yield null;
                if ((op == Op.EQ || op == Op.NE) && !fitsField(v, field, specs)) yield null;
                if (op == Op.STARTS_WITH && !zipQuoted(v, specs)) yield null;
                yield Operand.scalar(javaValue(v));
            }
            case IN, NOT_IN -> set(op, v, field, specs);
            case REGEX -> regex(v);
            case GT, GTE, LT, LTE -> comparable(op, v, field, specs) == null ? null : Operand.scalar(javaValue(v));
            case BETWEEN -> between(v, field, specs);
            case IN_LIST -> inList(v);
            case EXISTS, MISSING -> throw new AssertionError(op);
        };
    }

    private boolean scalar(Node v) {
        if (v.isScalar()) return true;
        errors.add(v, "must be a single value (string, number or boolean)");
        return false;
    }

    private Operand set(Op op, Node v, String field, List<FieldSpec> specs) {
        if (!v.isArray() || v.items().isEmpty()) {
            errors.add(v, "op '" + op.key() + "' needs a non-empty list of values");
            return null;
        }
        boolean ok = true;
        List<Object> values = new ArrayList<>();
        for (Node item : v.items()) {
            ok &= scalar(item) && fitsField(item, field, specs);
            if (item.isScalar()) values.add(javaValue(item));
        }
        if (!ok) return null;
        return Operand.set(values.stream().map(Operand::scalar).map(Operand::text)
                .collect(Collectors.joining(", ", "[", "]")), values);
    }

    private Operand regex(Node v) {
        if (!v.isText()) {
            errors.add(v, "op 'regex' needs a regular expression string");
            return null;
        }
        try {
            Pattern.compile(v.json().asText());
        } catch (PatternSyntaxException e) {
            errors.add(v, "regex does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            return null;
        }
        return Operand.regex(v.json().asText());
    }

    private Operand between(Node v, String field, List<FieldSpec> specs) {
        if (!v.isArray() || v.items().size() != 2) {
            errors.add(v, "op 'between' needs a list of two values [low, high]"
                    + (v.isArray() ? ", got " + v.items().size() : ""));
            return null;
        }
        Node low = v.items().get(0), high = v.items().get(1);
        Comparable<?> lo = comparable(Op.BETWEEN, low, field, specs);
        Comparable<?> hi = comparable(Op.BETWEEN, high, field, specs);
        if (lo == null || hi == null) return null;
        if (lo.getClass() != hi.getClass()) {
            errors.add(v, "the bounds of 'between' must both be numbers or both be dates");
            return null;
        }
        if (compare(lo, hi) > 0) {
            errors.add(v, "low bound " + low.json().asText() + " is greater than high bound " + high.json().asText());
            return null;
        }
        return Operand.between(javaValue(low), javaValue(high));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    private Operand inList(Node v) {
        if (!v.isText()) {
            errors.add(v, "op 'in_list' needs the name of a list from 'lists'");
            return null;
        }
        String name = v.json().asText();
        List<String> values = lists.get(name);
        if (values == null) {
            errors.add(v, "unknown list '" + name + "' ("
                    + (lists.isEmpty() ? "no lists are defined" : "lists: " + String.join(", ", lists.keySet())) + ")");
            return null;
        }
        return Operand.set(name, values);
    }

    /**
     * The value of an ordering comparison as a BigDecimal or LocalDate, checked against the field's
     * type; null (reported) when it is neither or does not suit the field.
     */
    private Comparable<?> comparable(Op op, Node v, String field, List<FieldSpec> specs) {
        BigDecimal number = number(v);
        LocalDate date = number == null ? date(v) : null;
        String got = v.isScalar() ? v.json().asText() : v.json().toString();
        if (number == null && date == null) {
            errors.add(v, "op '" + op.key() + "' needs a number or a date (YYYY-MM-DD), got '" + got + "'");
            return null;
        }
        if (field != null && FieldScope.BUILT_IN.contains(field)) {
            errors.add(v, "op '" + op.key() + "' compares numbers or dates, but " + field + " is text");
            return null;
        }
        // An unknown field, or one whose declaration has errors, is reported elsewhere.
        if (specs.isEmpty()) return number != null ? number : date;
        boolean numberField = specs.stream().anyMatch(s -> s.type() == FieldType.NUMBER);
        boolean dateField = specs.stream().anyMatch(s -> s.type() == FieldType.DATE);
        if (!numberField && !dateField) {
            errors.add(v, "op '" + op.key() + "' compares numbers or dates, but field '" + field + "' is of type "
                    + specs.getFirst().type().key());
            return null;
        }
        if (number != null && !numberField) {
            errors.add(v, "field '" + field + "' is a date; op '" + op.key() + "' needs a date (YYYY-MM-DD), got '" + got + "'");
            return null;
        }
        if (date != null && !dateField) {
            errors.add(v, "field '" + field + "' is a number; op '" + op.key() + "' needs a number, got '" + got + "'");
            return null;
        }
        return number != null ? number : date;
    }

    /** Whether an eq/ne/in value could ever equal a value of the field; reports when it cannot. */
    private boolean fitsField(Node v, String field, List<FieldSpec> specs) {
        if (!v.isScalar() || specs.isEmpty()) return true;
        for (FieldSpec s : specs) if (fits(v, s)) return true;
        FieldSpec s = specs.getFirst();
        String got = v.json().asText();
        errors.add(v, switch (s.type()) {
            case NUMBER -> "field '" + field + "' is a number, got '" + got + "'";
            case DATE -> "field '" + field + "' is a date (YYYY-MM-DD), got '" + got + "'";
            case BOOLEAN -> "field '" + field + "' is a boolean; use true or false, got '" + got + "'";
            case ENUM -> "'" + got + "' is not a value of enum field '" + field + "' (" + String.join(", ", s.values()) + ")";
            case ZIP -> zipMessage(v);
            default -> throw new AssertionError(s.type());
        });
        return false;
    }

    private static boolean fits(Node v, FieldSpec s) {
        return switch (s.type()) {
            case NUMBER -> number(v) != null;
            case DATE -> date(v) != null;
            case BOOLEAN -> v.json().isBoolean();
            case ENUM -> s.values().stream().anyMatch(x -> x.equalsIgnoreCase(v.json().asText()));
            case ZIP -> !v.isNumber();
            default -> true;
        };
    }

    private boolean zipQuoted(Node v, List<FieldSpec> specs) {
        if (!v.isNumber() || specs.stream().noneMatch(s -> s.type() == FieldType.ZIP)) return true;
        errors.add(v, zipMessage(v));
        return false;
    }

    private static String zipMessage(Node v) {
        return "zip codes must be quoted strings: " + v.json().asText() + " was read as a number";
    }

    private static BigDecimal number(Node v) {
        if (v.isNumber()) return v.json().decimalValue();
        if (v.isText()) {
            try {
                return new BigDecimal(v.json().asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static LocalDate date(Node v) {
        if (!v.isText() || v.json().asText().length() != 10) return null;
        try {
            return LocalDate.parse(v.json().asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Object javaValue(Node v) {
        if (v.isNumber()) return v.json().decimalValue();
        if (v.json().isBoolean()) return v.json().asBoolean();
        return v.json().asText();
    }
}
