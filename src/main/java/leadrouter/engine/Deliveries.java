package leadrouter.engine;

import leadrouter.Json;
import leadrouter.audit.EventType;
import leadrouter.audit.TraceJson;
import leadrouter.config.Config;
import leadrouter.config.ConfigService;
import leadrouter.delivery.AttemptResult;
import leadrouter.delivery.Backoff;
import leadrouter.delivery.DeliveryContext;
import leadrouter.delivery.EndpointCircuits;
import leadrouter.delivery.EndpointClient;
import leadrouter.delivery.EndpointSpec;
import leadrouter.delivery.Exchange;
import leadrouter.delivery.Outcome;
import leadrouter.routing.Buyer;
import leadrouter.routing.Campaign;
import leadrouter.routing.CapPeriod;
import leadrouter.routing.LeadHistory;
import leadrouter.store.GroupCommit;
import leadrouter.store.Rows.AssignmentRelease;
import leadrouter.store.Rows.AssignmentRow;
import leadrouter.store.Rows.AuditEvent;
import leadrouter.store.Rows.CapDelta;
import leadrouter.store.Rows.DeliveryRow;
import leadrouter.store.Rows.LeadRow;
import leadrouter.store.Store;
import leadrouter.store.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The delivery worker: takes pending deliveries from the outbox, sends each to its endpoint on a
 * virtual thread, and records every attempt. A delivery stays pending until its outcome is
 * committed, so a crash between sending and recording means a repeat (with the same idempotency
 * key), never a loss. Transport errors, 5xx and 429 are retried with backoff; a buyer's reject
 * releases the assignment and routes the lead again without that buyer.
 */
public final class Deliveries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    /** Concurrent attempts per endpoint: a slow buyer holds only its own permits. */
    private static final int PER_ENDPOINT = 32;

    private final Store store;
    private final GroupCommit writer;
    private final ConfigService configs;
    private final LiveState state;
    private final Rerouting rerouting;
    private final EndpointClient client;
    private final EndpointCircuits circuits;
    private final Metrics metrics;
    private final Clock clock;
    private final String publicUrl;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("leadrouter-deliveries").daemon(true).factory());
    private final SplittableRandom random = new SplittableRandom();
    private volatile boolean running = true;


    public Deliveries(Store store, GroupCommit writer, ConfigService configs, LiveState state, Rerouting rerouting,
                      EndpointClient client, EndpointCircuits circuits, Metrics metrics, Clock clock, String publicUrl,
                      Duration sweepEvery) {
        this.store = store;
        this.writer = writer;
        this.configs = configs;
        this.state = state;
        this.rerouting = rerouting;
        this.client = client;
        this.circuits = circuits;
        this.metrics = metrics;
        this.clock = clock;
        this.publicUrl = publicUrl;
        timer.scheduleWithFixedDelay(this::sweep, 0, sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
        writer.listen(new GroupCommit.Listener() {
            @Override
            public void committed(long batch) {
                reroutedUncommitted.values().removeIf(b -> b <= batch);
            }

            @Override
            public void rolledBack(RuntimeException cause) {
                reroutedUncommitted.clear();
            }
        });
    }

    /** New pending deliveries, just committed: send them now. */
    public void enqueue(List<DeliveryRow> rows) {
        for (DeliveryRow r : rows) schedule(r.id(), r.nextAttemptAt());
    }

    /** Picks up pending deliveries from the store (after a restart, or scheduled retries). */
    public void sweep() {
        try {
            for (DeliveryRow r : store.pendingDeliveries(2_000)) schedule(r.id(), r.nextAttemptAt());
        } catch (RuntimeException e) {
            log.warn("delivery sweep failed", e);
        }
    }

    /** Runs the delivery's next attempt at {@code at} (now when null or past). */
    private void schedule(String id, Instant at) {
        if (!running) return;
        long delay = at == null ? 0 : Duration.between(clock.instant(), at).toMillis();
        if (delay <= 0) {
            start(id);
            return;
        }
        // Waits are re-checked at least every second, so a clock moved by hand is followed.
        timers.compute(id, (k, existing) -> existing != null && !existing.isDone() ? existing
                : timer.schedule(() -> {
                    timers.remove(id);
                    start(id);
                }, Math.min(delay, 1_000), TimeUnit.MILLISECONDS));
    }

    /** One attempt per delivery at a time: its outcome decides what comes next. */
    private void start(String id) {
        if (!running || !inFlight.add(id)) return;
        Thread.ofVirtual().name("delivery-" + id).start(() -> {
            try {
                attempt(id);
            } finally {
                inFlight.remove(id);
            }
        });
    }

    private void attempt(String id) {
        try {
            DeliveryRow row = store.delivery(id).orElse(null);
            if (row == null || !row.status().equals("pending")) return;
            Instant now = clock.instant();
            if (row.nextAttemptAt() != null && row.nextAttemptAt().isAfter(now)) {
                later(id, row.nextAttemptAt());
                return;
            }
            Config cfg = configs.current();
            Buyer buyer = cfg.routing().buyers().get(row.buyer());
            List<EndpointSpec> specs = cfg.endpoints(row.buyer());
            if (buyer == null || row.endpointIndex() >= specs.size()) {
                finish(id, row, null, "failed", "buyer or endpoint no longer configured");
                return;
            }
            EndpointSpec spec = specs.get(row.endpointIndex());
            if (buyer.offHours() == Buyer.OffHours.DEFER && !buyer.hours().isOpen(now, buyer.zone())) {
                Instant opens = buyer.hours().nextOpening(now, buyer.zone());
                if (opens != null) {
                    reschedule(row, opens, "buyer closed until " + opens);
                    return;
                }
            }
            if (!circuits.allows(row.buyer(), row.endpointIndex())) {
                reschedule(row, now.plus(Duration.ofSeconds(1)), "circuit open");
                return;
            }
            LeadRow lead = store.lead(row.leadId()).orElse(null);
            AssignmentRow assignment = store.assignments(row.leadId()).stream()
                    .filter(a -> a.id().equals(row.assignmentId())).findFirst().orElse(null);
            if (lead == null || assignment == null || !assignment.status().equals("active")) {
                circuits.release(row.buyer(), row.endpointIndex());
                finish(id, row, null, "cancelled", "assignment no longer active");
                return;
            }
            Campaign campaign = cfg.routing().campaigns().get(lead.campaign());
            Map<String, Object> fields = campaign == null ? Map.of() : Rerouting.fields(campaign, lead.fieldsJson());
            DeliveryContext ctx = new DeliveryContext(lead.id(), lead.campaign(), lead.source(), lead.receivedAt(), fields,
                    buyer.id(), buyer.name(), assignment.priceCents(), row.id(), row.idempotencyKey(), row.attempts() + 1,
                    publicUrl + "/api/v1/leads/" + lead.id() + "/trace", row.progress());
            Semaphore gate = permits.computeIfAbsent(row.buyer() + "#" + row.endpointIndex(), k -> new Semaphore(PER_ENDPOINT));
            AttemptResult result;
            gate.acquireUninterruptibly();
            try {
                result = client.send(spec, ctx);
            } finally {
                gate.release();
            }
            circuits.record(row.buyer(), row.endpointIndex(), result.outcome());
            metrics.deliveries.labelValues(spec.type(), kind(result.outcome())).inc();
            // A lead re-routed in a batch not committed yet: record once that batch is durable.
            while (writer.call(c -> record(c, row, spec, buyer, lead, result)) == NEXT_BATCH) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            if (!running) return; // shutting down: the delivery stays pending for the next start
            log.warn("delivery {} attempt failed to run; it stays pending", id, e);
            later(id, clock.instant().plusSeconds(5));
        }
    }

    private void later(String id, Instant at) {
        schedule(id, at);
    }

    private void reschedule(DeliveryRow row, Instant at, String why) {
        writer.call(c -> {
            c.batch.deliveries.add(with(row, "pending", row.attempts(), at, why, row.buyerLeadId()));
            return null;
        });
        later(row.id(), at);
    }

    private void finish(String id, DeliveryRow row, AttemptResult result, String status, String why) {
        writer.call(c -> {
            c.batch.deliveries.add(with(row, status, row.attempts(), null, why, row.buyerLeadId()));
            Map<String, Object> data = base(row);
            data.put("status", status);
            data.put("reason", why);
            c.batch.events.add(AuditEvent.of(row.leadId(), EventType.DELIVERY_FAILED, clock.instant(), configs.current().version(), Json.write(data)));
            return null;
        });
    }

    private static final Object NEXT_BATCH = new Object();

    /** Leads re-routed in batches not committed yet, with the batch number (writer thread only). */
    private final Map<String, Long> reroutedUncommitted = new java.util.HashMap<>();

    /** Writer task: the attempt's event, the delivery's new state, and on a reject the re-route. */
    private Object record(GroupCommit.Context c, DeliveryRow before, EndpointSpec spec, Buyer buyer, LeadRow lead, AttemptResult r) {
        DeliveryRow stored = store.delivery(before.id()).orElse(before);
        if (!stored.status().equals("pending")) return null;
        // Kept whatever the outcome: a retry, or a retry by hand after giving up, resumes from it.
        DeliveryRow row = stored.withProgress(r.progress());
        boolean reject = r.outcome() instanceof Outcome.Rejected || r.outcome() instanceof Outcome.Duplicate;
        if (reject && reroutedUncommitted.putIfAbsent(row.leadId(), c.number) != null) return NEXT_BATCH;
        Instant now = clock.instant();
        int attempts = row.attempts() + 1;
        int version = configs.current().version();
        c.batch.events.add(AuditEvent.of(row.leadId(), EventType.DELIVERY_ATTEMPT, now, version, Json.write(attemptEvent(row, spec, attempts, r))));
        switch (r.outcome()) {
            case Outcome.Accepted a -> {
                c.batch.deliveries.add(with(row, "delivered", attempts, null, null, a.buyerLeadId()));
                if (!spec.notification() && lead.speedToLeadMs() == null) {
                    long ms = Duration.between(lead.receivedAt(), r.sentAt().plus(r.latency())).toMillis();
                    c.batch.speedToLead.add(new WriteBatch.SpeedToLead(lead.id(), ms));
                    c.afterCommit(() -> metrics.speedToLead.observe(ms / 1000.0));
                }
            }
            case Outcome.Retry retry -> {
                if (spec.retry().exhausted(attempts, Duration.between(row.createdAt(), now))) {
                    giveUp(c, row, attempts, retry.describe(), version, now);
                } else {
                    Instant next = now.plus(Backoff.delay(spec.retry(), attempts, retry, random.split()));
                    c.batch.deliveries.add(with(row, "pending", attempts, next, retry.describe(), row.buyerLeadId()));
                    c.afterCommit(() -> later(row.id(), next));
                }
            }
            case Outcome.Failed f -> giveUp(c, row, attempts, f.describe(), version, now);
            case Outcome.Rejected rj -> rejected(c, row, buyer, attempts, "rejected", rj.describe(), now);
            case Outcome.Duplicate d -> rejected(c, row, buyer, attempts, "duplicate", d.describe(), now);
        }
        return null;
    }

    private void giveUp(GroupCommit.Context c, DeliveryRow row, int attempts, String why, int version, Instant now) {
        c.batch.deliveries.add(with(row, "failed", attempts, null, why, row.buyerLeadId()));
        Map<String, Object> data = base(row);
        data.put("attempts", attempts);
        data.put("reason", why);
        c.batch.events.add(AuditEvent.of(row.leadId(), EventType.DELIVERY_FAILED, now, version, Json.write(data)));
    }

    /**
     * The buyer said no: release its assignment (giving the cap back unless its contract counts
     * rejects), cancel the assignment's other deliveries, and route the lead again without it.
     */
    private void rejected(GroupCommit.Context c, DeliveryRow row, Buyer buyer, int attempts, String status, String why, Instant now) {
        c.batch.deliveries.add(with(row, status, attempts, null, why, row.buyerLeadId()));
        List<AssignmentRow> all = store.assignments(row.leadId());
        AssignmentRow mine = all.stream().filter(a -> a.id().equals(row.assignmentId())).findFirst().orElse(null);
        if (mine == null || !mine.status().equals("active")) return;
        boolean giveBack = buyer != null && !buyer.rejectsCountAgainstCaps();
        if (giveBack) {
            for (CapPeriod p : CapPeriod.values()) {
                Instant window = p.windowStart(mine.createdAt(), buyer.zone());
                c.batch.capDeltas.add(new CapDelta(mine.buyer(), p, window, -1, -mine.priceCents()));
            }
        }
        c.batch.releases.add(new AssignmentRelease(mine.id(), now));
        for (DeliveryRow other : store.deliveries(row.leadId())) {
            if (other.assignmentId().equals(mine.id()) && !other.id().equals(row.id()) && other.status().equals("pending")) {
                c.batch.deliveries.add(with(other, "cancelled", other.attempts(), null, "assignment released: buyer " + status, other.buyerLeadId()));
            }
        }
        Map<String, Object> released = new LinkedHashMap<>();
        released.put("assignment_id", mine.id());
        released.put("buyer", mine.buyer());
        released.put("outcome", status);
        released.put("reason", why);
        released.put("cap_returned", giveBack);
        int version = configs.current().version();
        c.batch.events.add(AuditEvent.of(row.leadId(), EventType.ASSIGNMENT_RELEASED, now, version, Json.write(released)));

        Set<String> holders = new HashSet<>();
        Set<String> rejecters = new HashSet<>();
        for (AssignmentRow a : all) {
            if (a.id().equals(mine.id()) || !a.status().equals("active")) rejecters.add(a.buyer());
            else holders.add(a.buyer());
        }
        LeadRow lead = store.lead(row.leadId()).orElseThrow();
        Map<String, Object> why2 = new LinkedHashMap<>();
        why2.put("after", "rejected");
        why2.put("rejected_by", mine.buyer());
        why2.put("reason", why);
        // Apply the give-back to memory with the writes: the re-route below must see the buyer's cap as it now is.
        if (giveBack) {
            for (CapPeriod p : CapPeriod.values()) state.add(mine.buyer(), p, p.windowStart(mine.createdAt(), buyer.zone()), -1, -mine.priceCents());
        }
        rerouting.reroute(c, lead, new LeadHistory(holders, rejecters, null, List.of()), why2);
    }

    private DeliveryRow with(DeliveryRow r, String status, int attempts, Instant next, String lastError, String buyerLeadId) {
        return new DeliveryRow(r.id(), r.leadId(), r.assignmentId(), r.buyer(), r.endpointIndex(), r.endpointType(), status,
                attempts, next, r.createdAt(), clock.instant(), lastError, buyerLeadId, r.idempotencyKey(), r.progress());
    }

    private static Map<String, Object> base(DeliveryRow row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delivery_id", row.id());
        m.put("buyer", row.buyer());
        m.put("endpoint", row.endpointIndex());
        m.put("type", row.endpointType());
        return m;
    }

    private static Map<String, Object> attemptEvent(DeliveryRow row, EndpointSpec spec, int attempt, AttemptResult r) {
        Map<String, Object> m = base(row);
        m.put("attempt", attempt);
        m.put("sent_at", r.sentAt().toString());
        m.put("latency_ms", r.latency().toMillis());
        m.put("exchanges", r.exchanges().stream().map(Deliveries::exchange).toList());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", kind(r.outcome()));
        o.put("description", r.outcome().describe());
        if (r.outcome() instanceof Outcome.Accepted a) {
            if (a.buyerLeadId() != null) o.put("buyer_lead_id", a.buyerLeadId());
            if (a.priceCents() != null) o.put("price", TraceJson.money(a.priceCents()));
        }
        m.put("outcome", o);
        m.put("notification", spec.notification());
        return m;
    }

    private static Map<String, Object> exchange(Exchange e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", e.request().method());
        m.put("url", e.request().url());
        m.put("headers", e.request().headers());
        m.put("body", e.request().body());
        m.put("status", e.status());
        m.put("response", e.responseBody());
        return m;
    }

    static String kind(Outcome o) {
        return switch (o) {
            case Outcome.Accepted a -> "accepted";
            case Outcome.Rejected r -> "rejected";
            case Outcome.Duplicate d -> "duplicate";
            case Outcome.Retry r -> "retry";
            case Outcome.Failed f -> "failed";
        };
    }

    /** Puts a failed delivery back in the queue, by hand (API). */
    public DeliveryRow retry(String id, String by) {
        DeliveryRow done = writer.call(c -> {
            DeliveryRow row = store.delivery(id).orElse(null);
            if (row == null) return null;
            if (!row.status().equals("failed")) throw new IllegalStateException("delivery " + id + " is " + row.status() + ", only failed deliveries can be retried");
            Instant now = clock.instant();
            DeliveryRow again = with(row, "pending", 0, now, null, row.buyerLeadId());
            c.batch.deliveries.add(again);
            Map<String, Object> data = base(row);
            data.put("by", by);
            data.put("previous_attempts", row.attempts());
            c.batch.events.add(AuditEvent.of(row.leadId(), EventType.DELIVERY_RETRY_REQUESTED, now, configs.current().version(), Json.write(data)));
            return again;
        });
        if (done != null) schedule(done.id(), null);
        return done;
    }

    /** Stops taking work and waits a little for attempts in flight to be recorded. */
    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
