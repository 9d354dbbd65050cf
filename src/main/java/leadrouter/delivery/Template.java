package leadrouter.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A compiled text template, compiled once when the config loads.
 * <ul>
 *   <li>{@code {{name}}} inserts a variable (see {@link DeliveryContext#value}); unknown variables render empty.</li>
 *   <li>{@code {{name | filter | filter:arg}}} pipes the value through filters; an argument is quoted
 *       ({@code 'text'} or {@code "text"}) or bare up to the next {@code |}.</li>
 *   <li>{@code ${NAME}} inserts a secret, resolved at send time from {@link Secrets}.</li>
 *   <li>Everything else is literal text; a template without {@code {{}}} is a constant.</li>
 * </ul>
 * Filters: {@code upper lower trim digits e164[:REGION] national[:REGION] date:PATTERN first_name
 * last_name default:'text' json urlencode}. Phone filters default to region US and leave values that
 * are not possible phone numbers unchanged; {@code date} formats dates and instants in UTC and leaves other values unchanged.
 */
public final class Template {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> FILTERS = Set.of("upper", "lower", "trim", "digits", "e164", "national", "date",
            "first_name", "last_name", "default", "json", "urlencode");

    private final String source;
    private final List<Part> parts;
    private final boolean raw;

    private Template(String source, List<Part> parts, boolean raw) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.raw = raw;
    }

    sealed interface Part permits Literal, Expr, SecretRef {
    }

    record Literal(String text) implements Part {
    }

    record SecretRef(String name) implements Part {
    }

    record Expr(String variable, List<Filter> filters) implements Part {
    }

    /** One filter with its optional argument, validated at compile time. */
    record Filter(String name, String arg, DateTimeFormatter format) {
        Object apply(Object v) {
            return switch (name) {
                case "upper" -> v == null ? null : text(v).toUpperCase(Locale.ROOT);
                case "lower" -> v == null ? null : text(v).toLowerCase(Locale.ROOT);
                case "trim" -> v == null ? null : text(v).strip();
                case "digits" -> v == null ? null : digits(text(v));
                case "e164" -> v == null ? null : phone(text(v), arg, PhoneNumberFormat.E164);
                case "national" -> v == null ? null : phone(text(v), arg, PhoneNumberFormat.NATIONAL);
                case "date" -> v == null ? null : date(v, format);
                case "first_name" -> v == null ? null : nameParts(text(v))[0];
                case "last_name" -> v == null ? null : nameParts(text(v))[1];
                case "default" -> v == null || text(v).isEmpty() ? arg : v;
                case "json" -> v == null ? null : new String(JsonStringEncoder.getInstance().quoteAsString(text(v)));
                case "urlencode" -> v == null ? null : URLEncoder.encode(text(v), StandardCharsets.UTF_8);
                default -> throw new IllegalStateException("unknown filter " + name);
            };
        }
    }

    /** Compiles {@code source}; throws IllegalArgumentException naming the problem. */
    public static Template compile(String source) {
        if (source == null) throw new IllegalArgumentException("template is missing");
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("{{", i)) {
                int end = closing(source, i + 2);
                if (end < 0) throw new IllegalArgumentException("unclosed '{{' at position " + i);
                flush(literal, parts);
                parts.add(expression(source.substring(i + 2, end)));
                i = end + 2;
            } else if (source.startsWith("${", i)) {
                int end = source.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("unclosed '${' at position " + i);
                String name = source.substring(i + 2, end).strip();
                if (!SECRET.matcher(name).matches())
                    throw new IllegalArgumentException("bad secret name '" + name + "' (letters, digits and _)");
                flush(literal, parts);
                parts.add(new SecretRef(name));
                i = end + 1;
            } else {
                literal.append(source.charAt(i++));
            }
        }
        flush(literal, parts);
        return new Template(source, parts, false);
    }

    /** A template that is exactly {@code text}, with no variables or secrets. */
    public static Template literal(String text) {
        return new Template(text, text.isEmpty() ? List.of() : List.of(new Literal(text)), true);
    }

    public String source() {
        return source;
    }

    /** True when the template has no variables and no secrets: it always renders its source. */
    public boolean isConstant() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    /** True when the template starts with literal text (so a URL's scheme can be checked at load time). */
    public String literalPrefix() {
        return !parts.isEmpty() && parts.getFirst() instanceof Literal(String text) ? text : "";
    }

    /** Names of the secrets the template uses. */
    public Set<String> secretNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) if (p instanceof SecretRef(String name)) names.add(name);
        return names;
    }

    /** Renders with the context's values and the secrets; a missing secret throws {@link MissingSecretException}. */
    public String render(DeliveryContext ctx, Secrets secrets) {
        return render(new Render(ctx, secrets));
    }

    String render(Render r) {
        return render(r, UnaryOperator.identity());
    }

    /** Renders, passing each inserted variable value (not literal text or secrets) through {@code escape}. */
    String render(Render r, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Literal(String text) -> out.append(text);
                case SecretRef(String name) -> out.append(r.secret(name));
                case Expr e -> {
                    Object v = evaluate(e, r.ctx());
                    out.append(escape.apply(v == null ? "" : text(v)));
                }
            }
        }
        return out.toString();
    }

    /**
     * The value for a JSON body: when the whole template is one expression whose result is a number or
     * boolean, that typed value; otherwise the rendered text.
     */
    Object value(Render r) {
        if (parts.size() == 1 && parts.getFirst() instanceof Expr e) {
            Object v = evaluate(e, r.ctx());
            if (v instanceof BigDecimal || v instanceof Boolean) return v;
            return v == null ? "" : text(v);
        }
        return render(r);
    }

    private static Object evaluate(Expr e, DeliveryContext ctx) {
        Object v = ctx.value(e.variable());
        for (Filter f : e.filters()) v = f.apply(v);
        return v;
    }

    /** The text form of a value: plain decimals, ISO dates and instants. */
    static String text(Object v) {
        return switch (v) {
            case BigDecimal d -> d.toPlainString();
            case String s -> s;
            default -> String.valueOf(v);
        };
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** Index of the {@code }}} closing an expression, skipping quoted filter arguments; -1 if none. */
    private static int closing(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    private static Expr expression(String body) {
        List<String> pieces = splitPipes(body);
        String variable = pieces.getFirst().strip();
        if (variable.isEmpty()) throw new IllegalArgumentException("empty expression '{{" + body + "}}'");
        if (!VARIABLE.matcher(variable).matches())
            throw new IllegalArgumentException("bad variable name '" + variable + "'");
        List<Filter> filters = new ArrayList<>();
        for (String piece : pieces.subList(1, pieces.size())) filters.add(filter(piece.strip()));
        return new Expr(variable, filters);
    }

    private static List<String> splitPipes(String body) {
        List<String> pieces = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : body.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == '|') {
                pieces.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unclosed quote in '{{" + body + "}}'");
        pieces.add(cur.toString());
        return pieces;
    }

    private static Filter filter(String spec) {
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).strip();
        String arg = colon < 0 ? null : unquote(spec.substring(colon + 1).strip());
        if (name.isEmpty()) throw new IllegalArgumentException("empty filter");
        if (!FILTERS.contains(name))
            throw new IllegalArgumentException("unknown filter '" + name + "' (known: " + String.join(", ", FILTERS.stream().sorted().toList()) + ")");
        DateTimeFormatter format = null;
        switch (name) {
            case "date" -> {
                if (arg == null || arg.isEmpty()) throw new IllegalArgumentException("filter 'date' needs a pattern, e.g. date:'yyyy-MM-dd'");
                try {
                    format = DateTimeFormatter.ofPattern(arg, Locale.ROOT);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("bad date pattern '" + arg + "': " + ex.getMessage());
                }
            }
            case "default" -> {
                if (arg == null) throw new IllegalArgumentException("filter 'default' needs a value, e.g. default:'n/a'");
            }
            case "e164", "national" -> {
                if (arg != null && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(arg))
                    throw new IllegalArgumentException("unknown phone region '" + arg + "' (ISO 3166 code such as US)");
            }
            default -> {
                if (arg != null) throw new IllegalArgumentException("filter '" + name + "' takes no argument");
            }
        }
        return new Filter(name, arg, format);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0))
            return s.substring(1, s.length() - 1);
        if (s.startsWith("'") || s.startsWith("\"")) throw new IllegalArgumentException("bad quoted argument " + s);
        return s;
    }

    private static String digits(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }

    private static String phone(String s, String region, PhoneNumberFormat format) {
        if (s.isBlank()) return s;
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(s, region == null ? "US" : region);
            return util.isPossibleNumber(number) ? util.format(number, format) : s;
        } catch (NumberParseException e) {
            return s;
        }
    }

    private static Object date(Object v, DateTimeFormatter format) {
        ZonedDateTime t = switch (v) {
            case LocalDate d -> d.atStartOfDay(ZoneOffset.UTC);
            case Instant i -> i.atZone(ZoneOffset.UTC);
            case String s -> parseDate(s.strip());
            default -> null;
        };
        if (t == null) return v;
        try {
            return format.format(t);
        } catch (RuntimeException e) {
            return v;
        }
    }

    private static ZonedDateTime parseDate(String s) {
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
        }
        try {
            return OffsetDateTime.parse(s).atZoneSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
        }
        try {
            return LocalDateTime.parse(s).atZone(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
        }
        return null;
    }

    /** {first, rest}: the first word is the first name, the remaining words the last name. */
    private static String[] nameParts(String full) {
        String s = full.strip();
        if (s.isEmpty()) return new String[]{"", ""};
        String[] words = s.split("\\s+", 2);
        return new String[]{words[0], words.length > 1 ? words[1] : ""};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source) && t.raw == raw;
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
