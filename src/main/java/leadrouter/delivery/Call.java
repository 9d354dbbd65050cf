package leadrouter.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One delivery attempt's HTTP traffic: sends requests with the endpoint's timeout, keeps every
 * exchange, and redacts credentials before anything leaves for the record.
 */
final class Call {
    /** At most this much of a response body is read; the rest is dropped unread. */
    static final int MAX_READ = 1 << 20;
    private static final Set<String> ALWAYS_SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-token", "cookie", "x-api-key", "api-key");
    private static final Set<String> ALWAYS_SECRET_QUERY = Set.of("api_token", "api_key", "apikey", "access_token");

    final Render render;
    private final HttpClient http;
    private final Duration timeout;
    final Clock clock;
    private final List<Raw> raw = new ArrayList<>();
    private final Set<String> secretHeaders = new LinkedHashSet<>(ALWAYS_SECRET_HEADERS);
    private final Set<String> secretQuery = new LinkedHashSet<>(ALWAYS_SECRET_QUERY);
    private boolean hidePath;
    /** Credential values sent in secret headers or query parameters, scrubbed wherever they reappear. */
    private final Set<String> sentCredentials = new LinkedHashSet<>();
    /**
     * The delivery's progress after this attempt: starts as the earlier attempts left it, and an
     * adapter that makes several calls moves it on before each step it may not see the end of.
     */
    String progress;

    private record Raw(String method, String url, Map<String, String> headers, String body, Integer status, String response) {
    }

    /** No response came back (timeout, connection refused, reset). */
    static final class TransportFailure extends Exception {
        TransportFailure(String message) {
            super(message);
        }
    }

    Call(HttpClient http, Render render, Duration timeout, Clock clock) {
        this.http = http;
        this.render = render;
        this.timeout = timeout;
        this.clock = clock;
        this.progress = render.ctx().progress();
    }

    /** Also redact this header's value (an endpoint's API-key header). */
    void secretHeader(String name) {
        secretHeaders.add(name.toLowerCase(Locale.ROOT));
    }

    /** Record only the scheme and host of URLs: the path is the credential (Slack webhooks). */
    void hidePath() {
        hidePath = true;
    }

    /** Also redact this query parameter's value. */
    void secretQuery(String name) {
        secretQuery.add(name.toLowerCase(Locale.ROOT));
    }

    /** Sends one request; a request that cannot even be built is an IllegalArgumentException. */
    Response send(String method, String url, Map<String, String> headers, String body, Response.Format format) throws TransportFailure {
        URI uri = uri(url);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        Map<String, String> sent = new LinkedHashMap<>();
        for (var h : headers.entrySet()) {
            String v = h.getValue().replaceAll("[\\r\\n]+", " ");
            b.header(h.getKey(), v);
            sent.put(h.getKey(), v);
            if (secretHeaders.contains(h.getKey().toLowerCase(Locale.ROOT))) credential(v);
        }
        if (uri.getRawQuery() != null) {
            for (String p : uri.getRawQuery().split("&")) {
                int eq = p.indexOf('=');
                if (eq > 0 && secretQuery.contains(decode(p.substring(0, eq)).toLowerCase(Locale.ROOT))) credential(decode(p.substring(eq + 1)));
            }
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpRequest request = b.build();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> limited());
        try {
            HttpResponse<byte[]> resp = future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            String text = new String(resp.body(), charset(resp.headers().firstValue("content-type").orElse(null)));
            raw.add(new Raw(method, url, sent, body, resp.statusCode(), text));
            return new Response(resp.statusCode(), resp.headers(), text, format, clock);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failure(method, url, sent, body, "timeout after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(method, url, sent, body, "interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String why = switch (c) {
                case HttpTimeoutException t -> "timeout after " + timeout.toMillis() + " ms";
                case ConnectException ce -> "cannot connect to " + uri.getHost() + ":" + port(uri) + (ce.getMessage() == null ? "" : " (" + ce.getMessage() + ")");
                case IOException io -> "transport error: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
                default -> "transport error: " + c;
            };
            throw failure(method, url, sent, body, why);
        }
    }

    /**
     * Remembers a credential, and for "Scheme value" headers (Basic, Bearer) the value alone. Values
     * shorter than 6 characters are not scrubbed elsewhere (their own header or parameter still is):
     * no real credential is that short, and scrubbing "1" everywhere would garble the record.
     */
    private void credential(String v) {
        String s = v.strip();
        if (s.length() >= 6) sentCredentials.add(s);
        int space = s.indexOf(' ');
        if (space > 0 && s.length() - space > 6) sentCredentials.add(s.substring(space + 1).strip());
    }

    private TransportFailure failure(String method, String url, Map<String, String> headers, String body, String why) {
        raw.add(new Raw(method, url, headers, body, null, ""));
        return new TransportFailure(why);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Parses an http(s) URL; anything else is an IllegalArgumentException. */
    static URI uri(String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null)
            throw new IllegalArgumentException("URL must be http(s)://host/...");
        return u;
    }

    /** {@code url} with the query parameters appended (form-encoded). */
    static String withQuery(String url, List<Map.Entry<String, String>> params) {
        if (params.isEmpty()) return url;
        String q = Mapping.formEncode(params);
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        return base + (base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?") + q;
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            Matcher m = Pattern.compile("(?i)charset=\"?([^;\"\\s]+)").matcher(contentType);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (RuntimeException ignored) {
                    // an unknown charset is read as UTF-8
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Collects at most {@link #MAX_READ} bytes, then cancels the rest of the body. */
    private static HttpResponse.BodySubscriber<byte[]> limited() {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> result = new CompletableFuture<>();
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            public CompletionStage<byte[]> getBody() {
                return result;
            }

            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            public void onNext(List<ByteBuffer> items) {
                if (result.isDone()) return;
                for (ByteBuffer buf : items) {
                    int n = Math.min(buf.remaining(), MAX_READ - out.size());
                    byte[] a = new byte[n];
                    buf.get(a);
                    out.write(a, 0, n);
                }
                if (out.size() >= MAX_READ) {
                    result.complete(out.toByteArray());
                    subscription.cancel();
                }
            }

            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            public void onComplete() {
                result.complete(out.toByteArray());
            }
        };
    }

    /** The exchanges so far, redacted. */
    List<Exchange> exchanges() {
        List<Exchange> out = new ArrayList<>();
        for (Raw r : raw) {
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().forEach((k, v) -> headers.put(k, secretHeaders.contains(k.toLowerCase(Locale.ROOT)) ? "***" : redact(v)));
            out.add(new Exchange(new RecordedRequest(r.method(), redactUrl(r.url()), headers, r.body() == null ? "" : redact(r.body())),
                    r.status(), redact(r.response())));
        }
        return out;
    }

    /**
     * Replaces every secret value used by this attempt, and every credential it sent, with ***, in
     * plain, URL-encoded, JSON-escaped and XML-escaped form.
     */
    String redact(String s) {
        if (s == null || s.isEmpty()) return s;
        List<String> forms = new ArrayList<>();
        Set<String> values = new LinkedHashSet<>(render.usedSecrets());
        values.addAll(sentCredentials);
        for (String v : values) {
            forms.add(v);
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(v)));
            forms.add(Mapping.xmlEscape(v));
        }
        forms.sort(Comparator.comparingInt(String::length).reversed());
        for (String f : forms) if (!f.isEmpty()) s = s.replace(f, "***");
        return s;
    }

    private String redactUrl(String url) {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) {
            StringBuilder b = new StringBuilder(u.substring(0, q + 1));
            String[] params = u.substring(q + 1).split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) b.append('&');
                String p = params[i];
                int eq = p.indexOf('=');
                String name = decode(eq < 0 ? p : p.substring(0, eq));
                b.append(eq >= 0 && secretQuery.contains(name.toLowerCase(Locale.ROOT)) ? p.substring(0, eq + 1) + "***" : p);
            }
            u = b.toString();
        }
        u = u.replaceFirst("^(https?://)[^/@?#]*@", "$1***@");
        if (hidePath) u = u.replaceFirst("^(https?://[^/?#]*)[/?#].*$", "$1/***");
        return redact(u);
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
