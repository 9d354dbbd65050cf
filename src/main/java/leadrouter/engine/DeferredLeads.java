package leadrouter.engine;

import leadrouter.store.GroupCommit;
import leadrouter.store.Rows.LeadRow;
import leadrouter.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Routes deferred leads when their time comes. The schedule is the store itself (status deferred,
 * defer_until), so it survives restarts: after a restart the leads that fell due meanwhile are
 * routed on the first tick.
 */
public final class DeferredLeads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredLeads.class);
    private static final int PER_TICK = 500;

    private final Store store;
    private final GroupCommit writer;
    private final Rerouting rerouting;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("leadrouter-deferred").daemon(true).factory());

    public DeferredLeads(Store store, GroupCommit writer, Rerouting rerouting, Clock clock, long tickMillis) {
        this.store = store;
        this.writer = writer;
        this.rerouting = rerouting;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Routes every lead that is due now; returns how many were handed to the writer. */
    public int tick() {
        try {
            int n = 0;
            for (LeadRow due : store.dueDeferred(clock.instant(), PER_TICK)) {
                if (!inFlight.add(due.id())) continue;
                n++;
                writer.submit(ctx -> route(ctx, due.id()))
                        .whenComplete((status, err) -> {
                            inFlight.remove(due.id());
                            if (err != null) log.warn("routing deferred lead {} failed", due.id(), err);
                        });
            }
            return n;
        } catch (RuntimeException e) {
            log.warn("deferred lead check failed", e);
            return 0;
        }
    }

    private String route(GroupCommit.Context ctx, String leadId) {
        LeadRow row = store.lead(leadId).orElse(null);
        if (row == null || !row.status().equals("deferred")) return row == null ? "missing" : row.status();
        return rerouting.reroute(ctx, row, rerouting.historyOf(leadId), Map.of("after", "deferred", "deferred_until",
                String.valueOf(row.deferUntil())));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
