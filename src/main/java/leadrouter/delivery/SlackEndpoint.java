package leadrouter.delivery;

/** Slack incoming webhook: posts {@code text} plus blocks summarising the lead with a link to its trace. */
public record SlackEndpoint(Template webhookUrl, Template text, EndpointOptions options) implements EndpointSpec {
    public static final Template DEFAULT_TEXT = Template.compile("New lead {{lead.id}} ({{lead.campaign}}) for {{buyer.name}}");

    public SlackEndpoint {
        if (webhookUrl == null || text == null || options == null) throw new IllegalArgumentException("webhook_url, text and options are required");
    }

    public String type() {
        return "slack";
    }

    public boolean notification() {
        return true;
    }
}
