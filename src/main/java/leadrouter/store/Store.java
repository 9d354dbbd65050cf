package leadrouter.store;

import leadrouter.store.Rows.*;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable record: leads, assignments, counters, rotation, outbox, audit log and config
 * versions. One contract, two implementations (SQLite embedded, PostgreSQL shared), tested by the
 * same contract test. All writes go through {@link #commit}, one transaction per batch; the audit
 * table is append-only (the database refuses UPDATE and DELETE on it).
 */
public interface Store extends AutoCloseable {

    /**
     * Applies the whole batch in one transaction, durably, or nothing of it and throws
     * {@link StoreException}. A status change or release of a lead or assignment that does not
     * exist fails the batch.
     */
    void commit(WriteBatch batch);

    /**
     * The first half of {@link #commit}, for a caller that makes batches durable in a group: applies
     * the batch (or nothing of it, and throws {@link StoreException}) and returns what makes it
     * durable. Syncing a batch's stage makes every batch staged before it durable too. A store whose
     * writes are durable once applied returns {@link Staged#DURABLE}.
     */
    default Staged stage(WriteBatch batch) {
        commit(batch);
        return Staged.DURABLE;
    }

    /**
     * As {@link #stage(WriteBatch)}, for a store that can make a batch durable before it has applied
     * it (the embedded store: its journal record is written first). It hands {@code journaled} the
     * batch's sync as soon as that may start, before applying the batch, so that the disk syncs while
     * the batch is applied; the caller answers the batch once both are done. If applying then fails,
     * the store makes sure no sync, earlier or later, makes the batch durable. Stores that cannot
     * never call {@code journaled}.
     */
    default Staged stage(WriteBatch batch, java.util.function.Consumer<Staged> journaled) {
        return stage(batch);
    }

    /**
     * True when {@link #stage} only applies a batch and its {@link Staged#sync} waits for the disk:
     * staging is then short, and the single writer may stage a batch itself when its committer is idle.
     */
    default boolean syncsApart() {
        return false;
    }

    /** A batch applied but perhaps not yet durable. */
    @FunctionalInterface
    interface Staged {
        Staged DURABLE = () -> {
        };

        /** Returns once this batch, and every one staged before it, is durable; or throws {@link StoreException}. */
        void sync();
    }

    // config
    Optional<ConfigVersionRow> latestConfig();

    Optional<ConfigVersionRow> config(int version);

    /** Every version, newest first, without the documents (document is null). */
    List<ConfigVersionRow> configVersions();

    // leads
    Optional<LeadRow> lead(String id);

    List<LeadRow> leads(LeadQuery query);

    Optional<LeadRow> leadByIdempotencyKey(String source, String idempotencyKey);

    /** Leads deferred until {@code now} or earlier, oldest first. */
    List<LeadRow> dueDeferred(Instant now, int limit);

    /**
     * Earlier leads of the campaign that share one of the key hashes, received at or after
     * {@code since}; one hit per (lead, key), newest first.
     */
    List<DedupeHit> findDuplicates(String campaign, Collection<String> keyHashes, Instant since);

    /** Streams the hash of every dedupe key received at or after {@code since} (any campaign), for in-memory filters. */
    void dedupeKeys(Instant since, java.util.function.BiConsumer<String, String> campaignAndHash);

    /** Removes dedupe keys older than {@code before} (they can never match again); returns how many. */
    int pruneDedupeKeys(Instant before);

    // assignments
    List<AssignmentRow> assignments(String leadId);

    // routing state
    /** Counters whose window started at or after {@code since}, plus all {@code total} counters. */
    List<CounterRow> counters(Instant since);

    List<RotationRow> rotation();

    // deliveries
    Optional<DeliveryRow> delivery(String id);

    List<DeliveryRow> deliveries(String leadId);

    /** Deliveries with the status (null: any), newest first, after the given id (exclusive, may be null). */
    List<DeliveryRow> deliveriesByStatus(String status, String afterId, int limit);

    /** Pending deliveries, soonest next attempt first. */
    List<DeliveryRow> pendingDeliveries(int limit);

    // audit
    List<AuditEvent> events(String leadId);

    /**
     * Events of any lead or none, by type (null: any), after the given event id, oldest first.
     * Events become visible in id order, so the last id read is a cursor that skips nothing.
     */
    List<AuditEvent> eventsAfter(long afterId, String type, int limit);

    @Override
    void close();
}
