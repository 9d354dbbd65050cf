package leadrouter.routing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A rule's or buyer's condition tree. {@link #failing(Lead)} returns null when the lead satisfies
 * the condition, else the node that failed (a leaf test, or the {@code any}/{@code not} that
 * did), so a trace can say exactly which condition stopped a rule.
 */
public sealed interface Condition permits Condition.All, Condition.Any, Condition.Not, Condition.Test {

    Condition failing(Lead lead);

    default boolean test(Lead lead) {
        return failing(lead) == null;
    }

    /** Readable form, as an ops person would write it. */
    String describe();

    record All(List<Condition> all) implements Condition {
        public All {
            all = List.copyOf(all);
        }

        @Override
        public Condition failing(Lead lead) {
            for (Condition c : all) {
                Condition f = c.failing(lead);
                if (f != null) return f;
            }
            return null;
        }

        @Override
        public String describe() {
            return all.stream().map(Condition::describe).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    record Any(List<Condition> any) implements Condition {
        public Any {
            any = List.copyOf(any);
        }

        @Override
        public Condition failing(Lead lead) {
            for (Condition c : any) if (c.failing(lead) == null) return null;
            return this;
        }

        @Override
        public String describe() {
            return any.stream().map(Condition::describe).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    record Not(Condition not) implements Condition {
        @Override
        public Condition failing(Lead lead) {
            return not.failing(lead) == null ? this : null;
        }

        @Override
        public String describe() {
            return "not " + not.describe();
        }
    }

    /**
     * One comparison of a field with a value. String comparisons ignore case; numbers compare as
     * numbers and dates as dates. A missing field satisfies only {@code missing}, {@code ne} and
     * {@code not_in}.
     */
    record Test(String field, Op op, Operand value) implements Condition {
        @Override
        public Condition failing(Lead lead) {
            return matches(lead.value(field)) ? null : this;
        }

        boolean matches(Object actual) {
            return matches(new FieldValue(actual));
        }

        /** The comparison on a field value whose case-folded forms may already be known. */
        boolean matches(FieldValue actual) {
            boolean present = actual.present;
            return switch (op) {
                case EXISTS -> present;
                case MISSING -> !present;
                case NE -> !present || !value.equalTo(actual.raw);
                case NOT_IN -> !present || !value.set().contains(actual.canonical());
                default -> present && matchesPresent(actual);
            };
        }

        private boolean matchesPresent(FieldValue v) {
            Object actual = v.raw;
            return switch (op) {
                case EQ -> value.equalTo(actual);
                case IN, IN_LIST -> value.set().contains(v.canonical());
                case CONTAINS -> v.lower().contains(value.lower());
                case STARTS_WITH -> v.lower().startsWith(value.lower());
                case REGEX -> value.pattern().matcher(Operand.raw(actual)).find();
                case GT -> value.compare(actual) > 0;
                case GTE -> value.compare(actual) >= 0;
                case LT -> { int c = value.compare(actual); yield c != Integer.MIN_VALUE && c < 0; }
                case LTE -> { int c = value.compare(actual); yield c != Integer.MIN_VALUE && c <= 0; }
                case BETWEEN -> value.between(actual);
                default -> throw new AssertionError(op);
            };
        }

        @Override
        public String describe() {
            return op.unary() ? field + " " + op.key() : field + " " + op.key() + " " + value.text();
        }
    }

    /**
     * A comparison value compiled once at config load: its lower-case text, number, date, set
     * (for in / not_in / in_list), pattern, or bounds (for between).
     */
    record Operand(String text, String lower, BigDecimal number, LocalDate date, Set<String> set,
                   Pattern pattern, Operand low, Operand high) {

        public static final Operand NONE = new Operand("", "", null, null, Set.of(), null, null, null);

        public static Operand scalar(Object v) {
            String t = raw(v);
            return new Operand(t, t.toLowerCase(), number(t), date(t), Set.of(), null, null, null);
        }

        public static Operand set(String text, java.util.Collection<?> values) {
            Set<String> s = values.stream().map(Operand::canonical).collect(Collectors.toUnmodifiableSet());
            return new Operand(text, text.toLowerCase(), null, null, s, null, null, null);
        }

        public static Operand regex(String regex) {
            return new Operand(regex, regex, null, null, Set.of(), Pattern.compile(regex), null, null);
        }

        public static Operand between(Object low, Object high) {
            return new Operand("[" + raw(low) + ", " + raw(high) + "]", "", null, null, Set.of(), null, scalar(low), scalar(high));
        }

        boolean equalTo(Object actual) {
            return switch (actual) {
                case BigDecimal n -> number != null && n.compareTo(number) == 0;
                case LocalDate d -> date != null && d.equals(date);
                case Boolean b -> lower.equals(b ? "true" : "false");
                default -> raw(actual).equalsIgnoreCase(text);
            };
        }

        /** Sign of actual compared with this value; Integer.MIN_VALUE when they do not compare. */
        int compare(Object actual) {
            if (actual instanceof BigDecimal n && number != null) return Integer.signum(n.compareTo(number));
            if (actual instanceof LocalDate d && date != null) return Integer.signum(d.compareTo(date));
            return Integer.MIN_VALUE;
        }

        boolean between(Object actual) {
            int lo = low.compare(actual), hi = high.compare(actual);
            return lo != Integer.MIN_VALUE && hi != Integer.MIN_VALUE && lo >= 0 && hi <= 0;
        }

        static String raw(Object v) {
            if (v instanceof BigDecimal n) return n.stripTrailingZeros().toPlainString();
            return String.valueOf(v);
        }

        static String text(Object v) {
            return raw(v).toLowerCase();
        }

        static String canonical(Object v) {
            if (v instanceof Number n && !(v instanceof BigDecimal)) v = new BigDecimal(n.toString());
            return text(v);
        }

        private static BigDecimal number(String t) {
            try {
                return new BigDecimal(t.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static LocalDate date(String t) {
            try {
                return t.length() == 10 ? LocalDate.parse(t) : null;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }
}
