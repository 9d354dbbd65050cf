package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Slack incoming webhook: 200 {@code ok} as text; 404 {@code no_service} for an unknown hook path;
 * 400 {@code invalid_payload} for a body that is not JSON, {@code no_text} without text or blocks;
 * modes for 404 {@code channel_not_found} and 410 {@code channel_is_archived}; 429 with Retry-After on demand.
 */
public final class FakeSlack extends FakeServer {
    public enum Mode { OK, CHANNEL_NOT_FOUND, ARCHIVED }

    public static final String HOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    public volatile Mode mode = Mode.OK;
    public final List<JsonNode> messages = new CopyOnWriteArrayList<>();

    public String webhookUrl() {
        return baseUrl() + HOOK_PATH;
    }

    public void throttleNext(Duration retryAfter) {
        enqueue(Reply.text(429, "rate_limited").withHeader("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    @Override
    protected Reply respond(Received r) {
        if (!r.path().equals(HOOK_PATH) || !r.method().equals("POST")) return Reply.html(404, "no_service");
        JsonNode body = r.json();
        if (body == null || !body.isObject()) return Reply.html(400, "invalid_payload");
        if (body.path("text").asText("").isBlank() && !body.has("blocks")) return Reply.html(400, "no_text");
        return switch (mode) {
            case CHANNEL_NOT_FOUND -> Reply.html(404, "channel_not_found");
            case ARCHIVED -> Reply.html(410, "channel_is_archived");
            case OK -> {
                messages.add(body);
                delivered(r);
                yield Reply.html(200, "ok");
            }
        };
    }
}
