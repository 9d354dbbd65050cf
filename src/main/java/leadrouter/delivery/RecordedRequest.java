package leadrouter.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request as sent, with every credential and secret value replaced by {@code ***}; safe to store. */
public record RecordedRequest(String method, String url, Map<String, String> headers, String body) {
    public RecordedRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? "" : body;
    }

    /** The header's value, matching the name case-insensitively; null when absent. */
    public String header(String name) {
        for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }
}
