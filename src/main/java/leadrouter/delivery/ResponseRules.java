package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a generic HTTP endpoint's response is read: which statuses count as success, the body rules
 * for success, reject and duplicate, and where the buyer's lead id and price are.
 */
public record ResponseRules(Response.Format format, StatusSet successStatus, Rule success, Rule reject, Rule duplicate,
                            Extractor buyerLeadId, Extractor price) {
    public static final ResponseRules DEFAULT = new ResponseRules(Response.Format.AUTO, StatusSet.SUCCESS, null, null, null, null, null);

    public ResponseRules {
        if (format == null) throw new IllegalArgumentException("response format is required");
        if (successStatus == null) throw new IllegalArgumentException("success status is required");
    }

    /** The result of testing a rule: a body-path condition cannot be tested when the body is not JSON or XML. */
    enum Match { YES, NO, UNPARSEABLE }

    /**
     * A body rule; every condition given must hold. {@code status}: the response status is in the set.
     * {@code bodyContains}: the body contains the text, ignoring case. {@code path} (+ {@code equals}):
     * the value there equals one of the texts, ignoring case and surrounding space; without
     * {@code equals}, the value exists and is not null, false, 0 or "". {@code regex}: found in the body.
     * {@code reason}: where a reject's or duplicate's reason is.
     */
    public record Rule(StatusSet status, String bodyContains, JsonPath path, List<String> equals, Pattern regex, Extractor reason) {
        public Rule {
            equals = equals == null ? null : List.copyOf(equals);
            if (equals != null && path == null) throw new IllegalArgumentException("equals needs json_path");
            if (status == null && bodyContains == null && path == null && regex == null)
                throw new IllegalArgumentException("rule needs at least one of status, body_contains, json_path, regex");
        }

        /** True when the rule looks at the body (not only the status). */
        boolean hasBodyConditions() {
            return bodyContains != null || path != null || regex != null;
        }

        Match test(Response r) {
            if (status != null && !status.matches(r.status)) return Match.NO;
            if (bodyContains != null && !r.text.toLowerCase(Locale.ROOT).contains(bodyContains.toLowerCase(Locale.ROOT))) return Match.NO;
            if (regex != null && !regex.matcher(r.text).find()) return Match.NO;
            if (path != null) {
                JsonNode tree = r.tree();
                if (tree == null) return Match.UNPARSEABLE;
                JsonNode v = path.select(tree);
                if (equals == null) return truthy(v) ? Match.YES : Match.NO;
                String text = path.text(tree);
                if (text == null) return Match.NO;
                for (String e : equals) if (e.strip().equalsIgnoreCase(text.strip())) return Match.YES;
                return Match.NO;
            }
            return Match.YES;
        }

        private static boolean truthy(JsonNode v) {
            if (v == null || v.isNull()) return false;
            if (v.isBoolean()) return v.booleanValue();
            if (v.isNumber()) return v.decimalValue().signum() != 0;
            if (v.isTextual()) return !v.asText().isBlank() && !v.asText().strip().equalsIgnoreCase("false");
            return true;
        }
    }

    /** Extracts a value: the text at a JSON path, or the first capture group (or whole match) of a regex. */
    public record Extractor(JsonPath path, Pattern regex) {
        public Extractor {
            if ((path == null) == (regex == null)) throw new IllegalArgumentException("give exactly one of json_path and regex");
        }

        String extract(Response r) {
            if (path != null) {
                JsonNode tree = r.tree();
                String v = tree == null ? null : path.text(tree);
                return v == null || v.isBlank() ? null : v.strip();
            }
            Matcher m = regex.matcher(r.text);
            if (!m.find()) return null;
            String v = m.groupCount() >= 1 ? m.group(1) : m.group();
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    /** A price such as {@code 12.5}, {@code "$1,250.00"} in cents; null when absent, unreadable or negative. */
    static Long cents(String text) {
        if (text == null) return null;
        String s = text.replaceAll("[\\s$,€£]", "");
        try {
            BigDecimal d = new BigDecimal(s);
            if (d.signum() < 0) return null;
            return d.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
