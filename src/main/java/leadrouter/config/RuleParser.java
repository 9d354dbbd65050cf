package leadrouter.config;

import leadrouter.routing.Condition;
import leadrouter.routing.Distribution;
import leadrouter.routing.Rule;
import leadrouter.routing.Slot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A campaign's {@code rules}: ordered, each with an optional {@code when} and a {@code distribute}. */
final class RuleParser {
    static final List<String> RULE_KEYS = List.of("name", "when", "distribute");
    static final List<String> DISTRIBUTE_KEYS = List.of("method", "to", "exclusive", "shared");
    static final List<String> SLOT_KEYS = List.of("buyer", "weight", "priority", "bid", "price");
    static final List<String> METHODS = List.of("round_robin", "weighted", "priority", "highest_bid");

    private final IdList buyers;
    private final ConditionParser conditions;
    private final Errors errors;

    RuleParser(IdList buyers, ConditionParser conditions, Errors errors) {
        this.buyers = buyers;
        this.conditions = conditions;
        this.errors = errors;
    }

    /** The rules, or null when any has errors. */
    List<Rule> parse(Node rules, FieldScope scope) {
        if (!rules.present()) return List.of();
        if (!rules.array(errors)) return null;
        List<Rule> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        boolean ok = true;
        for (Node r : rules.items()) {
            Rule rule = rule(r, scope, names);
            ok &= rule != null;
            out.add(rule);
        }
        return ok ? out : null;
    }

    private Rule rule(Node r, FieldScope scope, Map<String, String> names) {
        if (!r.object(errors, RULE_KEYS)) return null;
        int before = errors.count();
        Node nameNode = r.get("name");
        String name = nameNode.require(errors) ? nameNode.scalarText(errors) : null;
        if (name != null && name.isBlank()) {
            errors.add(nameNode, "must not be blank");
        } else if (name != null && names.containsKey(name)) {
            errors.add(nameNode, "duplicate rule name '" + name + "' (also " + names.get(name) + ")");
        } else if (name != null) {
            names.put(name, r.path());
        }
        Node when = r.get("when");
        if (when.isExplicitNull()) errors.add(when, "is empty; leave it out for a rule that matches every lead");
        Condition condition = when.present() ? conditions.parse(when, scope) : null;
        Node dist = r.get("distribute");
        Distribution distribution = dist.require(errors) ? distribution(dist) : null;
        if (errors.count() > before) return null;
        return new Rule(name, condition, distribution);
    }

    private Distribution distribution(Node d) {
        if (!d.object(errors, DISTRIBUTE_KEYS)) return null;
        int before = errors.count();
        Node methodNode = d.get("method");
        String method = methodNode.require(errors) ? methodNode.oneOf(errors, METHODS) : null;
        List<Slot> pool = pool(d.get("to"), method);
        int shares = shares(d, d.get("to").items().size());
        if (errors.count() > before || method == null || pool == null) return null;
        return switch (method) {
            case "round_robin" -> new Distribution.RoundRobin(pool, shares);
            case "weighted" -> new Distribution.Weighted(pool, shares);
            case "priority" -> new Distribution.Priority(pool, shares);
            case "highest_bid" -> new Distribution.HighestBid(pool, shares);
            default -> throw new AssertionError(method);
        };
    }

    private List<Slot> pool(Node to, String method) {
        if (!to.require(errors, "is required: the buyers of this rule")) return null;
        if (!to.isArray() || to.items().isEmpty()) {
            errors.add(to, "must be a non-empty list of buyers");
            return null;
        }
        List<Slot> pool = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        boolean ok = true;
        List<Node> items = to.items();
        for (int i = 0; i < items.size(); i++) {
            Slot slot = slot(items.get(i), i, method, seen);
            ok &= slot != null;
            pool.add(slot);
        }
        return ok ? pool : null;
    }

    private Slot slot(Node entry, int position, String method, Map<String, String> seen) {
        int before = errors.count();
        Node buyerNode = entry.isObject() ? entry.get("buyer") : entry;
        if (entry.isObject()) {
            entry.object(errors, SLOT_KEYS);
            if (!buyerNode.require(errors)) return null;
        } else if (!entry.isText()) {
            errors.add(entry, "must be a buyer id or {buyer, weight, priority, bid, price}");
            return null;
        }
        String buyer = buyerNode.scalarText(errors);
        if (buyer != null && !buyers.ids().contains(buyer)) {
            errors.add(buyerNode, "unknown buyer '" + buyer + "' (buyers: " + buyers.names() + ")");
        } else if (buyer != null && seen.containsKey(buyer)) {
            errors.add(buyerNode, "buyer '" + buyer + "' is already in this pool (" + seen.get(buyer) + ")");
        } else if (buyer != null) {
            seen.put(buyer, entry.path());
        }
        int weight = 1;
        int priority = position;
        Long bid = null, price = null;
        if (entry.isObject()) {
            Node w = entry.get("weight");
            if (w.present() && onlyFor(w, method, "weighted")) {
                Integer v = w.integer(errors);
                if (v != null && v <= 0) errors.add(w, "must be a positive whole number, got " + v);
                if (v != null) weight = v;
            }
            Node p = entry.get("priority");
            if (p.present() && onlyFor(p, method, "priority", "highest_bid")) {
                Integer v = p.integer(errors);
                if (v != null) priority = v;
            }
            Node b = entry.get("bid");
            if (b.present() && onlyFor(b, method, "highest_bid")) bid = Values.cents(b, errors);
            Node pr = entry.get("price");
            if (pr.present()) price = Values.cents(pr, errors);
        }
        if (errors.count() > before) return null;
        return new Slot(buyer, weight, priority, bid, price);
    }

    /** Reports a pool setting the method ignores (a weight on a priority rule would mislead). */
    private boolean onlyFor(Node setting, String method, String... methods) {
        if (method == null || List.of(methods).contains(method)) return true;
        String key = setting.path().substring(setting.path().lastIndexOf('.') + 1);
        errors.add(setting, "'" + key + "' applies only to method " + String.join(" or ", methods) + ", not " + method);
        return false;
    }

    private int shares(Node d, int poolSize) {
        Node exclusive = d.get("exclusive");
        Node shared = d.get("shared");
        Boolean ex = exclusive.present() ? exclusive.bool(errors) : null;
        if (!shared.present()) {
            if (Boolean.FALSE.equals(ex)) {
                errors.add(exclusive, "a shared lead needs the number of buyers: write shared: N (N >= 2) instead of exclusive: false");
            }
            return 1;
        }
        if (Boolean.TRUE.equals(ex)) {
            errors.add(exclusive, "exclusive: true contradicts shared; give one of them");
        }
        Integer n = shared.integer(errors);
        if (n == null) return 1;
        if (n < 2) {
            errors.add(shared, "must be at least 2 (a lead sold to one buyer is exclusive), got " + n);
            return 1;
        }
        if (poolSize > 0 && n > poolSize) {
            errors.add(shared, "shared: " + n + " exceeds the pool size (" + poolSize + (poolSize == 1 ? " buyer)" : " buyers)"));
            return 1;
        }
        return n;
    }
}
