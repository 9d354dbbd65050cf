package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import leadrouter.config.ConfigError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared test data: a lead context, YAML endpoint parsing, and a client. */
final class Fixtures {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final HttpClient HTTP = EndpointClient.defaultHttpClient();
    static final Instant RECEIVED = Instant.parse("2026-01-05T15:04:05Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T15:05:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    static Map<String, Object> fields() {
        Map<String, Object> f = new HashMap<>();
        f.put("first_name", "Jane");
        f.put("last_name", "Doe");
        f.put("email", "jane.doe@example.com");
        f.put("phone", "+14155550123");
        f.put("state", "CA");
        f.put("zip", "94107");
        f.put("company", "Acme");
        f.put("age", new BigDecimal("42"));
        f.put("homeowner", Boolean.TRUE);
        f.put("birth_date", LocalDate.of(1990, 4, 1));
        return f;
    }

    static DeliveryContext ctx() {
        return ctx(fields());
    }

    static DeliveryContext ctx(Map<String, Object> fields) {
        return new DeliveryContext("lead_123", "solar", "web", RECEIVED, fields, "sunco", "Sun Co", 2550,
                "dlv_1", "dlv_1", 1, "https://leadrouter.example/leads/lead_123/trace", null);
    }

    static DeliveryContext ctx(String key) {
        return new DeliveryContext("lead_123", "solar", "web", RECEIVED, fields(), "sunco", "Sun Co", 2550,
                key, key, 1, "https://leadrouter.example/leads/lead_123/trace", null);
    }

    /** The context of the attempt after {@code previous}: the next attempt number, with the progress it left. */
    static DeliveryContext next(DeliveryContext c, AttemptResult previous) {
        return new DeliveryContext(c.leadId(), c.campaign(), c.source(), c.receivedAt(), c.fields(), c.buyerId(), c.buyerName(),
                c.priceCents(), c.deliveryId(), c.idempotencyKey(), c.attempt() + 1, c.traceUrl(), previous.progress());
    }

    static Map<String, Object> with(Map<String, Object> fields, Object... kv) {
        Map<String, Object> f = new HashMap<>(fields);
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) f.remove((String) kv[i]);
            else f.put((String) kv[i], kv[i + 1]);
        }
        return f;
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses an endpoint that must be valid. */
    @SuppressWarnings("unchecked")
    static <T extends EndpointSpec> T spec(String yaml) {
        List<ConfigError> errors = new ArrayList<>();
        EndpointSpec s = EndpointParser.parse(yaml(yaml), "buyers[0].endpoints[0]", errors);
        assertThat(errors).isEmpty();
        assertThat(s).isNotNull();
        return (T) s;
    }

    static List<ConfigError> errors(String yaml) {
        List<ConfigError> errors = new ArrayList<>();
        EndpointSpec s = EndpointParser.parse(yaml(yaml), "e", errors);
        if (!errors.isEmpty()) assertThat(s).isNull();
        return errors;
    }

    static EndpointClient client(Map<String, String> secrets) {
        return new EndpointClient(HTTP, Secrets.of(secrets), CLOCK);
    }

    static Render render(DeliveryContext ctx) {
        return new Render(ctx, Secrets.of(Map.of()));
    }

    /** A response as the client would have read it, for classification tables. */
    static Response response(int status, String body, String... headers) {
        Map<String, List<String>> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) h.put(headers[i], List.of(headers[i + 1]));
        return new Response(status, HttpHeaders.of(h, (a, b) -> true), body, Response.Format.AUTO, CLOCK);
    }
}
