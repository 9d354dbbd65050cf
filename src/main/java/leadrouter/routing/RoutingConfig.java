package leadrouter.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The immutable routing part of one config version: campaigns and buyers, validated and compiled. */
public record RoutingConfig(int version, Map<String, Campaign> campaigns, Map<String, Buyer> buyers) {
    public RoutingConfig {
        campaigns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(campaigns));
        buyers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buyers));
    }

    public Campaign campaign(String id) {
        Campaign c = campaigns.get(id);
        if (c == null) throw new IllegalArgumentException("unknown campaign '" + id + "'");
        return c;
    }

    public Buyer buyer(String id) {
        Buyer b = buyers.get(id);
        if (b == null) throw new IllegalArgumentException("unknown buyer '" + id + "'");
        return b;
    }
}
