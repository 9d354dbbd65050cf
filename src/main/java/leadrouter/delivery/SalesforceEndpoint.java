package leadrouter.delivery;

/**
 * Salesforce: creates a Lead ({@code POST /services/data/{apiVersion}/sobjects/Lead/}) on the org's
 * instance URL. With an {@code owner} the request sets {@code OwnerId} and, unless {@code autoAssign}
 * says otherwise, {@code Sforce-Auto-Assign: FALSE} so assignment rules cannot override the owner.
 * {@code autoAssign} (null: as just described) is sent as the header value when given.
 */
public record SalesforceEndpoint(Template baseUrl, String apiVersion, Template token, Template owner, String autoAssign,
                                 Mapping mapping, EndpointOptions options) implements EndpointSpec {
    public static final String DEFAULT_API_VERSION = "v62.0";
    public static final Mapping DEFAULT_MAPPING = Mapping.of("FirstName", "{{first_name}}", "LastName", "{{last_name}}", "Email", "{{email}}", "Phone", "{{phone}}",
            "Company", "{{company | default:'[not provided]'}}", "LeadSource", "{{lead.source}}");

    public SalesforceEndpoint {
        if (baseUrl == null || token == null || mapping == null || options == null)
            throw new IllegalArgumentException("base_url, token, mapping and options are required");
        apiVersion = apiVersion == null ? DEFAULT_API_VERSION : apiVersion;
        if (!apiVersion.matches("v\\d{2,3}\\.\\d")) throw new IllegalArgumentException("api_version looks like v62.0, got " + apiVersion);
    }

    public String type() {
        return "salesforce";
    }
}
