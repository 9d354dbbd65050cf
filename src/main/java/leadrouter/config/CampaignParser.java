package leadrouter.config;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import leadrouter.ingest.DedupePolicy;
import leadrouter.ingest.FieldSpec;
import leadrouter.ingest.FieldType;
import leadrouter.routing.Campaign;
import leadrouter.routing.Rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One entry of {@code campaigns}: its field schema, dedupe policy, rules and fallback queue. */
final class CampaignParser {
    static final List<String> KEYS = List.of("id", "name", "fields", "dedupe", "rules", "fallback");
    static final List<String> FIELD_KEYS = List.of("type", "required", "region", "values", "max_length");
    static final List<String> DEDUPE_KEYS = List.of("fields", "window", "match", "action");
    static final List<String> TYPES = Arrays.stream(FieldType.values()).map(FieldType::key).toList();

    /**
     * A campaign (null when it has errors) and the fields it declares, which buyers' filters may
     * test. A field whose own declaration has errors maps to null: it still counts as declared, so
     * rules and dedupe naming it are not reported a second time.
     */
    record Parsed(Campaign campaign, Map<String, FieldSpec> fields) {
    }

    private final RuleParser rules;
    private final Errors errors;

    CampaignParser(RuleParser rules, Errors errors) {
        this.rules = rules;
        this.errors = errors;
    }

    Parsed parse(Node c, String id) {
        if (!c.object(errors, KEYS)) return new Parsed(null, Map.of());
        int before = errors.count();
        Node nameNode = c.get("name");
        String name = nameNode.present() ? nameNode.scalarText(errors) : id;
        Map<String, FieldSpec> fields = fields(c.get("fields"));
        Node dedupeNode = c.get("dedupe");
        DedupePolicy dedupe = dedupeNode.present() ? dedupe(dedupeNode, fields) : null;
        List<Rule> ruleList = rules.parse(c.get("rules"), FieldScope.campaign(id, fields));
        Node fallbackNode = c.get("fallback");
        String fallback = fallbackNode.present() ? queue(fallbackNode) : Campaign.DEFAULT_FALLBACK;
        if (errors.count() > before || id == null) return new Parsed(null, fields);
        return new Parsed(new Campaign(id, name, fields, dedupe, ruleList, fallback), fields);
    }

    private Map<String, FieldSpec> fields(Node fields) {
        Map<String, FieldSpec> out = new LinkedHashMap<>();
        if (!fields.require(errors, "is required: the fields a lead of this campaign has") || !fields.map(errors)) return out;
        if (fields.entries().isEmpty()) errors.add(fields, "must declare at least one field");
        for (Node.Entry e : fields.entries()) {
            if (!Values.FIELD.matcher(e.key()).matches()) {
                errors.add(e.value(), "'" + e.key() + "' is not a valid field name (" + Values.FIELD_RULE + ")");
                continue;
            }
            out.put(e.key(), field(e.key(), e.value()));
        }
        return out;
    }

    private FieldSpec field(String name, Node f) {
        if (!f.object(errors, FIELD_KEYS)) return null;
        int before = errors.count();
        Node typeNode = f.get("type");
        String typeKey = typeNode.require(errors) ? typeNode.oneOf(errors, TYPES) : null;
        FieldType type = typeKey == null ? null : FieldType.parse(typeKey);
        Node req = f.get("required");
        Boolean required = req.present() ? req.bool(errors) : Boolean.FALSE;

        String region = null;
        Node regionNode = f.get("region");
        if (regionNode.present() && onlyFor(regionNode, type, FieldType.PHONE)) {
            region = regionNode.text(errors);
            if (region != null && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
                errors.add(regionNode, "'" + region + "' is not a two-letter ISO 3166 region code with phone numbers (such as US, GB, DE)");
            }
        }

        List<String> values = List.of();
        Node valuesNode = f.get("values");
        if (type == FieldType.ENUM) {
            values = enumValues(valuesNode);
        } else if (valuesNode.present()) {
            onlyFor(valuesNode, type, FieldType.ENUM);
        }

        int maxLength = 0;
        Node maxNode = f.get("max_length");
        if (maxNode.present() && onlyFor(maxNode, type, FieldType.STRING)) {
            Integer m = maxNode.integer(errors);
            if (m != null && m <= 0) errors.add(maxNode, "must be a positive whole number, got " + m);
            if (m != null) maxLength = m;
        }
        if (errors.count() > before || type == null) return null;
        return new FieldSpec(name, type, required, region, values, maxLength);
    }

    private boolean onlyFor(Node setting, FieldType type, FieldType only) {
        if (type == null || type == only) return true;
        String key = setting.path().substring(setting.path().lastIndexOf('.') + 1);
        errors.add(setting, "'" + key + "' applies only to fields of type " + only.key() + ", not " + type.key());
        return false;
    }

    private List<String> enumValues(Node v) {
        if (!v.require(errors, "is required for an enum field: the allowed values")) return List.of();
        if (!v.isArray() || v.items().isEmpty()) {
            errors.add(v, "must be a non-empty list of values");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Node item : v.items()) {
            String s = item.scalarText(errors);
            if (s != null && !out.add(s)) errors.add(item, "duplicate value '" + s + "'");
        }
        return List.copyOf(out);
    }

    private DedupePolicy dedupe(Node d, Map<String, FieldSpec> fields) {
        if (!d.object(errors, DEDUPE_KEYS)) return null;
        int before = errors.count();
        Node fieldsNode = d.get("fields");
        List<String> names = new ArrayList<>();
        if (fieldsNode.require(errors) && (!fieldsNode.isArray() || fieldsNode.items().isEmpty())) {
            errors.add(fieldsNode, "must be a non-empty list of field names");
        }
        for (Node item : fieldsNode.items()) {
            String f = item.text(errors);
            if (f == null) continue;
            if (!fields.containsKey(f)) {
                errors.add(item, "'" + f + "' is not a field of this campaign (fields: " + String.join(", ", fields.keySet()) + ")");
            } else if (names.contains(f)) {
                errors.add(item, "duplicate field '" + f + "'");
            } else {
                names.add(f);
            }
        }
        Duration window = null;
        Node windowNode = d.get("window");
        if (windowNode.require(errors, "is required: how far back to look, such as 30d")) {
            String text = windowNode.scalarText(errors);
            try {
                window = text == null ? null : Durations.parse(text);
                if (window != null && window.isZero()) errors.add(windowNode, "must be positive");
            } catch (IllegalArgumentException e) {
                errors.add(windowNode, e.getMessage());
            }
        }
        Node matchNode = d.get("match");
        String match = matchNode.present() ? matchNode.oneOf(errors, List.of("any", "all")) : "any";
        Node actionNode = d.get("action");
        String action = actionNode.present() ? actionNode.oneOf(errors, List.of("reject", "same_buyer")) : "reject";
        if (errors.count() > before) return null;
        return new DedupePolicy(names, window, DedupePolicy.Match.valueOf(match.toUpperCase()),
                DedupePolicy.Action.valueOf(action.toUpperCase()));
    }

    private String queue(Node n) {
        String q = n.scalarText(errors);
        if (q != null && !Values.ID.matcher(q).matches()) {
            errors.add(n, "'" + q + "' is not a valid queue name (" + Values.ID_RULE + ")");
            return null;
        }
        return q;
    }
}
