package leadrouter.engine;

import leadrouter.config.ConfigService;
import leadrouter.ingest.DedupePolicy;
import leadrouter.routing.Campaign;
import leadrouter.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps look-ups from growing with history: dedupe keys older than the longest dedupe window can
 * never match again and are deleted (the leads themselves stay), and counters of windows that
 * ended long ago are dropped from memory (they stay in the store).
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    /** Kept beyond the longest window, so a window made longer still finds what it covers for a while. */
    private static final Duration MARGIN = Duration.ofDays(1);

    private final Store store;
    private final ConfigService configs;
    private final LiveState state;
    private final SeenKeys seen;
    private final Runnable flush;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("leadrouter-housekeeping").daemon(true).factory());

    public Housekeeping(Store store, ConfigService configs, LiveState state, SeenKeys seen, Runnable flush, Clock clock, Duration every) {
        this.store = store;
        this.configs = configs;
        this.state = state;
        this.seen = seen;
        this.flush = flush;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::run, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns the number of dedupe keys deleted. */
    public int run() {
        try {
            Instant now = clock.instant();
            Duration longest = Duration.ZERO;
            for (Campaign c : configs.current().routing().campaigns().values()) {
                DedupePolicy p = c.dedupe();
                if (p != null && p.window().compareTo(longest) > 0) longest = p.window();
            }
            Instant oldest = now.minus(longest).minus(MARGIN);
            int pruned = store.pruneDedupeKeys(oldest);
            if (pruned > 0 || seen.overfull()) seen.rebuild(store, oldest, flush);
            state.forgetBefore(state.keepSince(now));
            if (pruned > 0) log.info("deleted {} dedupe keys older than the longest window ({})", pruned, longest);
            return pruned;
        } catch (RuntimeException e) {
            log.warn("housekeeping failed", e);
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
