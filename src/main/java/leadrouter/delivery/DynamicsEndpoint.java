package leadrouter.delivery;

/**
 * Dynamics 365 / Dataverse: creates a record in {@code entitySet} (default {@code leads}) via
 * {@code POST /api/data/{apiVersion}/{entitySet}}. {@code owner} is a system user GUID, or a bind path
 * such as {@code /teams(GUID)}, sent as {@code ownerid@odata.bind}. {@code detectDuplicates} sends
 * {@code MSCRM.SuppressDuplicateDetection: false} so the org's duplicate rules run.
 */
public record DynamicsEndpoint(Template baseUrl, String apiVersion, String entitySet, Template token, Template owner,
                               boolean detectDuplicates, Mapping mapping, EndpointOptions options) implements EndpointSpec {
    public static final String DEFAULT_API_VERSION = "v9.2";
    public static final Mapping DEFAULT_MAPPING = Mapping.of("subject", "{{lead.campaign}} lead {{lead.id}}", "firstname", "{{first_name}}", "lastname", "{{last_name}}",
            "emailaddress1", "{{email}}", "telephone1", "{{phone}}", "companyname", "{{company}}");

    public DynamicsEndpoint {
        if (baseUrl == null || token == null || mapping == null || options == null)
            throw new IllegalArgumentException("base_url, token, mapping and options are required");
        apiVersion = apiVersion == null ? DEFAULT_API_VERSION : apiVersion;
        entitySet = entitySet == null ? "leads" : entitySet;
        if (!apiVersion.matches("v\\d+\\.\\d+")) throw new IllegalArgumentException("api_version looks like v9.2, got " + apiVersion);
        if (!entitySet.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("entity_set is a lower-case entity set name such as leads, got " + entitySet);
    }

    public String type() {
        return "dynamics";
    }
}
