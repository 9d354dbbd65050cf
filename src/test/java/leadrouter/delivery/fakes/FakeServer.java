package leadrouter.delivery.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor stand-in on a free local port. Records every request, counts deliveries (records a
 * vendor created) per {@code Idempotency-Key}, and can be told to answer the next requests with
 * scripted replies (429, 5xx, slow answers) before its normal behaviour resumes.
 */
public abstract class FakeServer implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received; header names are lower case. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        public Map<String, String> queryParams() {
            return decodeForm(query);
        }

        public Map<String, String> form() {
            return decodeForm(body);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        /** (user, password) of an HTTP Basic Authorization header, or null. */
        public String[] basicAuth() {
            String h = header("authorization");
            if (h == null || !h.startsWith("Basic ")) return null;
            try {
                String s = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
                int c = s.indexOf(':');
                return c < 0 ? null : new String[]{s.substring(0, c), s.substring(c + 1)};
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        public String bearer() {
            String h = header("authorization");
            return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
        }
    }

    /** An answer: status, headers, body, and how long to wait before sending it. */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public Reply {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body == null ? "" : body;
            delay = delay == null ? Duration.ZERO : delay;
        }

        public static Reply json(int status, Object body) {
            String text = body instanceof String s ? s : write(body);
            return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), text, null);
        }

        public static Reply text(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body, null);
        }

        public static Reply xml(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/xml"), body, null);
        }

        public static Reply html(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/html; charset=utf-8"), body, null);
        }

        private static final Reply PASS = new Reply(0, Map.of(), "", null);

        /** In a script: let this request through to the normal behaviour. */
        public static Reply pass() {
            return PASS;
        }

        private static final Reply LOST = new Reply(0, Map.of(), "", null);

        /** In a script: the normal behaviour runs (records are created), then the connection closes unanswered. */
        public static Reply lost() {
            return LOST;
        }

        public static Reply empty(int status) {
            return new Reply(status, Map.of(), "", null);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, delay);
        }

        public Reply withContentType(String type) {
            return withHeader("Content-Type", type);
        }

        public Reply delayed(Duration d) {
            return new Reply(status, headers, body, d);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Deque<Reply> scripted = new ConcurrentLinkedDeque<>();

    protected FakeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        return received.getLast();
    }

    /** How many records were created for requests carrying this idempotency key. */
    public int deliveries(String idempotencyKey) {
        AtomicInteger n = deliveries.get(idempotencyKey);
        return n == null ? 0 : n.get();
    }

    /** The next requests get these replies, in order, instead of the normal behaviour (requests are still recorded). */
    public void enqueue(Reply... replies) {
        scripted.addAll(List.of(replies));
    }

    /** The vendor's normal behaviour. */
    protected abstract Reply respond(Received r);

    /** Counts a created record for the request's idempotency key. */
    protected void delivered(Received r) {
        String key = r.header("idempotency-key");
        deliveries.computeIfAbsent(key == null ? "" : key, k -> new AtomicInteger()).incrementAndGet();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers, body);
            received.add(r);
            Reply reply = scripted.poll();
            boolean lost = reply == Reply.LOST;
            if (reply == null || reply == Reply.PASS || lost) {
                try {
                    reply = respond(r);
                } catch (RuntimeException e) {
                    reply = Reply.text(500, "fake server error: " + e);
                }
            }
            if (lost) return; // closing the exchange before any answer drops the connection
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            boolean noBody = reply.status() == 204 || reply.status() == 304 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
            if (!noBody && bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                } catch (IOException clientGone) {
                    // the client stopped reading (timeout or size limit)
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    protected static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Decodes {@code application/x-www-form-urlencoded} text the way a server would. */
    public static Map<String, String> decodeForm(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) return out;
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

}
