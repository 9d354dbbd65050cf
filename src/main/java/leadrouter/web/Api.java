package leadrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import leadrouter.Json;
import leadrouter.LeadRouter;
import leadrouter.audit.TraceJson;
import leadrouter.config.Config;
import leadrouter.config.ConfigError;
import leadrouter.config.ConfigException;
import leadrouter.config.Keys;
import leadrouter.engine.Intake;
import leadrouter.engine.LeadView;
import leadrouter.ingest.Source;
import leadrouter.ingest.WebhookSignature;
import leadrouter.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API. {@link #routes} is shared by the server and the tests. Lead posts authenticate
 * with a source key; everything else under /api/v1 needs the admin token.
 */
public final class Api {
    private static final Logger log = LoggerFactory.getLogger(Api.class);

    private final LeadRouter app;
    private final Queries queries;

    private Api(LeadRouter app) {
        this.app = app;
        this.queries = new Queries(app);
    }

    /** Creates (not starts) the Javalin server with the API's routes. */
    public static Javalin create(LeadRouter app) {
        return Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = Body.MAX_CONFIG_BYTES;
            // Answers are small JSON: wrapping them for compression costs more than it saves.
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            routes(cfg.routes, app);
        });
    }

    public static void routes(RoutesConfig r, LeadRouter app) {
        Api api = new Api(app);
        r.exception(ApiError.class, (e, ctx) -> api.send(ctx, e.status, e.body()));
        r.exception(ConfigException.class, (e, ctx) -> api.send(ctx, 422, new ApiError(422, "invalid_config",
                e.errors().size() + " error(s) in the config; nothing was changed", configErrors(e.errors())).body()));
        r.exception(StoreException.class, (e, ctx) -> {
            log.error("store failure on {} {}", ctx.method(), ctx.path(), e);
            api.send(ctx, 503, new ApiError(503, "store_unavailable", "the lead store failed; the lead was not acknowledged, retry later (with the same Idempotency-Key, a lead that was stored after all is answered, not stored twice)").body());
        });
        r.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            api.send(ctx, 500, new ApiError(500, "internal_error", "unexpected server error").body());
        });
        r.error(404, ctx -> {
            // Our own 404s are JSON already; anything else (Javalin's "Endpoint ... not found" text) is replaced.
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                api.send(ctx, 404, ApiError.notFound("no such endpoint: " + ctx.method() + " " + ctx.path()).body());
            }
        });
        r.error(405, ctx -> api.send(ctx, 405, new ApiError(405, "method_not_allowed", "method not allowed").body()));

        r.get("/health", api::health);
        r.get("/metrics", ctx -> ctx.contentType(leadrouter.engine.Metrics.contentType()).result(app.metrics.scrape()));

        r.post("/api/v1/leads", api::postLead);
        r.post("/api/v1/webhooks/{source}", api::postWebhook);

        r.get("/api/v1/leads", ctx -> api.admin(ctx, () -> api.queries.listLeads(ctx)));
        r.get("/api/v1/leads/{id}", ctx -> api.admin(ctx, () -> api.queries.lead(ctx.pathParam("id"))));
        r.get("/api/v1/leads/{id}/trace", ctx -> api.admin(ctx, () -> api.queries.trace(ctx.pathParam("id"))));
        r.get("/api/v1/deliveries", ctx -> api.admin(ctx, () -> api.queries.deliveries(ctx)));
        r.get("/api/v1/deliveries/{id}", ctx -> api.admin(ctx, () -> api.queries.delivery(ctx.pathParam("id"))));
        r.post("/api/v1/deliveries/{id}/retry", ctx -> api.admin(ctx, () -> api.retryDelivery(ctx)));
        r.get("/api/v1/circuits", ctx -> api.admin(ctx, api.queries::circuits));
        r.get("/api/v1/events", ctx -> api.admin(ctx, () -> api.queries.events(ctx)));
        r.get("/api/v1/config", ctx -> api.admin(ctx, () -> app.configs.current().document()));
        r.put("/api/v1/config", ctx -> api.admin(ctx, () -> api.putConfig(ctx)));
        r.post("/api/v1/config/validate", ctx -> api.admin(ctx, () -> api.validateConfig(ctx)));
        r.get("/api/v1/config/versions", ctx -> api.admin(ctx, api.queries::configVersions));
        r.get("/api/v1/config/versions/{version}", ctx -> api.admin(ctx, () -> api.queries.configVersion(ctx.pathParam("version"))));
        r.get("/api/v1/buyers/{id}/caps", ctx -> api.admin(ctx, () -> api.queries.caps(ctx.pathParam("id"))));
        r.post("/api/v1/simulate", ctx -> api.admin(ctx, () -> api.queries.simulate(Body.json(Body.bytes(ctx, Body.MAX_CONFIG_BYTES)))));
    }

    private interface Reply {
        Object get() throws Exception;
    }

    private void admin(Context ctx, Reply reply) throws Exception {
        if (app.adminToken == null || app.adminToken.isEmpty()) {
            throw new ApiError(401, "admin_disabled", "admin endpoints are off: start the server with LEADROUTER_ADMIN_TOKEN set");
        }
        String presented = bearer(ctx);
        if (presented == null || !java.security.MessageDigest.isEqual(presented.getBytes(), app.adminToken.getBytes())) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "this endpoint needs the admin token: Authorization: Bearer <token>");
        }
        send(ctx, 200, reply.get());
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null) return null;
        h = h.trim();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
    }

    void send(Context ctx, int status, Object body) {
        byte[] bytes = Json.bytes(body);
        if (status >= 400) {
            // Error bodies stay Javalin results: a result replaces one Javalin set itself (its
            // "Endpoint ... not found" text), where a direct write would come out next to it.
            ctx.status(status).contentType("application/json").result(bytes);
            return;
        }
        // Written straight to the servlet response: Javalin copies a result through a new 32 KB
        // buffer per request, which was most of the garbage a lead made.
        ctx.status(status);
        jakarta.servlet.http.HttpServletResponse res = ctx.res();
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        try {
            res.getOutputStream().write(bytes);
        } catch (java.io.IOException e) {
            // The client went away; what it asked for is done (a posted lead is recorded).
            log.debug("answer to {} {} not sent: {}", ctx.method(), ctx.path(), e.getMessage());
        }
    }

    private void health(Context ctx) {
        Config c = app.configs.current();
        Map<String, Object> m = new LinkedHashMap<>();
        // A load balancer's readiness check holds traffic back while the node warms up.
        boolean warming = app.warmingUp();
        m.put("status", warming ? "warming_up" : "ok");
        m.put("store", app.storeKind);
        m.put("config_version", c == null ? null : c.version());
        m.put("writer_queue", app.writer.queued());
        send(ctx, warming ? 503 : 200, m);
    }

    // --- leads in ---

    private void postLead(Context ctx) {
        Instant received = app.clock.instant();
        String headerKey = sourceKey(ctx);
        Source source = headerKey == null ? null : app.configs.current().sourceByKeyHash(Keys.hash(headerKey));
        boolean form = Body.isForm(ctx.contentType());
        try {
            if (!form && !Body.isJson(ctx.contentType())) {
                throw new ApiError(415, "unsupported_media_type", "send application/json or application/x-www-form-urlencoded");
            }
            byte[] bytes = Body.bytes(ctx, Body.MAX_LEAD_BYTES);
            Map<String, String> formFields = form ? Body.form(bytes) : null;
            // An HTML form cannot set headers: its key comes in the form.
            String formKey = form ? formFields.remove("api_key") : null;
            if (source == null && formKey != null) source = app.configs.current().sourceByKeyHash(Keys.hash(formKey));
            if (source == null) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new ApiError(401, "unauthorized", headerKey == null && formKey == null
                        ? "missing source key: send Authorization: Bearer <key> or X-Api-Key" : "unknown source key");
            }
            JsonLead lead = form ? new JsonLead(formFields.remove("campaign"), formFields) : JsonLead.parse(bytes);
            submit(ctx, source, lead, ctx.header("Idempotency-Key"), form ? "form" : "api", received);
        } catch (ApiError e) {
            // Refusals of a known source are kept as lead.invalid (intake records its own); strangers are not.
            if (source != null && e.status != 401 && !e.recorded) recordRefusal(source, null, form ? "form" : "api", received, e);
            throw e;
        }
    }

    /** The body of a lead post: the campaign and the raw field values. */
    private record JsonLead(String campaign, Map<String, ?> fields) {
        static JsonLead parse(byte[] bytes) {
            JsonNode body = Body.json(bytes);
            if (!body.isObject()) throw ApiError.badRequest("invalid_body", "the body must be a JSON object {\"campaign\": ..., \"fields\": {...}}");
            JsonNode c = body.get("campaign");
            if (c != null && !c.isTextual()) throw ApiError.badRequest("invalid_body", "\"campaign\" must be a string");
            JsonNode f = body.get("fields");
            if (f == null || !f.isObject()) throw ApiError.badRequest("invalid_body", "\"fields\" must be a JSON object of field values");
            for (var it = body.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("campaign") && !name.equals("fields")) {
                    throw ApiError.badRequest("invalid_body", "unknown key \"" + name + "\": the body holds only \"campaign\" and \"fields\"");
                }
            }
            return new JsonLead(c == null ? null : c.asText(),
                    Json.fields(f));
        }
    }

    private void submit(Context ctx, Source source, JsonLead lead, String idem, String channel, Instant received) {
        if (idem != null && (idem.isBlank() || idem.length() > 200)) {
            throw ApiError.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1 to 200 characters");
        }
        Intake.Outcome outcome = app.intake.submit(new Intake.Submission(source.id(), lead.campaign(), lead.fields(), idem, channel, received));
        switch (outcome) {
            case Intake.Recorded r -> {
                if (r.replay()) ctx.header("Idempotent-Replayed", "true");
                send(ctx, 201, leadResponse(r.lead()));
            }
            case Intake.Refused f -> throw new ApiError(f.status(), f.code(), f.message(), f.errors()).alreadyRecorded();
        }
    }

    /**
     * A signed webhook from a source with {@code webhook} set: the body is a lead post; the
     * signature over the raw body is the authentication, and the sender's message id makes
     * its retries idempotent.
     */
    private void postWebhook(Context ctx) {
        Instant received = app.clock.instant();
        Source source = app.configs.current().sources().get(ctx.pathParam("source"));
        if (source == null || source.webhook() == null) throw ApiError.notFound("webhook source " + ctx.pathParam("source"));
        String secret = app.secrets.get(source.webhook().secretName());
        if (secret == null) {
            log.error("webhook secret {} of source {} is not set", source.webhook().secretName(), source.id());
            throw new ApiError(503, "webhook_not_configured", "this source's signing secret is not set on the server");
        }
        byte[] bytes = Body.bytes(ctx, Body.MAX_LEAD_BYTES);
        WebhookSignature.Result verified;
        try {
            verified = WebhookSignature.verify(source.webhook().scheme(), secret, ctx.headerMap(), bytes, received);
        } catch (IllegalArgumentException badSecret) {
            log.error("webhook secret {} of source {} is malformed: {}", source.webhook().secretName(), source.id(), badSecret.getMessage());
            throw new ApiError(503, "webhook_not_configured", "this source's signing secret is malformed on the server");
        }
        if (verified instanceof WebhookSignature.Refused r) throw new ApiError(401, r.code(), r.message());
        String messageId = ((WebhookSignature.Verified) verified).messageId();
        try {
            JsonLead lead = JsonLead.parse(bytes);
            submit(ctx, source, lead, messageId == null ? ctx.header("Idempotency-Key") : "webhook:" + messageId, "webhook", received);
        } catch (ApiError e) {
            if (!e.recorded) recordRefusal(source, null, "webhook", received, e);
            throw e;
        }
    }

    private void recordRefusal(Source source, String campaign, String channel, Instant received, ApiError e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", source.id());
        data.put("campaign", campaign);
        data.put("channel", channel);
        data.put("received_at", received.toString());
        data.put("code", e.code);
        data.put("message", e.getMessage());
        app.intake.recordInvalid(data);
        app.metrics.invalid.labelValues(e.code).inc();
    }

    private static String sourceKey(Context ctx) {
        String b = bearer(ctx);
        if (b != null && !b.isEmpty()) return b;
        String k = ctx.header("X-Api-Key");
        return k == null || k.isBlank() ? null : k.trim();
    }

    static Map<String, Object> leadResponse(LeadView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("status", v.status());
        m.put("assignments", v.assignments().stream().map(a -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("buyer", a.buyer());
            am.put("price", TraceJson.money(a.priceCents()));
            am.put("rule", a.rule());
            return am;
        }).toList());
        if (v.duplicateOf() != null) m.put("duplicate_of", v.duplicateOf());
        if (v.deferUntil() != null) m.put("defer_until", v.deferUntil().toString());
        if (v.queue() != null) m.put("queue", v.queue());
        return m;
    }

    private Object retryDelivery(Context ctx) {
        String id = ctx.pathParam("id");
        String by = ctx.header("X-Author");
        try {
            var row = app.deliveries.retry(id, by == null || by.isBlank() ? "api" : by);
            if (row == null) throw ApiError.notFound("delivery " + id);
            return Queries.delivery(row);
        } catch (IllegalStateException e) {
            throw new ApiError(409, "not_retryable", e.getMessage());
        }
    }

    // --- config ---

    private Object putConfig(Context ctx) {
        JsonNode doc = configDocument(ctx);
        String author = ctx.header("X-Author");
        String comment = ctx.queryParam("comment");
        Config c = app.configs.replace(doc, author == null || author.isBlank() ? "api" : author, comment);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", c.version());
        m.put("status", "active");
        return m;
    }

    private Object validateConfig(Context ctx) {
        Config c = app.configs.validate(configDocument(ctx));
        return Map.of("valid", true, "campaigns", c.routing().campaigns().size(), "buyers", c.routing().buyers().size());
    }

    /** JSON, or YAML when the content type says so. */
    private static JsonNode configDocument(Context ctx) {
        byte[] bytes = Body.bytes(ctx, Body.MAX_CONFIG_BYTES);
        String ct = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (ct.contains("yaml")) {
            return leadrouter.config.ConfigDocument.read(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        return Body.json(bytes);
    }

    static List<Map<String, String>> configErrors(List<ConfigError> errors) {
        return errors.stream().map(e -> Map.of("path", e.path(), "message", e.message())).toList();
    }

}
