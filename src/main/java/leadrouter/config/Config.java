package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.delivery.EndpointSpec;
import leadrouter.ingest.Source;
import leadrouter.routing.RoutingConfig;

import java.util.List;
import java.util.Map;

/**
 * One validated, compiled config version: routing (campaigns, buyers), sources with their key
 * hashes, buyers' endpoints, and the document as submitted (kept for GET /config and diffs).
 */
public record Config(int version, RoutingConfig routing, Map<String, Source> sources,
                     Map<String, List<EndpointSpec>> endpoints, JsonNode document) {
    public Config {
        sources = Map.copyOf(sources);
        endpoints = Map.copyOf(endpoints);
    }

    /** The source whose key hash matches, or null. */
    public Source sourceByKeyHash(String keyHash) {
        for (Source s : sources.values()) if (s.keyHashes().contains(keyHash)) return s;
        return null;
    }

    public List<EndpointSpec> endpoints(String buyer) {
        return endpoints.getOrDefault(buyer, List.of());
    }
}
