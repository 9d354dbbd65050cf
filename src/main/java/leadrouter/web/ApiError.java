package leadrouter.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal with its HTTP status and a machine-readable body:
 * {@code {"error": {"code": "...", "message": "...", "details": [...]}}}.
 */
public final class ApiError extends RuntimeException {
    final int status;
    final String code;
    final List<?> details;
    /** The refusal is already in the audit log. */
    boolean recorded;

    public ApiError(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiError(int status, String code, String message, List<?> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : details;
    }

    ApiError alreadyRecorded() {
        recorded = true;
        return this;
    }

    Map<String, Object> body() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", getMessage());
        if (!details.isEmpty()) e.put("details", details);
        return Map.of("error", e);
    }

    static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " not found");
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }
}
