package leadrouter.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;

import java.util.Map;

/**
 * Slack incoming webhook. Sends {@code text} (the notification fallback) and blocks: the text, a
 * lead summary and a link to the decision trace. Only 200 with the exact body {@code ok} is success;
 * 429 retries after Retry-After and 5xx retries; every other answer (invalid_payload, no_text,
 * channel_not_found, channel_is_archived, a revoked webhook) fails, since a retry cannot fix it.
 * Lead values are escaped for Slack's mrkdwn; the webhook URL (itself the credential) is recorded
 * without its path.
 */
final class SlackAdapter {
    private SlackAdapter() {
    }

    static Outcome send(SlackEndpoint e, Call call) throws Call.TransportFailure {
        call.hidePath();
        Render r = call.render;
        DeliveryContext ctx = r.ctx();
        String text = e.text().render(r, SlackAdapter::escape);
        ObjectNode body = Vendor.JSON.createObjectNode();
        body.put("text", text);
        ArrayNode blocks = body.putArray("blocks");
        section(blocks.addObject(), text);
        ObjectNode summary = blocks.addObject();
        summary.put("type", "section");
        ArrayNode fields = summary.putArray("fields");
        field(fields, "Lead", ctx.leadId());
        field(fields, "Campaign", ctx.campaign());
        field(fields, "Source", ctx.source());
        field(fields, "Buyer", ctx.buyerName());
        if (ctx.traceUrl() != null && !ctx.traceUrl().isBlank()) {
            ObjectNode context = blocks.addObject();
            context.put("type", "context");
            ObjectNode link = context.putArray("elements").addObject();
            link.put("type", "mrkdwn");
            link.put("text", "<" + ctx.traceUrl().replace("|", "%7C").replace(">", "%3E") + "|View decision trace>");
        }
        Map<String, String> headers = Vendor.headers(r, "application/json");
        String url = e.webhookUrl().render(r).strip();
        Call.uri(url);
        return classify(call.send("POST", url, headers, Vendor.write(body), Response.Format.TEXT));
    }

    private static void section(ObjectNode block, String text) {
        block.put("type", "section");
        ObjectNode t = block.putObject("text");
        t.put("type", "mrkdwn");
        t.put("text", text.isEmpty() ? " " : text);
    }

    private static void field(ArrayNode fields, String label, String value) {
        ObjectNode f = fields.addObject();
        f.put("type", "mrkdwn");
        f.put("text", "*" + label + "*\n" + escape(value == null || value.isEmpty() ? "-" : value));
    }

    /** Slack's mrkdwn escaping of {@code & < >}, so lead data cannot form links or mentions. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static Outcome classify(Response resp) {
        String body = resp.text.strip();
        if (resp.status == 200 && body.equals("ok")) return new Accepted(null, null);
        String detail = "Slack HTTP " + resp.status + ": " + (body.isEmpty() ? "empty body" : resp.snippet());
        if (resp.status == 429 || resp.status >= 500) return new Retry(detail, resp.retryAfter());
        return new Failed(detail);
    }
}
