package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A response as received (the body cut at {@link Call#MAX_READ} bytes), with its body parsed on
 * demand: JSON when it looks like JSON, XML when it looks like XML and is not an HTML page (the XML
 * root element is dropped, so {@code $.status} reads {@code <response><status>}), otherwise text.
 * Parsing never throws: a body that cannot be parsed simply has no tree.
 */
final class Response {
    enum Kind { EMPTY, JSON, XML, HTML, TEXT, INVALID }

    /** How to read the body: {@code auto} decides from its first character (the Content-Type is often wrong). */
    enum Format { AUTO, JSON, XML, TEXT }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XmlMapper XML = new XmlMapper();
    private static final Pattern HTML = Pattern.compile("(?is)^\\s*(<!doctype\\s+html|<html|<head|<body).*");

    final int status;
    final HttpHeaders headers;
    final String text;
    private final Format format;
    private final Clock clock;
    private Kind kind;
    private JsonNode tree;

    Response(int status, HttpHeaders headers, String text, Format format, Clock clock) {
        this.status = status;
        this.headers = headers;
        this.text = text;
        this.format = format;
        this.clock = clock;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    boolean is2xx() {
        return status >= 200 && status < 300;
    }

    Kind kind() {
        parse();
        return kind;
    }

    /** The parsed JSON (or XML as a tree), or null when the body is not structured or not parseable. */
    JsonNode tree() {
        parse();
        return tree;
    }

    private void parse() {
        if (kind != null) return;
        String t = text.strip();
        if (t.isEmpty()) {
            kind = Kind.EMPTY;
            return;
        }
        Format f = format;
        if (f == Format.AUTO) {
            String type = header("content-type");
            boolean html = HTML.matcher(t).matches() || type != null && type.toLowerCase(Locale.ROOT).contains("html") && t.startsWith("<");
            if (html) {
                kind = Kind.HTML;
                return;
            }
            f = t.startsWith("{") || t.startsWith("[") ? Format.JSON : t.startsWith("<") ? Format.XML : Format.TEXT;
        }
        try {
            switch (f) {
                case JSON -> {
                    tree = JSON.readTree(t);
                    kind = Kind.JSON;
                }
                case XML -> {
                    tree = XML.readTree(t);
                    kind = Kind.XML;
                }
                default -> kind = Kind.TEXT;
            }
        } catch (Exception e) {
            tree = null;
            kind = HTML.matcher(t).matches() ? Kind.HTML : Kind.INVALID;
        }
        if ((kind == Kind.JSON || kind == Kind.XML) && tree == null) kind = Kind.INVALID;
    }

    /** The field at {@code path} of a JSON body as text, or null. */
    String jsonText(String path) {
        JsonNode t = tree();
        return t == null ? null : JsonPath.parse(path).text(t);
    }

    /** A short single-line excerpt of the body for reasons and logs. */
    String snippet() {
        String s = text.strip().replaceAll("\\s+", " ");
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** {@code Retry-After} as seconds or an HTTP date, or null when absent or unreadable. */
    Duration retryAfter() {
        return retryAfter(header("retry-after"), clock);
    }

    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(v));
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A header holding whole seconds, or null. */
    Duration seconds(String header) {
        String v = header(header);
        return v != null && v.strip().matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(v.strip())) : null;
    }
}
