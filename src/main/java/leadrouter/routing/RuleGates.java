package leadrouter.routing;

import leadrouter.routing.Trace.RuleTrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's rules indexed by the comparison each makes first (its gate: see
 * {@link Matcher#gate}). When a rule's gate fails, the rule fails there, with the gate's own trace
 * entry, so the router skips it without evaluating its condition. Gates are numbered by what they
 * compare, so that a decision evaluates each distinct one at most once, and every {@code eq} with
 * a plain-ASCII text on one field is answered by one look-up of the lead's value: with fifty rules
 * that each begin "state eq ...", a decision reads the lead's state once, not fifty times.
 *
 * <p>Only gates that save work are kept: {@code eq} on text, and comparisons that two or more
 * rules begin with. Every answer is the one the comparison itself gives; the look-up is used only
 * where it is provably the same ({@code equalsIgnoreCase} of two ASCII strings is equality of
 * their ASCII lower cases), and a lead value that is not an ASCII string asks each comparison.
 */
final class RuleGates {

    private static final byte UNKNOWN = 0, PASSES = 1, FAILS = 2;
    /** A family's answer: no key passes; not looked up yet; look-up not possible (ask each). */
    static final int UNRESOLVED = -2;
    private static final int NONE = -1, ASK_EACH = -3;

    /** Per key: a comparison that decides it (all the rules' comparisons with that key agree). */
    private final List<Matcher<RuleTrace>> leaf = new ArrayList<>();
    /** Per key: its {@code eq} family, or -1. */
    private final List<Integer> familyOf = new ArrayList<>();
    /** Per family: the field it reads and its keys by operand text in ASCII lower case. */
    private final List<Integer> familyField = new ArrayList<>();
    private final List<Map<String, Integer>> familyKeys = new ArrayList<>();
    private final Matcher<RuleTrace>[] leaves;
    private final int[] families;
    private final int[] fields;
    private final Map<String, Integer>[] keysByText;

    /** Numbers the gates of {@code rules} and sets each rule's {@link RulePlan#gate}. */
    @SuppressWarnings("unchecked")
    RuleGates(RulePlan[] rules) {
        Map<Object, Integer> generic = new HashMap<>();
        Map<Integer, Integer> familyByField = new HashMap<>();
        Map<Object, Integer> uses = new HashMap<>();
        for (RulePlan r : rules) {
            Matcher.Comparison<RuleTrace> g = r.when == null ? null : r.when.gate();
            if (g != null && family(g) == null) uses.merge(g.agreementKey(), 1, Integer::sum);
        }
        for (RulePlan r : rules) {
            Matcher.Comparison<RuleTrace> g = r.when == null ? null : r.when.gate();
            if (g == null) continue;
            String text = family(g);
            int key;
            if (text != null) {
                int fam = familyByField.computeIfAbsent(g.field(), f -> {
                    familyField.add(f);
                    familyKeys.add(new HashMap<>());
                    return familyField.size() - 1;
                });
                key = familyKeys.get(fam).computeIfAbsent(text, t -> newKey(g, fam));
            } else if (uses.get(g.agreementKey()) > 1) {
                key = generic.computeIfAbsent(g.agreementKey(), k -> newKey(g, -1));
            } else {
                continue;
            }
            r.gate = key;
            r.gateFailure = g.failure();
        }
        leaves = leaf.toArray(Matcher[]::new);
        families = familyOf.stream().mapToInt(Integer::intValue).toArray();
        fields = familyField.stream().mapToInt(Integer::intValue).toArray();
        keysByText = familyKeys.toArray(Map[]::new);
    }

    private int newKey(Matcher.Comparison<RuleTrace> g, int family) {
        leaf.add(g);
        familyOf.add(family);
        return leaf.size() - 1;
    }

    /** For an {@code eq} on a non-empty ASCII text: that text in lower case; else null. */
    private static String family(Matcher.Comparison<RuleTrace> g) {
        Condition.Test t = g.test();
        if (t.op() != Op.EQ) return null;
        String text = t.value().text();
        return text.isEmpty() ? null : asciiLower(text);
    }

    /** {@code s} with A-Z in lower case, or null if it holds a character outside ASCII. */
    static String asciiLower(String s) {
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128) return null;
            upper |= c >= 'A' && c <= 'Z';
        }
        if (!upper) return s;
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            char c = s.charAt(i);
            out[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(out);
    }

    /** The gates of one decision on one lead (the thread's scratch arrays). */
    Run start(LeadView lead) {
        return new Run(lead, Scratch.get().forGates(leaves.length, fields.length));
    }

    final class Run {
        private final LeadView lead;
        private final byte[] answers;
        private final int[] passing;

        private Run(LeadView lead, Scratch scratch) {
            this.lead = lead;
            this.answers = scratch.gates;
            this.passing = scratch.gateFamilies;
        }

        /** Whether the lead passes gate {@code key}. */
        boolean passes(int key) {
            byte a = answers[key];
            if (a != UNKNOWN) return a == PASSES;
            int fam = families[key];
            boolean pass;
            if (fam >= 0) {
                int p = passing[fam];
                if (p == UNRESOLVED) passing[fam] = p = lookUp(fam);
                pass = p == ASK_EACH ? leaves[key].failing(lead) == null : p == key;
            } else {
                pass = leaves[key].failing(lead) == null;
            }
            answers[key] = pass ? PASSES : FAILS;
            return pass;
        }

        /** The one key of the family the lead's value equals, NONE, or ASK_EACH. */
        private int lookUp(int fam) {
            FieldValue v = lead.value(fields[fam]);
            // eq fails on a missing value.
            if (!v.present) return NONE;
            if (!(v.raw instanceof String s)) return ASK_EACH;
            String lower = asciiLower(s);
            if (lower == null) return ASK_EACH;
            Integer key = keysByText[fam].get(lower);
            return key == null ? NONE : key;
        }
    }
}
