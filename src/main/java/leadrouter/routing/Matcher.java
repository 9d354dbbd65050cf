package leadrouter.routing;

import java.util.List;
import java.util.function.Function;

/**
 * A {@link Condition} compiled against a plan's field indexes. {@link #failing} mirrors
 * {@link Condition#failing} node for node, but returns what the caller prepared for the node that
 * failed (a rule's trace entry, a buyer's filter reason), built once when the config is compiled
 * instead of describing the condition again on every failure.
 *
 * @param <F> what a failure yields
 */
abstract sealed class Matcher<F> {

    /** Null when the lead satisfies the condition, else the failure prepared for the failing node. */
    abstract F failing(LeadView lead);

    /**
     * The comparison this matcher makes first, reached through {@code all} nodes only, or null
     * (the first is under {@code any} or {@code not}): when it fails, this matcher fails with
     * that comparison's failure, whatever the rest would say.
     */
    Comparison<F> gate() {
        return null;
    }

    /** A list comparison: the same field, list bits (by identity) and negation always agree. */
    private record ListKey(int field, long[] bits, boolean negated) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ListKey k && k.field == field && k.bits == bits && k.negated == negated;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(bits) * 31 + field) * 2 + (negated ? 1 : 0);
        }
    }

    /**
     * @param fields   the plan's fields, extended with those this condition tests and their lists
     * @param failure  what a node yields when it is the one that failed (called for leaves, any and not)
     */
    static <F> Matcher<F> compile(Condition c, Fields fields, Function<Condition, F> failure) {
        return switch (c) {
            case Condition.All a -> new All<>(a.all().stream().map(x -> compile(x, fields, failure)).toList());
            case Condition.Any a -> new Any<>(a.any().stream().map(x -> compile(x, fields, failure)).toList(), failure.apply(a));
            case Condition.Not n -> new Not<>(compile(n.not(), fields, failure), failure.apply(n));
            case Condition.Test t -> switch (t.op()) {
                case IN, IN_LIST, NOT_IN -> {
                    int field = fields.index(t.field());
                    yield new ListTest<>(t, field, fields.bits(field, t.value().set()), failure.apply(t));
                }
                default -> new Test<>(t, fields.index(t.field()), failure.apply(t));
            };
        };
    }

    private static final class All<F> extends Matcher<F> {
        private final Matcher<F>[] parts;

        @SuppressWarnings("unchecked")
        All(List<Matcher<F>> parts) {
            this.parts = parts.toArray(Matcher[]::new);
        }

        @Override
        F failing(LeadView lead) {
            for (Matcher<F> m : parts) {
                F f = m.failing(lead);
                if (f != null) return f;
            }
            return null;
        }

        @Override
        Comparison<F> gate() {
            return parts.length == 0 ? null : parts[0].gate();
        }
    }

    private static final class Any<F> extends Matcher<F> {
        private final Matcher<F>[] parts;
        private final F failure;

        @SuppressWarnings("unchecked")
        Any(List<Matcher<F>> parts, F failure) {
            this.parts = parts.toArray(Matcher[]::new);
            this.failure = failure;
        }

        @Override
        F failing(LeadView lead) {
            for (Matcher<F> m : parts) if (m.failing(lead) == null) return null;
            return failure;
        }
    }

    private static final class Not<F> extends Matcher<F> {
        private final Matcher<F> inner;
        private final F failure;

        Not(Matcher<F> inner, F failure) {
            this.inner = inner;
            this.failure = failure;
        }

        @Override
        F failing(LeadView lead) {
            return inner.failing(lead) == null ? failure : null;
        }
    }

    /**
     * One comparison of one field: a leaf, and so its own gate. Besides matching, it tells what
     * its failure yields, what it compares, the plan's number of the field it reads, and a key
     * equal to another comparison's only when the two always agree.
     */
    abstract static sealed class Comparison<F> extends Matcher<F> permits ListTest, Test {
        final Condition.Test test;
        final int field;
        final F failure;

        Comparison(Condition.Test test, int field, F failure) {
            this.test = test;
            this.field = field;
            this.failure = failure;
        }

        @Override
        Comparison<F> gate() {
            return this;
        }

        F failure() {
            return failure;
        }

        Condition.Test test() {
            return test;
        }

        int field() {
            return field;
        }

        abstract Object agreementKey();
    }

    /**
     * {@code in}, {@code in_list} and {@code not_in} as {@link Condition.Test#matches} has them,
     * with the list as bits: a missing value is in no list and passes only {@code not_in}.
     */
    private static final class ListTest<F> extends Comparison<F> {
        private final boolean negated;
        private final long[] bits;

        ListTest(Condition.Test test, int field, long[] bits, F failure) {
            super(test, field, failure);
            this.negated = test.op() == Op.NOT_IN;
            this.bits = bits;
        }

        @Override
        Object agreementKey() {
            return new ListKey(field, bits, negated);
        }

        @Override
        F failing(LeadView lead) {
            FieldValue v = lead.value(field);
            boolean in = v.present && Fields.contains(bits, v.number());
            boolean ok = negated ? !in : in;
            return ok ? null : failure;
        }
    }

    /**
     * Any other comparison, by {@link Condition.Test#matches}; the two that rule lists are mostly
     * made of take a direct path for the value types they nearly always meet, with the same
     * result: {@code eq} on a text value (compared ignoring case) and number comparisons on a
     * number value.
     */
    private static final class Test<F> extends Comparison<F> {
        private final Op op;
        /** The operand's text, for {@code eq}. */
        private final String text;
        /** The operand as a number, for {@code gt}, {@code gte}, {@code lt}, {@code lte}; else null. */
        private final java.math.BigDecimal number;

        Test(Condition.Test test, int field, F failure) {
            super(test, field, failure);
            this.op = test.op();
            this.text = test.value().text();
            this.number = switch (op) {
                case GT, GTE, LT, LTE -> test.value().number();
                default -> null;
            };
        }

        @Override
        F failing(LeadView lead) {
            return matches(lead.value(field)) ? null : failure;
        }

        @Override
        Object agreementKey() {
            // Equal comparisons of one field: the plan numbers a field once.
            return test;
        }

        private boolean matches(FieldValue v) {
            if (op == Op.EQ && v.raw instanceof String s) return !s.isEmpty() && s.equalsIgnoreCase(text);
            if (number != null && v.raw instanceof java.math.BigDecimal n) {
                int c = n.compareTo(number);
                return switch (op) {
                    case GT -> c > 0;
                    case GTE -> c >= 0;
                    case LT -> c < 0;
                    default -> c <= 0;
                };
            }
            return test.matches(v);
        }
    }
}
