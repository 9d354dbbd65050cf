package leadrouter.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic buyer endpoint. POST, PUT and PATCH send the mapping as the body ({@code format}: JSON,
 * form-encoded or XML under {@code xmlRoot}); GET sends it as query parameters. {@code query} adds
 * query parameters to any method. {@code idempotencyHeader} (null: none) carries the delivery's
 * idempotency key. {@code omitEmpty} leaves out fields that render empty.
 */
public record HttpEndpoint(Template url, String method, Format format, Mapping mapping, Map<String, Template> headers,
                           Mapping query, Auth auth, String idempotencyHeader, String xmlRoot, boolean omitEmpty,
                           ResponseRules response, EndpointOptions options) implements EndpointSpec {
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    public enum Format { JSON, FORM, XML }

    public HttpEndpoint {
        if (url == null) throw new IllegalArgumentException("url is required");
        if (!java.util.Set.of("GET", "POST", "PUT", "PATCH").contains(method))
            throw new IllegalArgumentException("method must be GET, POST, PUT or PATCH, got " + method);
        if (format == null || mapping == null || auth == null || response == null || options == null)
            throw new IllegalArgumentException("format, mapping, auth, response and options are required");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        xmlRoot = xmlRoot == null ? "lead" : xmlRoot;
    }

    public String type() {
        return "http";
    }

    /** How the request authenticates. */
    public sealed interface Auth {
        record None() implements Auth {
        }

        record Basic(Template username, Template password) implements Auth {
        }

        record Bearer(Template token) implements Auth {
        }

        /** An API key in a header of the given name. */
        record Header(String name, Template value) implements Auth {
        }

        /** An API key in a query parameter of the given name. */
        record Query(String name, Template value) implements Auth {
        }
    }
}
