package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.config.ConfigError;
import leadrouter.delivery.HttpEndpoint.Auth;
import leadrouter.delivery.ResponseRules.Extractor;
import leadrouter.delivery.ResponseRules.Rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one endpoint of a buyer's {@code endpoints} list, adding every problem to {@code errors}.
 * Every endpoint takes {@code timeout} (default 10s), {@code retry: {attempts, backoff, max_backoff,
 * give_up_after, jitter}} and {@code circuit: {failure_rate, window, minimum_calls,
 * consecutive_failures, open_for, half_open_calls}}; the other keys depend on {@code type}
 * (see the package documentation). Unknown keys are errors that list the allowed ones. String settings
 * are templates; {@code ${NAME}} in them is a secret resolved at send time.
 */
public final class EndpointParser {
    private static final Set<String> COMMON = Set.of("type", "timeout", "retry", "circuit");
    private static final Set<String> TYPES = new TreeSet<>(Set.of("http", "hubspot", "salesforce", "dynamics", "pipedrive", "slack", "twilio", "resend"));
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");

    private EndpointParser() {
    }

    /** Returns the endpoint, or null when it has errors (all of them added to {@code errors}). */
    public static EndpointSpec parse(JsonNode node, String path, List<ConfigError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new ConfigError(path, "endpoint must be a map with a type"));
            return null;
        }
        if (!node.hasNonNull("type") || !node.get("type").isTextual()) {
            errors.add(new ConfigError(path + ".type", "endpoint needs a type (" + String.join(", ", TYPES) + ")"));
            return null;
        }
        String type = node.get("type").asText();
        if (!TYPES.contains(type)) {
            errors.add(new ConfigError(path + ".type", "unknown endpoint type '" + type + "' (" + String.join(", ", TYPES) + ")"));
            return null;
        }
        int before = errors.size();
        Reader in = new Reader(node, path, errors, true);
        EndpointOptions options = options(in);
        EndpointSpec spec = switch (type) {
            case "http" -> http(in, options);
            case "hubspot" -> hubspot(in, options);
            case "salesforce" -> salesforce(in, options);
            case "dynamics" -> dynamics(in, options);
            case "pipedrive" -> pipedrive(in, options);
            case "slack" -> slack(in, options);
            case "twilio" -> twilio(in, options);
            default -> resend(in, options);
        };
        return errors.size() > before ? null : spec;
    }

    private static EndpointOptions options(Reader in) {
        Duration timeout = in.duration("timeout", EndpointOptions.DEFAULT_TIMEOUT);
        RetryPolicy retry = retry(in.child("retry"));
        CircuitSettings circuit = circuit(in.child("circuit"));
        if (timeout == null || retry == null || circuit == null) return null;
        return in.build("timeout", () -> new EndpointOptions(timeout, retry, circuit));
    }

    private static RetryPolicy retry(Reader in) {
        if (in == null) return RetryPolicy.DEFAULT;
        in.allow("attempts", "backoff", "max_backoff", "give_up_after", "jitter");
        RetryPolicy d = RetryPolicy.DEFAULT;
        int attempts = in.integer("attempts", d.attempts());
        Duration backoff = in.duration("backoff", d.backoff());
        Duration max = in.duration("max_backoff", backoff != null && backoff.compareTo(d.maxBackoff()) > 0 ? backoff : d.maxBackoff());
        Duration giveUp = in.duration("give_up_after", d.giveUpAfter());
        String jitter = in.choice("jitter", "equal", "full", "equal", "none");
        if (backoff == null || max == null || giveUp == null || jitter == null || in.failed()) return null;
        return in.build("", () -> new RetryPolicy(attempts, backoff, max, giveUp, RetryPolicy.Jitter.valueOf(jitter.toUpperCase(Locale.ROOT))));
    }

    private static CircuitSettings circuit(Reader in) {
        if (in == null) return CircuitSettings.DEFAULT;
        in.allow("failure_rate", "window", "minimum_calls", "consecutive_failures", "open_for", "half_open_calls");
        CircuitSettings d = CircuitSettings.DEFAULT;
        Duration openFor = in.duration("open_for", d.openFor());
        int halfOpen = in.integer("half_open_calls", d.halfOpenCalls());
        if (in.has("consecutive_failures")) {
            for (String k : List.of("failure_rate", "window", "minimum_calls"))
                if (in.has(k)) in.error(k, "give either consecutive_failures or " + k + ", not both");
            int n = in.integer("consecutive_failures", 0);
            if (openFor == null || in.failed()) return null;
            return in.build("consecutive_failures", () -> new CircuitSettings(100, n, n, openFor, halfOpen));
        }
        int rate = in.integer("failure_rate", d.failureRate());
        int window = in.integer("window", d.window());
        int minimum = in.integer("minimum_calls", Math.min(window, d.minimumCalls()));
        if (openFor == null || in.failed()) return null;
        return in.build("", () -> new CircuitSettings(rate, window, minimum, openFor, halfOpen));
    }

    private static HttpEndpoint http(Reader in, EndpointOptions options) {
        in.allow("url", "method", "format", "headers", "auth", "mapping", "query", "success", "reject", "duplicate",
                "buyer_lead_id", "price", "response_format", "idempotency_header", "xml_root", "omit_empty");
        Template url = in.url("url", true);
        String method = in.choice("method", "POST", "GET", "POST", "PUT", "PATCH");
        if (method != null) method = method.toUpperCase(Locale.ROOT);
        String format = in.choice("format", "json", "json", "form", "xml");
        if ("GET".equals(method) && in.has("format"))
            in.error("format", "GET sends the mapping as query parameters; format applies to POST, PUT and PATCH");
        Mapping mapping = in.has("mapping") ? Mapping.parse(in.node("mapping"), in.path("mapping"), in.errors, true, "xml".equals(format)) : new Mapping(List.of(), true);
        Mapping query = in.has("query") ? Mapping.parse(in.node("query"), in.path("query"), in.errors, false, false) : null;
        Map<String, Template> headers = headers(in);
        Auth auth = auth(in.child("auth"));
        String xmlRoot = in.string("xml_root", "lead");
        if (in.has("xml_root") && !"xml".equals(format)) in.error("xml_root", "applies only to format: xml");
        if (xmlRoot != null && (!XML_NAME.matcher(xmlRoot).matches() || xmlRoot.toLowerCase(Locale.ROOT).startsWith("xml")))
            in.error("xml_root", "'" + xmlRoot + "' is not a valid XML element name");
        String idempotency = HttpEndpoint.IDEMPOTENCY_HEADER;
        if (in.has("idempotency_header")) {
            JsonNode n = in.node("idempotency_header");
            if (n.isBoolean() && !n.booleanValue()) idempotency = null;
            else if (n.isTextual() && HEADER_NAME.matcher(n.asText()).matches()) idempotency = n.asText();
            else in.error("idempotency_header", "must be a header name, or false to send no idempotency key");
        }
        boolean omitEmpty = in.bool("omit_empty", false);
        ResponseRules response = responseRules(in);
        if (url == null || method == null || format == null || mapping == null || headers == null || auth == null
                || response == null || options == null || in.failed() || in.has("query") && query == null) return null;
        String m = method, x = xmlRoot, idem = idempotency;
        HttpEndpoint.Format f = HttpEndpoint.Format.valueOf(format.toUpperCase(Locale.ROOT));
        return in.build("", () -> new HttpEndpoint(url, m, f, mapping, headers, query, auth, idem, x, omitEmpty, response, options));
    }

    private static Map<String, Template> headers(Reader in) {
        if (!in.has("headers")) return Map.of();
        JsonNode node = in.node("headers");
        if (!node.isObject()) {
            in.error("headers", "must be a map of header name to value");
            return null;
        }
        Map<String, Template> out = new LinkedHashMap<>();
        boolean ok = true;
        for (var e : node.properties()) {
            String where = in.path("headers") + "." + e.getKey();
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                in.errors.add(new ConfigError(where, "not a valid header name"));
                ok = false;
            } else if (RESTRICTED_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                in.errors.add(new ConfigError(where, "set by the client and cannot be configured"));
                ok = false;
            } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                in.errors.add(new ConfigError(where, "must be a string"));
                ok = false;
            } else {
                Template t = compile(e.getValue().asText(), where, in.errors);
                if (t == null) ok = false;
                else out.put(e.getKey(), t);
            }
        }
        return ok ? out : null;
    }

    private static Auth auth(Reader in) {
        if (in == null) return new Auth.None();
        String type = in.choice("type", null, "basic", "bearer", "header", "query");
        if (type == null) {
            if (!in.has("type")) in.error("type", "auth needs a type (basic, bearer, header, query)");
            return null;
        }
        return switch (type) {
            case "basic" -> {
                in.allow("type", "username", "password");
                Template u = in.template("username", true), p = in.template("password", true);
                yield u == null || p == null ? null : new Auth.Basic(u, p);
            }
            case "bearer" -> {
                in.allow("type", "token");
                Template t = in.template("token", true);
                yield t == null ? null : new Auth.Bearer(t);
            }
            default -> {
                in.allow("type", "name", "value");
                String name = in.string("name", null);
                if (name == null) in.error("name", "is required");
                else if (type.equals("header") && !HEADER_NAME.matcher(name).matches()) in.error("name", "not a valid header name");
                Template v = in.template("value", true);
                if (name == null || v == null || in.failed()) yield null;
                yield type.equals("header") ? new Auth.Header(name, v) : new Auth.Query(name, v);
            }
        };
    }

    private static ResponseRules responseRules(Reader in) {
        String format = in.choice("response_format", "auto", "auto", "json", "xml", "text");
        StatusSet successStatus = StatusSet.SUCCESS;
        Rule success = null;
        Reader s = in.child("success");
        if (s != null) {
            s.allow("status", "body_contains", "json_path", "equals", "regex");
            if (s.has("status")) successStatus = s.statuses("status");
            if (s.has("body_contains") || s.has("json_path") || s.has("regex") || s.has("equals"))
                success = rule(s, false, true);
        }
        Reader rej = in.child("reject");
        Rule reject = rej == null ? null : rule(rej, true, false);
        Reader dup = in.child("duplicate");
        Rule duplicate = dup == null ? null : rule(dup, true, false);
        Extractor id = extractor(in.child("buyer_lead_id"));
        Extractor price = extractor(in.child("price"));
        if (format == null || successStatus == null || in.failed()) return null;
        StatusSet st = successStatus;
        Rule ok = success;
        return in.build("", () -> new ResponseRules(Response.Format.valueOf(format.toUpperCase(Locale.ROOT)), st, ok, reject, duplicate, id, price));
    }

    /** A body rule; {@code reasons}: may say where the reason is; {@code bodyOnly}: the status is read elsewhere. */
    private static Rule rule(Reader in, boolean reasons, boolean bodyOnly) {
        if (reasons) in.allow("status", "body_contains", "json_path", "equals", "regex", "reason_path", "reason_regex");
        StatusSet status = !bodyOnly && in.has("status") ? in.statuses("status") : null;
        String contains = in.string("body_contains", null);
        if (contains != null && contains.isEmpty()) in.error("body_contains", "must not be empty");
        JsonPath path = in.jsonPath("json_path");
        List<String> equals = null;
        if (in.has("equals")) {
            JsonNode e = in.node("equals");
            equals = new ArrayList<>();
            for (JsonNode v : e.isArray() ? e : List.of(e)) {
                if (v.isValueNode() && !v.isNull()) equals.add(v.asText());
                else in.error("equals", "must be a value or a list of values");
            }
            if (equals.isEmpty()) in.error("equals", "must not be empty");
            if (!in.has("json_path")) in.error("equals", "needs json_path (the value to compare)");
        }
        Pattern regex = in.regex("regex");
        Extractor reason = null;
        if (reasons && (in.has("reason_path") || in.has("reason_regex"))) {
            if (in.has("reason_path") && in.has("reason_regex")) in.error("reason_path", "give reason_path or reason_regex, not both");
            JsonPath rp = in.jsonPath("reason_path");
            Pattern rr = in.regex("reason_regex");
            if (rp != null ^ rr != null) reason = new Extractor(rp, rr);
        }
        if (status == null && contains == null && path == null && regex == null && !in.failed())
            in.error("", "needs at least one of " + (bodyOnly ? "" : "status, ") + "body_contains, json_path, regex");
        if (in.failed()) return null;
        List<String> eq = equals;
        Extractor why = reason;
        return in.build("", () -> new Rule(status, contains, path, eq, regex, why));
    }

    private static Extractor extractor(Reader in) {
        if (in == null) return null;
        in.allow("json_path", "regex");
        JsonPath p = in.jsonPath("json_path");
        Pattern r = in.regex("regex");
        if (in.has("json_path") == in.has("regex")) in.error("", "give exactly one of json_path and regex");
        if (in.failed()) return null;
        return in.build("", () -> new Extractor(p, r));
    }

    private static HubSpotEndpoint hubspot(Reader in, EndpointOptions options) {
        in.allow("base_url", "token", "owner", "mapping");
        Template base = in.url("base_url", false);
        Template token = in.template("token", true);
        Template owner = in.template("owner", false);
        Mapping mapping = crmMapping(in, "mapping", HubSpotEndpoint.DEFAULT_MAPPING);
        if (token == null || mapping == null || options == null || in.failed()) return null;
        Template b = base != null ? base : Template.literal(HubSpotEndpoint.DEFAULT_BASE_URL);
        return in.build("", () -> new HubSpotEndpoint(b, token, owner, mapping, options));
    }

    private static SalesforceEndpoint salesforce(Reader in, EndpointOptions options) {
        in.allow("base_url", "api_version", "token", "owner", "auto_assign", "mapping");
        Template base = in.url("base_url", true);
        String version = in.string("api_version", SalesforceEndpoint.DEFAULT_API_VERSION);
        Template token = in.template("token", true);
        Template owner = in.template("owner", false);
        String autoAssign = null;
        if (in.has("auto_assign")) {
            JsonNode n = in.node("auto_assign");
            if (n.isBoolean()) autoAssign = n.booleanValue() ? "TRUE" : "FALSE";
            else if (n.isTextual() && n.asText().matches("(?i)true|false")) autoAssign = n.asText().toUpperCase(Locale.ROOT);
            else if (n.isTextual() && n.asText().matches("01Q[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) autoAssign = n.asText();
            else in.error("auto_assign", "must be true, false or an assignment rule id (01Q...)");
        }
        Mapping mapping = crmMapping(in, "mapping", SalesforceEndpoint.DEFAULT_MAPPING);
        if (base == null || token == null || mapping == null || options == null || in.failed()) return null;
        String a = autoAssign;
        return in.build("", () -> new SalesforceEndpoint(base, version, token, owner, a, mapping, options));
    }

    private static DynamicsEndpoint dynamics(Reader in, EndpointOptions options) {
        in.allow("base_url", "api_version", "entity_set", "token", "owner", "duplicate_detection", "mapping");
        Template base = in.url("base_url", true);
        String version = in.string("api_version", DynamicsEndpoint.DEFAULT_API_VERSION);
        String entitySet = in.string("entity_set", "leads");
        Template token = in.template("token", true);
        Template owner = in.template("owner", false);
        boolean detect = in.bool("duplicate_detection", true);
        Mapping mapping = crmMapping(in, "mapping", DynamicsEndpoint.DEFAULT_MAPPING);
        if (base == null || token == null || mapping == null || options == null || in.failed()) return null;
        return in.build("", () -> new DynamicsEndpoint(base, version, entitySet, token, owner, detect, mapping, options));
    }

    private static PipedriveEndpoint pipedrive(Reader in, EndpointOptions options) {
        in.allow("base_url", "token", "token_in", "owner", "mapping", "lead_mapping");
        Template base = in.url("base_url", false);
        Template token = in.template("token", true);
        String tokenIn = in.choice("token_in", "header", "header", "query");
        Template owner = in.template("owner", false);
        Mapping person = crmMapping(in, "mapping", PipedriveEndpoint.DEFAULT_PERSON);
        Mapping lead = crmMapping(in, "lead_mapping", PipedriveEndpoint.DEFAULT_LEAD);
        if (token == null || tokenIn == null || person == null || lead == null || options == null || in.failed()) return null;
        Template b = base != null ? base : Template.literal(PipedriveEndpoint.DEFAULT_BASE_URL);
        return in.build("", () -> new PipedriveEndpoint(b, token, tokenIn.equals("query"), owner, person, lead, options));
    }

    private static SlackEndpoint slack(Reader in, EndpointOptions options) {
        in.allow("webhook_url", "text");
        Template url = in.url("webhook_url", true);
        Template text = in.template("text", false);
        if (url == null || options == null || in.failed()) return null;
        return in.build("", () -> new SlackEndpoint(url, text != null ? text : SlackEndpoint.DEFAULT_TEXT, options));
    }

    private static TwilioEndpoint twilio(Reader in, EndpointOptions options) {
        in.allow("base_url", "account_sid", "auth_token", "from", "messaging_service_sid", "to", "body");
        Template base = in.url("base_url", false);
        Template sid = in.template("account_sid", true);
        Template token = in.template("auth_token", true);
        Template from = in.template("from", false);
        Template service = in.template("messaging_service_sid", false);
        if (in.has("from") == in.has("messaging_service_sid")) in.error("from", "give exactly one of from and messaging_service_sid");
        Template to = in.template("to", true);
        Template body = in.template("body", true);
        if (sid == null || token == null || to == null || body == null || options == null || in.failed()) return null;
        Template b = base != null ? base : Template.literal(TwilioEndpoint.DEFAULT_BASE_URL);
        return in.build("", () -> new TwilioEndpoint(b, sid, token, from, service, to, body, options));
    }

    private static ResendEndpoint resend(Reader in, EndpointOptions options) {
        in.allow("base_url", "api_key", "from", "to", "subject", "html", "text", "reply_to");
        Template base = in.url("base_url", false);
        Template key = in.template("api_key", true);
        Template from = in.template("from", true);
        List<Template> to = new ArrayList<>();
        if (!in.has("to")) in.error("to", "is required");
        else {
            JsonNode n = in.node("to");
            for (JsonNode v : n.isArray() ? n : List.of(n)) {
                if (!v.isTextual()) in.error("to", "must be an address template or a list of them");
                else {
                    Template t = compile(v.asText(), in.path("to"), in.errors);
                    if (t != null) to.add(t);
                }
            }
            if (n.isArray() && (n.isEmpty() || n.size() > 50)) in.error("to", "needs 1 to 50 addresses");
        }
        Template subject = in.template("subject", true);
        Template html = in.template("html", false);
        Template text = in.template("text", false);
        if (!in.has("html") && !in.has("text")) in.error("text", "give html or text (or both)");
        Template reply = in.template("reply_to", false);
        if (key == null || from == null || subject == null || options == null || in.failed()) return null;
        Template b = base != null ? base : Template.literal(ResendEndpoint.DEFAULT_BASE_URL);
        return in.build("", () -> new ResendEndpoint(b, key, from, to, subject, html, text, reply, options));
    }

    private static Mapping crmMapping(Reader in, String key, Mapping defaults) {
        if (!in.has(key)) return defaults;
        return Mapping.parse(in.node(key), in.path(key), in.errors, false, false);
    }

    private static Template compile(String source, String where, List<ConfigError> errors) {
        try {
            return Template.compile(source);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(where, e.getMessage()));
            return null;
        }
    }

    /** Reads one config object, tracking its path and adding problems to the shared error list. */
    private static final class Reader {
        final JsonNode node;
        final String path;
        final List<ConfigError> errors;
        private final int before;
        private final Set<String> allowed = new LinkedHashSet<>();

        /** {@code top}: the endpoint itself, which also has the common keys. */
        Reader(JsonNode node, String path, List<ConfigError> errors, boolean top) {
            this.node = node;
            this.path = path;
            this.errors = errors;
            this.before = errors.size();
            if (top) allowed.addAll(COMMON);
        }

        /** Declares the keys this object may have (besides type, timeout, retry, circuit at the top) and reports the others. */
        void allow(String... keys) {
            allowed.addAll(List.of(keys));
            for (var it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) error(k, "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }

        boolean failed() {
            return errors.size() > before;
        }

        String path(String key) {
            return key.isEmpty() ? path : path + "." + key;
        }

        void error(String key, String message) {
            errors.add(new ConfigError(path(key), message));
        }

        boolean has(String key) {
            return node.has(key) && !node.get(key).isNull();
        }

        JsonNode node(String key) {
            return node.get(key);
        }

        /** A nested object, or null when absent (an error when it is not an object). */
        Reader child(String key) {
            if (!has(key)) return null;
            JsonNode n = node.get(key);
            if (!n.isObject()) {
                error(key, "must be a map");
                return new Reader(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), path(key), errors, false);
            }
            return new Reader(n, path(key), errors, false);
        }

        /** Runs a constructor whose compact checks may refuse the values, turning that into an error. */
        <T> T build(String key, Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return null;
            }
        }

        String string(String key, String def) {
            if (!has(key)) return def;
            JsonNode n = node.get(key);
            if (!n.isTextual()) {
                error(key, "must be a string");
                return null;
            }
            return n.asText();
        }

        String choice(String key, String def, String... options) {
            String v = string(key, def);
            if (v == null) return null;
            for (String o : options) if (o.equalsIgnoreCase(v)) return o;
            error(key, "must be one of " + String.join(", ", options) + ", got '" + v + "'");
            return null;
        }

        int integer(String key, int def) {
            if (!has(key)) return def;
            JsonNode n = node.get(key);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                error(key, "must be a whole number");
                return def;
            }
            return n.intValue();
        }

        boolean bool(String key, boolean def) {
            if (!has(key)) return def;
            JsonNode n = node.get(key);
            if (!n.isBoolean()) {
                error(key, "must be true or false");
                return def;
            }
            return n.booleanValue();
        }

        Duration duration(String key, Duration def) {
            if (!has(key)) return def;
            JsonNode n = node.get(key);
            if (!n.isTextual()) {
                error(key, "must be a duration such as 5s, 2m or 1h");
                return null;
            }
            try {
                return leadrouter.config.Durations.parse(n.asText());
            } catch (IllegalArgumentException e) {
                error(key, "bad duration '" + n.asText() + "' (a number and ms, s, m, h, d or w, e.g. 5s, 2m, 1h)");
                return null;
            }
        }

        Template template(String key, boolean required) {
            if (!has(key)) {
                if (required) error(key, "is required");
                return null;
            }
            JsonNode n = node.get(key);
            if (!n.isValueNode()) {
                error(key, "must be a string");
                return null;
            }
            return compile(n.asText(), path(key), errors);
        }

        /** A URL template; its scheme must be http or https when it starts with literal text. */
        Template url(String key, boolean required) {
            Template t = template(key, required);
            if (t == null) return null;
            if (t.isConstant()) {
                try {
                    Call.uri(t.source());
                } catch (IllegalArgumentException e) {
                    error(key, e.getMessage());
                    return null;
                }
            } else {
                String prefix = t.literalPrefix().toLowerCase(Locale.ROOT);
                if (!prefix.isEmpty() && !prefix.startsWith("http://") && !prefix.startsWith("https://")) {
                    error(key, "URL must be http(s)://host/...");
                    return null;
                }
            }
            return t;
        }

        JsonPath jsonPath(String key) {
            String s = string(key, null);
            if (s == null) return null;
            try {
                return JsonPath.parse(s);
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return null;
            }
        }

        Pattern regex(String key) {
            String s = string(key, null);
            if (s == null) return null;
            try {
                return Pattern.compile(s);
            } catch (PatternSyntaxException e) {
                error(key, "bad regex: " + e.getDescription());
                return null;
            }
        }

        StatusSet statuses(String key) {
            JsonNode n = node.get(key);
            List<String> items = new ArrayList<>();
            for (JsonNode v : n.isArray() ? n : List.of(n)) {
                if (v.isIntegralNumber() || v.isTextual()) items.add(v.asText().strip().toLowerCase(Locale.ROOT));
                else error(key, "must be a status such as 200 or 2xx, or a list of them");
            }
            return build(key, () -> new StatusSet(items));
        }
    }
}
