package leadrouter;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import leadrouter.audit.TraceJson;
import leadrouter.config.Config;
import leadrouter.config.ConfigDocument;
import leadrouter.config.ConfigError;
import leadrouter.config.ConfigParser;
import leadrouter.config.Durations;
import leadrouter.config.Keys;
import leadrouter.delivery.Secrets;
import leadrouter.ingest.Normalizer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Decision;
import leadrouter.routing.Lead;
import leadrouter.routing.RoutingState;
import leadrouter.routing.Router;
import leadrouter.store.StoreSettings;
import leadrouter.web.Api;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The command line: {@code leadrouter serve | simulate | validate | hash-key}. */
@Command(name = "leadrouter", mixinStandardHelpOptions = true, version = "leadrouter 0.1.0",
        description = "Self-hosted lead routing engine.",
        subcommands = {Main.Serve.class, Main.Simulate.class, Main.Validate.class, Main.HashKey.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "serve", description = "Start the server (embedded SQLite store unless --db-url is given).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "Config file (YAML or JSON). Stored as a new version when it differs from the newest stored one.")
        Path config;
        @Option(names = "--demo", description = "Load the demo config (two campaigns, five buyers).")
        boolean demo;
        @Option(names = "--data", defaultValue = "./data", description = "Data directory of the embedded store (default: ${DEFAULT-VALUE}).")
        Path data;
        @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;
        @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;
        @Option(names = "--db-url", description = "PostgreSQL JDBC URL (shared store); default: SQLite in --data. Also LEADROUTER_DB_URL.")
        String dbUrl;
        @Option(names = "--durability", defaultValue = "full", description = "SQLite sync on commit: full (survives power loss) or normal (survives a process crash).")
        String durability;
        @Option(names = "--secrets-file", description = "File of NAME=value lines for ${NAME} in endpoint settings (checked before the environment).")
        Path secretsFile;
        @Option(names = "--warm-up", defaultValue = "0s", description = "Before answering /health with 200, post made-up "
                + "leads through a private copy of this node for this long (e.g. 30s), so that the JIT has compiled the lead "
                + "path before real traffic comes; nothing is stored in this node's store or delivered (default: ${DEFAULT-VALUE}, off).")
        String warmUp;
        @Option(names = "--public-url", description = "Base URL of this server in links sent to buyers (trace links); default http://localhost:PORT.")
        String publicUrl;

        @Override
        public Integer call() throws Exception {
            Duration warm;
            try {
                warm = Durations.parse(warmUp);
            } catch (IllegalArgumentException e) {
                System.err.println("--warm-up: " + e.getMessage());
                return 2;
            }
            String token = System.getenv("LEADROUTER_ADMIN_TOKEN");
            if ((token == null || token.isBlank()) && demo) {
                byte[] b = new byte[18];
                new SecureRandom().nextBytes(b);
                token = HexFormat.of().formatHex(b);
                System.out.println("Admin token for this demo run: " + token + "  (set LEADROUTER_ADMIN_TOKEN to choose one)");
            }
            JsonNode document = null;
            String author = "file";
            Path configDir = Path.of(".");
            if (config != null) {
                document = readConfig(config);
                author = "file:" + config;
                configDir = config.toAbsolutePath().getParent();
            } else if (demo) {
                document = demoConfig();
                author = "demo";
            }
            String url = dbUrl != null ? dbUrl : System.getenv("LEADROUTER_DB_URL");
            StoreSettings store = url != null && !url.isBlank()
                    ? StoreSettings.postgres(url)
                    : StoreSettings.sqlite(data, durability.equalsIgnoreCase("normal"));
            Secrets secrets = secretsFile == null ? Secrets.env() : Secrets.firstOf(Secrets.file(secretsFile), Secrets.env());
            LeadRouter app = LeadRouter.open(new LeadRouter.Options(store, document, author, configDir,
                    token == null || token.isBlank() ? null : token, Clock.systemUTC(), Duration.ofMillis(500), 512,
                    secrets, publicUrl != null ? publicUrl : "http://localhost:" + port, Duration.ofSeconds(2)));
            app.warmingUp(!warm.isZero());
            Javalin web = Api.create(app).start(host, port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                web.stop();
                app.close();
            }));
            System.out.println("LeadRouter listening on http://" + host + ":" + web.port() + " (config version "
                    + app.configs.current().version() + ", store " + app.storeKind + ")");
            if (!warm.isZero()) {
                System.out.println("Warming up for " + warmUp + " (/health answers 503 until done)...");
                try {
                    WarmUp.Result r = WarmUp.run(app.configs.current(), warm, 32, data, configDir);
                    System.out.printf(java.util.Locale.ROOT, "Warmed up: %,d made-up leads (%,d taken) in %.1f s, %,.0f a second at the end; ready.%n",
                            r.sent(), r.accepted(), r.took().toMillis() / 1000.0, r.lastQuarterPerSecond());
                } catch (Exception e) {
                    // A node that could not warm up still routes leads, only slower at first.
                    System.err.println("Warm-up failed (" + e + "); ready without it.");
                } finally {
                    app.warmingUp(false);
                }
            }
            Thread.currentThread().join();
            return 0;
        }
    }

    @Command(name = "simulate", description = "Print the decision and trace for a lead, without storing anything.")
    static final class Simulate implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Config file (YAML or JSON).")
        Path config;
        @Option(names = "--at", description = "Decide as of this instant (ISO, e.g. 2026-05-04T15:00:00Z); default now.")
        String at;
        @Parameters(index = "0", description = "Lead file: {\"campaign\": \"...\", \"fields\": {...}}")
        Path lead;

        @Override
        public Integer call() throws Exception {
            Config cfg = parse(readConfig(config), config);
            if (cfg == null) return 2;
            JsonNode body = Json.MAPPER.readTree(Files.readString(lead));
            Campaign campaign = cfg.routing().campaigns().get(body.path("campaign").asText());
            if (campaign == null) {
                System.err.println("unknown campaign '" + body.path("campaign").asText() + "'");
                return 2;
            }
            JsonNode given = body.path("fields");
            if (!given.isObject()) {
                System.err.println("the lead file must hold a \"fields\" object");
                return 2;
            }
            Map<String, Object> raw = Json.fields(given);
            Map<String, Object> fields;
            switch (Normalizer.normalize(campaign.fields(), raw)) {
                case Normalizer.Valid v -> fields = v.fields();
                case Normalizer.Invalid i -> {
                    i.errors().forEach(e -> System.err.println(e.field() + ": " + e.message()));
                    return 2;
                }
            }
            Instant now = at == null ? Instant.now() : Instant.parse(at);
            Decision d = Router.decide(new Lead("simulated", campaign.id(), "cli", fields, now), cfg.routing(), RoutingState.EMPTY, now);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", d.status());
            if (d instanceof Decision.Assigned a) out.put("assignments", TraceJson.assignments(a.assignments()));
            if (d instanceof Decision.Deferred df) out.put("defer_until", df.until().toString());
            if (d instanceof Decision.Unassigned u) out.put("queue", u.queue());
            out.put("trace", TraceJson.of(d.trace()));
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
    }

    @Command(name = "validate", description = "Check a config file and list every error.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", description = "Config file (YAML or JSON).")
        Path config;

        @Override
        public Integer call() throws Exception {
            Config cfg = parse(readConfig(config), config);
            if (cfg == null) return 2;
            System.out.println("OK: " + cfg.routing().campaigns().size() + " campaign(s), " + cfg.routing().buyers().size()
                    + " buyer(s), " + cfg.sources().size() + " source(s)");
            return 0;
        }
    }

    @Command(name = "hash-key", description = "Print the sha256 form of a source API key, for a config's sources[].keys.")
    static final class HashKey implements Callable<Integer> {
        @Parameters(index = "0", description = "The API key.")
        String key;

        @Override
        public Integer call() {
            System.out.println(Keys.hash(key));
            return 0;
        }
    }

    static JsonNode readConfig(Path file) throws IOException {
        return ConfigDocument.read(Files.readString(file, StandardCharsets.UTF_8));
    }

    static JsonNode demoConfig() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("/demo/demo.yaml")) {
            if (in == null) throw new IOException("demo config missing from the build");
            return ConfigDocument.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Config parse(JsonNode doc, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return switch (ConfigParser.parse(doc, 1, dir)) {
            case leadrouter.config.ConfigResult.Valid v -> v.config();
            case leadrouter.config.ConfigResult.Invalid i -> {
                for (ConfigError e : i.errors()) System.err.println(e);
                yield null;
            }
        };
    }
}
