package leadrouter.config;

import leadrouter.ingest.FieldSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a condition may test: a rule sees its campaign's fields, a buyer's {@code accepts}
 * sees the fields of every campaign (with every declaration of a name). Both see
 * {@code lead.source} and {@code lead.campaign}.
 */
record FieldScope(String owner, Map<String, List<FieldSpec>> fields) {
    static final List<String> BUILT_IN = List.of("lead.source", "lead.campaign");

    static FieldScope campaign(String campaignId, Map<String, FieldSpec> fields) {
        Map<String, List<FieldSpec>> m = new LinkedHashMap<>();
        fields.forEach((name, spec) -> m.put(name, spec == null ? List.of() : List.of(spec)));
        return new FieldScope(campaignId == null ? "this campaign" : "campaign '" + campaignId + "'", m);
    }

    static FieldScope anyCampaign(Collection<Map<String, FieldSpec>> campaigns) {
        Map<String, List<FieldSpec>> m = new LinkedHashMap<>();
        for (Map<String, FieldSpec> fields : campaigns) {
            fields.forEach((name, spec) -> {
                List<FieldSpec> specs = m.computeIfAbsent(name, k -> new ArrayList<>());
                if (spec != null) specs.add(spec);
            });
        }
        return new FieldScope("any campaign", m);
    }

    boolean known(String field) {
        return BUILT_IN.contains(field) || fields.containsKey(field);
    }

    /** The valid declarations of a field; empty for lead.source, lead.campaign and fields with errors. */
    List<FieldSpec> specs(String field) {
        return fields.getOrDefault(field, List.of());
    }

    String unknown(String field) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.addAll(BUILT_IN);
        return "'" + field + "' is not a field of " + owner + " (fields: " + String.join(", ", names) + ")";
    }
}
