package leadrouter;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.config.ConfigService;
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
                          String adminToken, Clock clock, Duration deferredTick, int maxBatch) {
        public static Options of(StoreSettings store, JsonNode configDocument, String adminToken) {
            return new Options(store, configDocument, "file", Path.of("."), adminToken, Clock.systemUTC(),
                    Duration.ofMillis(500), 512);
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
    public final Clock clock;
    public final String adminToken;

    private LeadRouter(Options o) {
        this.clock = o.clock();
        this.adminToken = o.adminToken();
        this.store = StoreFactory.open(o.store());
        this.storeKind = o.store().kind();
        this.metrics = new Metrics();
        this.writer = new GroupCommit(store, o.maxBatch());
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
        Runnable deliveriesAdded = () -> { };
        this.intake = new Intake(store, writer, configs, state, recent, metrics, clock, deliveriesAdded);
        this.rerouting = new Rerouting(store, configs, state, metrics, clock, deliveriesAdded);
        this.deferred = new DeferredLeads(store, writer, rerouting, clock, o.deferredTick().toMillis());
    }

    public static LeadRouter open(Options o) {
        return new LeadRouter(o);
    }

    @Override
    public void close() {
        deferred.close();
        writer.close();
        store.close();
    }
}
