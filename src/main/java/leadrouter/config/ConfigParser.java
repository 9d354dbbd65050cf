package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.delivery.EndpointSpec;
import leadrouter.ingest.FieldSpec;
import leadrouter.ingest.Source;
import leadrouter.routing.Buyer;
import leadrouter.routing.Campaign;
import leadrouter.routing.RoutingConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates and compiles a config document. A config is accepted or rejected as a whole: an
 * invalid one yields every error found, each with its path, in document order.
 */
public final class ConfigParser {
    static final List<String> TOP_KEYS = List.of("lists", "sources", "campaigns", "buyers");

    private ConfigParser() {
    }

    public static ConfigResult parse(JsonNode document, int version) {
        return parse(document, version, null);
    }

    /** {@code baseDir}: where {@code lists} files are read from; null when the config has no file. */
    public static ConfigResult parse(JsonNode document, int version, Path baseDir) {
        Errors errors = new Errors();
        Config config = compile(document, version, baseDir, errors);
        if (!errors.isEmpty()) return new ConfigResult.Invalid(ErrorOrder.sort(errors.list(), document));
        return new ConfigResult.Valid(config);
    }

    /** Reads YAML or JSON text and parses it; a syntax error is an {@link ConfigResult.Invalid} too. */
    public static ConfigResult parse(String text, int version, Path baseDir) {
        try {
            return parse(ConfigDocument.read(text), version, baseDir);
        } catch (ConfigException e) {
            return new ConfigResult.Invalid(e.errors());
        }
    }

    /** Reads a config file; list files are resolved against its directory. */
    public static ConfigResult parseFile(Path file, int version) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            return parse(ConfigDocument.read(file), version, dir);
        } catch (ConfigException e) {
            return new ConfigResult.Invalid(e.errors());
        }
    }

    private static Config compile(JsonNode document, int version, Path baseDir, Errors errors) {
        Node root = Node.root(document);
        if (!root.isObject()) {
            errors.add(root, "must be a map with campaigns, buyers, sources and lists");
            return null;
        }
        root.object(errors, TOP_KEYS);
        Map<String, List<String>> lists = ListsParser.parse(root.get("lists"), baseDir, errors);

        Node campaignsNode = root.get("campaigns");
        if (campaignsNode.require(errors, "is required: at least one campaign") && campaignsNode.array(errors)
                && campaignsNode.items().isEmpty()) {
            errors.add(campaignsNode, "must list at least one campaign");
        }
        Node buyersNode = root.get("buyers");
        if (buyersNode.require(errors, "is required (an empty list is allowed)")) buyersNode.array(errors);
        Node sourcesNode = root.get("sources");
        if (sourcesNode.present()) sourcesNode.array(errors);

        IdList campaignIds = IdList.collect(campaignsNode, "campaign", errors);
        IdList buyerIds = IdList.collect(buyersNode, "buyer", errors);
        IdList sourceIds = IdList.collect(sourcesNode, "source", errors);
        ConditionParser conditions = new ConditionParser(lists, errors);

        CampaignParser campaignParser = new CampaignParser(new RuleParser(buyerIds, conditions, errors), errors);
        Map<String, Campaign> campaigns = new LinkedHashMap<>();
        List<Map<String, FieldSpec>> declared = new ArrayList<>();
        List<Node> items = campaignsNode.items();
        for (int i = 0; i < items.size(); i++) {
            CampaignParser.Parsed p = campaignParser.parse(items.get(i), campaignIds.at(i));
            if (p.campaign() != null) campaigns.put(p.campaign().id(), p.campaign());
            declared.add(p.fields());
        }

        BuyerParser buyerParser = new BuyerParser(campaignIds, FieldScope.anyCampaign(declared), conditions, errors);
        Map<String, Buyer> buyers = new LinkedHashMap<>();
        Map<String, List<EndpointSpec>> endpoints = new LinkedHashMap<>();
        items = buyersNode.items();
        for (int i = 0; i < items.size(); i++) {
            BuyerParser.Parsed p = buyerParser.parse(items.get(i), buyerIds.at(i));
            if (p.buyer() != null) {
                buyers.put(p.buyer().id(), p.buyer());
                endpoints.put(p.buyer().id(), List.copyOf(p.endpoints()));
            }
        }

        SourceParser sourceParser = new SourceParser(campaignIds, new HashMap<>(), errors);
        Map<String, Source> sources = new LinkedHashMap<>();
        items = sourcesNode.items();
        for (int i = 0; i < items.size(); i++) {
            Source s = sourceParser.parse(items.get(i), sourceIds.at(i));
            if (s != null) sources.put(s.id(), s);
        }

        if (!errors.isEmpty()) return null;
        return new Config(version, new RoutingConfig(version, campaigns, buyers), sources, endpoints, document);
    }
}
