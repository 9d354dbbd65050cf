package leadrouter.config;

import leadrouter.delivery.EndpointParser;
import leadrouter.delivery.EndpointSpec;
import leadrouter.routing.Buyer;
import leadrouter.routing.Cap;
import leadrouter.routing.CapPeriod;
import leadrouter.routing.Condition;
import leadrouter.routing.OperatingHours;
import leadrouter.routing.OperatingHours.Window;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One entry of {@code buyers}: time zone, hours, caps, prices, filter and delivery endpoints. */
final class BuyerParser {
    static final List<String> KEYS = List.of("id", "name", "timezone", "status", "hours", "closed", "off_hours",
            "caps", "price", "accepts", "rejects_count_against_caps", "endpoints");
    static final List<String> CAP_KEYS = List.of("per", "max", "max_spend");
    static final List<String> PERIODS = List.of("hour", "day", "week", "month", "total");

    /** A buyer (null when it has errors) and its endpoints. */
    record Parsed(Buyer buyer, List<EndpointSpec> endpoints) {
    }

    private final IdList campaigns;
    private final FieldScope scope;
    private final ConditionParser conditions;
    private final Errors errors;

    BuyerParser(IdList campaigns, FieldScope scope, ConditionParser conditions, Errors errors) {
        this.campaigns = campaigns;
        this.scope = scope;
        this.conditions = conditions;
        this.errors = errors;
    }

    Parsed parse(Node b, String id) {
        if (!b.object(errors, KEYS)) return new Parsed(null, List.of());
        int before = errors.count();
        Node nameNode = b.get("name");
        String name = nameNode.present() ? nameNode.scalarText(errors) : id;
        ZoneId zone = zone(b.get("timezone"));
        Node statusNode = b.get("status");
        String status = statusNode.present() ? statusNode.oneOf(errors, List.of("active", "paused")) : "active";
        Set<LocalDate> closed = closed(b.get("closed"));
        Node hoursNode = b.get("hours");
        Map<DayOfWeek, List<Window>> weekly = hoursNode.present() ? HoursParser.parse(hoursNode, errors) : null;
        Node offNode = b.get("off_hours");
        String offHours = offNode.present() ? offNode.oneOf(errors, List.of("defer", "skip")) : "defer";
        List<Cap> caps = caps(b.get("caps"));
        Map<String, Long> prices = prices(b.get("price"));
        Node acceptsNode = b.get("accepts");
        if (acceptsNode.isExplicitNull()) errors.add(acceptsNode, "is empty; leave it out for a buyer that accepts every lead");
        Condition accepts = acceptsNode.present() ? conditions.parse(acceptsNode, scope) : null;
        Node rejectsNode = b.get("rejects_count_against_caps");
        Boolean rejectsCount = rejectsNode.present() ? rejectsNode.bool(errors) : Boolean.FALSE;
        List<EndpointSpec> endpoints = endpoints(b.get("endpoints"));
        if (errors.count() > before || id == null) return new Parsed(null, endpoints);
        OperatingHours hours = weekly == null ? OperatingHours.always(closed) : new OperatingHours(weekly, closed);
        Buyer buyer = new Buyer(id, name, zone, status.equals("active"), hours,
                Buyer.OffHours.valueOf(offHours.toUpperCase()), caps, prices, accepts, rejectsCount);
        return new Parsed(buyer, endpoints);
    }

    private ZoneId zone(Node n) {
        if (!n.require(errors, "is required: the buyer's time zone, such as America/New_York or UTC")) return null;
        String s = n.text(errors);
        if (s == null) return null;
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            errors.add(n, "unknown time zone '" + s + "' (use a zone name such as America/New_York, or UTC)");
            return null;
        }
    }

    private Set<LocalDate> closed(Node n) {
        Set<LocalDate> out = new LinkedHashSet<>();
        if (!n.present() || !n.array(errors)) return out;
        for (Node item : n.items()) {
            LocalDate d = date(item);
            if (d != null) out.add(d);
        }
        return out;
    }

    private LocalDate date(Node n) {
        if (n.isText()) {
            try {
                return LocalDate.parse(n.json().asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(n, "must be a date YYYY-MM-DD, got " + (n.isText() ? "'" + n.json().asText() + "'" : String.valueOf(n.json())));
        return null;
    }

    private List<Cap> caps(Node n) {
        List<Cap> out = new ArrayList<>();
        if (!n.present() || !n.array(errors)) return out;
        Map<String, String> seen = new HashMap<>();
        for (Node c : n.items()) {
            Cap cap = cap(c);
            if (cap == null) continue;
            String kind = cap.per().key() + (cap.money() ? " max_spend" : " max");
            String other = seen.putIfAbsent(kind, c.path());
            if (other != null) errors.add(c, "a " + cap.per().key() + " cap with " + (cap.money() ? "max_spend" : "max") + " is already set (" + other + ")");
            else out.add(cap);
        }
        return out;
    }

    private Cap cap(Node c) {
        if (!c.object(errors, CAP_KEYS)) return null;
        int before = errors.count();
        Node perNode = c.get("per");
        String per = perNode.require(errors) ? perNode.oneOf(errors, PERIODS) : null;
        Node max = c.get("max");
        Node spend = c.get("max_spend");
        Long limit = null;
        boolean money = false;
        if (max.present() && spend.present()) {
            errors.add(c, "give either max (a number of leads) or max_spend (an amount), not both");
        } else if (max.present()) {
            Integer m = max.integer(errors);
            if (m != null && m < 0) errors.add(max, "must not be negative, got " + m);
            if (m != null) limit = m.longValue();
        } else if (spend.present()) {
            limit = Values.cents(spend, errors);
            money = true;
        } else {
            errors.add(c, "needs max (a number of leads) or max_spend (an amount)");
        }
        if (errors.count() > before || per == null || limit == null) return null;
        return new Cap(CapPeriod.parse(per), limit, money);
    }

    private Map<String, Long> prices(Node n) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!n.present() || !n.map(errors)) return out;
        for (Node.Entry e : n.entries()) {
            if (!campaigns.ids().contains(e.key())) {
                errors.add(e.value(), "unknown campaign '" + e.key() + "' (campaigns: " + campaigns.names() + ")");
                continue;
            }
            Long cents = Values.cents(e.value(), errors);
            if (cents != null) out.put(e.key(), cents);
        }
        return out;
    }

    private List<EndpointSpec> endpoints(Node n) {
        List<EndpointSpec> out = new ArrayList<>();
        if (!n.present() || !n.array(errors)) return out;
        for (Node item : n.items()) {
            int before = errors.count();
            EndpointSpec spec = EndpointParser.parse(item.json(), item.path(), errors.list());
            if (spec != null) out.add(spec);
            else if (errors.count() == before) errors.add(item, "invalid endpoint");
        }
        return out;
    }
}
