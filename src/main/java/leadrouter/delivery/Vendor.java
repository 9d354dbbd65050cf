package leadrouter.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Retry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the adapters share: JSON writing, URLs, standard headers, and the status fallbacks. */
final class Vendor {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_AGENT = "LeadRouter";

    private Vendor() {
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL (rendered, without trailing slashes) followed by {@code path}. */
    static String url(Template base, Render r, String path) {
        String b = base.render(r).strip();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        Call.uri(b);
        return b + path;
    }

    /** Headers every request carries: the user agent, the body type and the delivery's idempotency key. */
    static Map<String, String> headers(Render r, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", USER_AGENT);
        if (contentType != null) h.put("Content-Type", contentType);
        h.put(HttpEndpoint.IDEMPOTENCY_HEADER, r.ctx().idempotencyKey());
        return h;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * The outcome for a status the adapter has no specific rule for: 408, 429 and 5xx retry (with the
     * server's Retry-After), 401/403 are credential failures, anything else is a failure for a person.
     */
    static Outcome fallback(String vendor, Response r, String detail) {
        String what = vendor + " HTTP " + r.status + (detail == null || detail.isBlank() ? "" : ": " + detail);
        if (transientStatus(r.status)) return new Retry(what, r.retryAfter());
        if (r.status == 401 || r.status == 403) return new Failed(what + " (credentials refused)");
        if (r.status >= 300 && r.status < 400) return new Failed(what + " (redirect to " + r.header("location") + ")");
        return new Failed(what);
    }
}
