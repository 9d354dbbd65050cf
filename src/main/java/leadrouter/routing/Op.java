package leadrouter.routing;

/** Condition operators, named as they are written in the config. */
public enum Op {
    EQ, NE, IN, NOT_IN, CONTAINS, STARTS_WITH, REGEX, GT, GTE, LT, LTE, BETWEEN, EXISTS, MISSING, IN_LIST;

    public String key() {
        return name().toLowerCase();
    }

    /** True for operators that take no value. */
    public boolean unary() {
        return this == EXISTS || this == MISSING;
    }

    public static Op parse(String s) {
        for (Op op : values()) if (op.key().equals(s)) return op;
        throw new IllegalArgumentException("unknown operator '" + s + "'");
    }
}
