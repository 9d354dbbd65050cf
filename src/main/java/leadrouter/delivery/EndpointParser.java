package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.config.ConfigError;

import java.util.List;

/** Parses one endpoint of a buyer's {@code endpoints} list, adding every problem to {@code errors}. */
public final class EndpointParser {
    private EndpointParser() {
    }

    /** Returns the endpoint, or null when it has errors (all of them added to {@code errors}). */
    public static EndpointSpec parse(JsonNode node, String path, List<ConfigError> errors) {
        if (node == null || !node.isObject() || !node.hasNonNull("type")) {
            errors.add(new ConfigError(path + ".type", "endpoint needs a type"));
            return null;
        }
        String type = node.get("type").asText();
        boolean notification = type.equals("slack") || type.equals("twilio") || type.equals("resend");
        return new EndpointSpec() {
            public String type() { return type; }
            public boolean notification() { return notification; }
        };
    }
}
