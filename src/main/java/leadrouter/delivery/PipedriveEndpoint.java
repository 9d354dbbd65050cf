package leadrouter.delivery;

/**
 * Pipedrive: one attempt creates a person ({@code POST /api/v1/persons}, from {@code person}) and
 * then a lead for it ({@code POST /api/v1/leads}, from {@code lead}, with {@code person_id}). The
 * token goes in the {@code x-api-token} header, or the {@code api_token} query parameter when
 * {@code tokenInQuery}. {@code owner} (a user id) is sent as {@code owner_id} on both. A repeated
 * attempt reuses the person an earlier one created, kept with the delivery or else found by
 * {@code GET /api/v1/persons/search} (see {@link PipedriveAdapter}).
 */
public record PipedriveEndpoint(Template baseUrl, Template token, boolean tokenInQuery, Template owner, Mapping person,
                                Mapping lead, EndpointOptions options) implements EndpointSpec {
    public static final String DEFAULT_BASE_URL = "https://api.pipedrive.com";
    public static final Mapping DEFAULT_PERSON = Mapping.of("name", "{{first_name}} {{last_name}}", "email", "{{email}}", "phone", "{{phone}}");
    public static final Mapping DEFAULT_LEAD = Mapping.of("title", "{{first_name}} {{last_name}} - {{lead.campaign}}");

    public PipedriveEndpoint {
        if (baseUrl == null || token == null || person == null || lead == null || options == null)
            throw new IllegalArgumentException("base_url, token, person, lead and options are required");
    }

    public String type() {
        return "pipedrive";
    }
}
