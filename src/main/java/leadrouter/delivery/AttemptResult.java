package leadrouter.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The result of one delivery attempt: its outcome and the HTTP exchanges it made, in order (usually
 * one; Pipedrive makes two or three; none when the attempt stopped before sending, e.g. a missing secret).
 * {@code progress}: what the delivery has got done at the buyer after this attempt (the context's
 * progress when the adapter did not change it), to be kept with the delivery and handed to its next
 * attempt; text only the endpoint's adapter reads, or null.
 */
public record AttemptResult(Outcome outcome, List<Exchange> exchanges, Duration latency, Instant sentAt, String progress) {
    public AttemptResult {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        exchanges = List.copyOf(exchanges);
    }

    /** The last request sent, or null when none was. */
    public RecordedRequest request() {
        return exchanges.isEmpty() ? null : exchanges.getLast().request();
    }

    /** The status of the last response, or null. */
    public Integer status() {
        return exchanges.isEmpty() ? null : exchanges.getLast().status();
    }

    /** The body of the last response (at most 4 KiB of it), or "". */
    public String responseBody() {
        return exchanges.isEmpty() ? "" : exchanges.getLast().responseBody();
    }
}
