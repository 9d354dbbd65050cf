package leadrouter.config;

import java.util.regex.Pattern;

/** Readers for the value kinds the config sections share: ids, field names, amounts, durations. */
final class Values {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final String ID_RULE = "lowercase letters, digits, '_' and '-', starting with a letter or digit, at most 64";
    static final String FIELD_RULE = "letters, digits and '_', not starting with a digit, at most 64";

    private Values() {
    }

    /** An id such as a buyer's or campaign's; null (reported) when missing or malformed. */
    static String id(Node n, Errors errors) {
        if (!n.require(errors)) return null;
        String s = n.scalarText(errors);
        if (s == null) return null;
        if (!ID.matcher(s).matches()) {
            errors.add(n, "'" + s + "' is not a valid id (" + ID_RULE + ")");
            return null;
        }
        return s;
    }

    /** An amount in cents, from a number (42.50) or a string ("42.50"). */
    static Long cents(Node n, Errors errors) {
        try {
            if (n.isNumber()) return Amounts.cents(n.json().decimalValue());
            if (n.isText()) return Amounts.cents(n.json().asText());
        } catch (IllegalArgumentException e) {
            errors.add(n, e.getMessage());
            return null;
        }
        errors.add(n, "must be an amount such as 42.50" + (n.present() ? ", got " + n.json() : ""));
        return null;
    }
}
