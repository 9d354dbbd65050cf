package leadrouter.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import leadrouter.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads request bodies with a size limit, refusing what is too large, malformed or of another type. */
final class Body {
    static final int MAX_LEAD_BYTES = 64 * 1024;
    static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Body() {
    }

    /**
     * The body, at most {@code limit} bytes. With a Content-Length the array is allocated at that
     * size and filled: {@code readNBytes(limit + 1)} reads through 16 KiB chunks, which made this
     * a third of all the memory a lead allocated under load.
     */
    static byte[] bytes(Context ctx, int limit) {
        String declared = ctx.header("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid_content_length", "Content-Length is not a number");
            }
            if (length > limit) throw tooLarge(limit);
            if (length < 0) throw ApiError.badRequest("invalid_content_length", "Content-Length is negative");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            if (length >= 0) {
                byte[] b = new byte[(int) length];
                int n = in.readNBytes(b, 0, b.length);
                if (n < b.length) throw ApiError.badRequest("unreadable_body", "the request body ended after " + n + " of " + length + " bytes");
                return b;
            }
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) throw tooLarge(limit);
            return b;
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable_body", "the request body could not be read: " + e.getMessage());
        }
    }

    private static ApiError tooLarge(int limit) {
        return new ApiError(413, "body_too_large", "the body is larger than " + (limit / 1024) + " KiB");
    }

    static JsonNode json(byte[] body) {
        if (body.length == 0) throw ApiError.badRequest("empty_body", "the body is empty; send a JSON object");
        try {
            JsonNode n = STRICT.readTree(body);
            if (n == null || n.isMissingNode()) throw ApiError.badRequest("empty_body", "the body is empty; send a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiError.badRequest("malformed_json", "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("malformed_json", "the body is not valid JSON: " + e.getMessage());
        }
    }

    /** An url-encoded form as an ordered map; a name given twice keeps its last value. */
    static Map<String, String> form(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = new String(body, StandardCharsets.UTF_8);
        if (s.isBlank()) return out;
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("malformed_form", "the form body is not valid url-encoding: " + e.getMessage());
            }
        }
        return out;
    }

    static boolean isJson(String contentType) {
        return contentType == null || contentType.isBlank() || contentType.toLowerCase().startsWith("application/json")
                || contentType.toLowerCase().matches("application/[a-z.+-]*\\+json.*");
    }

    static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }
}
