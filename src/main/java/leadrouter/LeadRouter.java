package leadrouter;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.audit.EventType;
import leadrouter.config.ConfigService;
import leadrouter.delivery.EndpointCircuits;
import leadrouter.delivery.EndpointClient;
import leadrouter.delivery.Secrets;
import leadrouter.engine.Deliveries;
import leadrouter.engine.Housekeeping;
import leadrouter.engine.SeenKeys;
import java.time.Instant;
import leadrouter.store.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import leadrouter.engine.DeferredLeads;
import leadrouter.engine.Intake;
import leadrouter.engine.LiveState;
import leadrouter.engine.Metrics;
import leadrouter.engine.RecentLeads;
import leadrouter.engine.Rerouting;
import leadrouter.store.GroupCommit;
import leadrouter.store.Store;
import leadrouter.store.StoreFactory;
import leadrouter.store.StoreSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One LeadRouter node: the store, the single writer, the live config and routing state, and the
 * services around the decision core. The HTTP layer ({@code web.Api}) and the CLI sit on top.
 */
public final class LeadRouter implements AutoCloseable {

    /**
     * How to start. {@code configDocument}: a config to load (null: the newest stored version).
     * {@code adminToken}: null turns the admin API off.
     */
    public record Options(StoreSettings store, JsonNode configDocument, String configAuthor, Path configDir,
                          String adminToken, Clock clock, Duration deferredTick, int maxBatch, Secrets secrets,
                          String publicUrl, Duration deliverySweep) {
        public static Options of(StoreSettings store, JsonNode configDocument, String adminToken) {
            return new Options(store, configDocument, "file", Path.of("."), adminToken, Clock.systemUTC(),
                    Duration.ofMillis(500), 512, Secrets.env(), "http://localhost:8080", Duration.ofSeconds(2));
        }

        public Options withClock(Clock c) {
            return new Options(store, configDocument, configAuthor, configDir, adminToken, c, deferredTick, maxBatch, secrets, publicUrl, deliverySweep);
        }

        public Options withTicks(Duration deferred, Duration sweep) {
            return new Options(store, configDocument, configAuthor, configDir, adminToken, clock, deferred, maxBatch, secrets, publicUrl, sweep);
        }

        public Options withSecrets(Secrets s) {
            return new Options(store, configDocument, configAuthor, configDir, adminToken, clock, deferredTick, maxBatch, s, publicUrl, deliverySweep);
        }

        public Options withPublicUrl(String url) {
            return new Options(store, configDocument, configAuthor, configDir, adminToken, clock, deferredTick, maxBatch, secrets, url, deliverySweep);
        }
    }

    public final Store store;
    public final String storeKind;
    public final GroupCommit writer;
    public final ConfigService configs;
    public final LiveState state;
    public final Metrics metrics;
    public final Intake intake;
    public final Rerouting rerouting;
    public final DeferredLeads deferred;
    public final Deliveries deliveries;
    public final Housekeeping housekeeping;
    public final EndpointCircuits circuits;
    public final Clock clock;
    public final String adminToken;
    public final Secrets secrets;

    private LeadRouter(Options o) {
        this.clock = o.clock();
        this.adminToken = o.adminToken();
        this.secrets = o.secrets();
        this.store = StoreFactory.open(o.store());
        this.storeKind = o.store().kind();
        this.metrics = new Metrics();
        this.writer = new GroupCommit(store, o.maxBatch());
        writer.observe((tasks, nanos) -> {
            metrics.commitSeconds.observe(nanos / 1e9);
            metrics.commitLeads.observe(tasks);
        });
        metrics.watch(writer);
        this.state = new LiveState();
        RecentLeads recent = new RecentLeads(clock);
        writer.listen(recent);
        writer.listen(new GroupCommit.Listener() {
            @Override
            public void rolledBack(RuntimeException cause) {
                state.load(store, clock.instant());
            }
        });
        this.configs = new ConfigService(store, writer, clock, o.configDir());
        configs.start(o.configDocument(), o.configAuthor());
        state.load(store, clock.instant());
        this.circuits = new EndpointCircuits(clock);
        configs.onChange(c -> circuits.update(c.endpoints()));
        state.circuits(circuits::isOpen, circuits::suspects);
        circuits.addListener(t -> writer.submit(ctx -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("buyer", t.buyer());
            data.put("endpoint", t.endpointIndex());
            data.put("from", t.from());
            data.put("to", t.to());
            ctx.batch.events.add(Rows.AuditEvent.of(null, EventType.CIRCUIT_CHANGED, t.at(), configs.current().version(), Json.write(data)));
            return null;
        }));
        Deliveries[] outbox = new Deliveries[1];
        Consumer<List<Rows.DeliveryRow>> enqueue = rows -> { if (outbox[0] != null) outbox[0].enqueue(rows); };
        SeenKeys seen = new SeenKeys();
        seen.rebuild(store, Instant.EPOCH, () -> { });
        this.intake = new Intake(store, writer, configs, state, recent, seen, metrics, clock, enqueue);
        this.rerouting = new Rerouting(store, configs, state, metrics, clock, enqueue);
        this.deliveries = new Deliveries(store, writer, configs, state, rerouting,
                new EndpointClient(EndpointClient.defaultHttpClient(), o.secrets()), circuits, metrics, clock, o.publicUrl(), o.deliverySweep());
        outbox[0] = deliveries;
        this.deferred = new DeferredLeads(store, writer, rerouting, clock, o.deferredTick().toMillis());
        this.housekeeping = new Housekeeping(store, configs, state, seen, () -> writer.call(ctx -> null), clock, Duration.ofMinutes(15));
    }

    public static LeadRouter open(Options o) {
        return new LeadRouter(o);
    }

    private volatile boolean warmingUp;

    /** While true, {@code /health} answers 503 "warming_up" (see {@link WarmUp}); leads are still taken. */
    public void warmingUp(boolean on) {
        warmingUp = on;
    }

    public boolean warmingUp() {
        return warmingUp;
    }

    @Override
    public void close() {
        housekeeping.close();
        deferred.close();
        deliveries.close();
        writer.close();
        store.close();
    }
}
