package leadrouter.bench.ceiling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bare HTTP ceiling: the same Javalin 7 stack as LeadRouter, with an endpoint that parses the
 * lead into a Jackson tree, reads its campaign and fields, and answers 201 with a small JSON body.
 * No validation, storage or routing: whatever LeadRouter does costs on top of this.
 *
 * <p>It is also the buyers' endpoint for speed-to-lead runs: {@code POST /sink/<buyer>} records when
 * a delivery arrived and the first E.164 phone number in its body, whatever the body's format;
 * {@code GET /sink/arrivals} lists them, one "phone epoch-micros buyer" line each.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -jar ceiling.jar [--port N]} (0: any free port).
 */
public final class CeilingServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An E.164 number, bare or with its "+" escaped in JSON ("\u002B") or a form ("%2B"). */
    private static final Pattern PHONE = Pattern.compile("(?:\\+|\\\\u002[bB]|%2[bB])(1\\d{10})\\b");

    private CeilingServer() {
    }

    public static void main(String[] args) {
        int port = 7070;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) port = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: ceiling [--port N]");
                System.exit(2);
            }
        }
        AtomicLong ids = new AtomicLong();
        Queue<String> arrivals = new ConcurrentLinkedQueue<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/health", ctx -> ctx.result("ok"));
            cfg.routes.post("/sink/{buyer}", ctx -> {
                Instant at = Instant.now();
                Matcher m = PHONE.matcher(new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8));
                String phone = m.find() ? "+" + m.group(1) : "-";
                arrivals.add(phone + " " + (at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000) + " " + ctx.pathParam("buyer"));
                ctx.status(200).contentType("application/json").result("{\"received\":true}");
            });
            cfg.routes.get("/sink/arrivals", ctx -> {
                StringBuilder b = new StringBuilder();
                for (String a : arrivals) b.append(a).append('\n');
                ctx.contentType("text/plain").result(b.toString());
            });
            cfg.routes.post("/api/v1/leads", ctx -> {
                JsonNode lead;
                try {
                    lead = JSON.readTree(ctx.bodyAsBytes());
                } catch (java.io.IOException e) {
                    ctx.status(400).contentType("application/json").result("{\"error\":\"invalid JSON\"}");
                    return;
                }
                String campaign = lead.path("campaign").asText("");
                JsonNode fields = lead.path("fields");
                int present = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = fields.properties().iterator(); it.hasNext(); ) {
                    if (!it.next().getValue().isNull()) present++;
                }
                if (campaign.isEmpty() || present == 0) {
                    ctx.status(422).contentType("application/json").result("{\"error\":\"campaign and fields are required\"}");
                    return;
                }
                ObjectNode out = JSON.createObjectNode();
                out.put("id", Long.toString(ids.incrementAndGet()));
                out.put("status", "accepted");
                ctx.status(201).contentType("application/json").result(JSON.writeValueAsBytes(out));
            });
        }).start(port);
        System.out.println("ceiling listening on port " + app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    }
}
