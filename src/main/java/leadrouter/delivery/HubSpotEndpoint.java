package leadrouter.delivery;

/** HubSpot: creates a contact ({@code POST /crm/v3/objects/contacts}); {@code owner} becomes {@code hubspot_owner_id}. */
public record HubSpotEndpoint(Template baseUrl, Template token, Template owner, Mapping mapping, EndpointOptions options)
        implements EndpointSpec {
    public static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
    public static final Mapping DEFAULT_MAPPING = Mapping.of("email", "{{email}}", "firstname", "{{first_name}}", "lastname", "{{last_name}}", "phone", "{{phone}}");

    public HubSpotEndpoint {
        if (baseUrl == null || token == null || mapping == null || options == null)
            throw new IllegalArgumentException("base_url, token, mapping and options are required");
    }

    public String type() {
        return "hubspot";
    }
}
