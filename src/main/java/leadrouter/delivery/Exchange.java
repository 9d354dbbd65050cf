package leadrouter.delivery;

/**
 * One HTTP request of an attempt and what came back: {@code status} is null when no response arrived
 * (timeout, connection error); {@code responseBody} is cut to {@link #MAX_RECORDED_BODY} characters.
 */
public record Exchange(RecordedRequest request, Integer status, String responseBody) {
    public static final int MAX_RECORDED_BODY = 4096;

    public Exchange {
        if (request == null) throw new IllegalArgumentException("request is required");
        responseBody = responseBody == null ? "" : truncate(responseBody);
    }

    static String truncate(String s) {
        if (s.length() <= MAX_RECORDED_BODY) return s;
        int end = MAX_RECORDED_BODY;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end);
    }
}
