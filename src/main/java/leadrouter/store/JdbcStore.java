package leadrouter.store;

import leadrouter.routing.CapPeriod;
import leadrouter.store.Rows.*;
import leadrouter.store.WriteBatch.SpeedToLead;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The SQL both stores share: the schemas are the same and every statement here runs unchanged on
 * SQLite (3.24 or later, for upserts) and PostgreSQL. Subclasses decide how a transaction gets its
 * connection and where reads run.
 */
abstract sealed class JdbcStore implements Store permits SqliteStore, PostgresStore {

    /** Deletes at most this many dedupe keys per transaction, so pruning never holds the writer long. */
    static final int PRUNE_CHUNK = 5_000;

    /** Runs between the last write of a batch and its commit; lets tests read while a batch is open. */
    volatile Runnable beforeCommit;

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in one transaction: commits if it returns, rolls back and throws if not. */
    protected abstract <T> T inTransaction(SqlWork<T> work);

    /** A connection for reads, in auto-commit mode. */
    protected abstract Connection readConnection() throws SQLException;

    /**
     * Held from the first event insert to the end of the transaction, so that events become
     * visible in the order of their ids and {@link #eventsAfter} can serve as a cursor: without
     * it, a transaction holding smaller ids could commit after a reader has moved past them.
     */
    protected abstract void lockEventOrder(Connection c) throws SQLException;

    /** Deletes up to {@link #PRUNE_CHUNK} dedupe keys received before the bound parameter. */
    protected abstract String pruneChunkSql();

    /** The driver's message, with the cause a batch failure keeps in its chained exception. */
    static String describe(SQLException e) {
        SQLException next = e.getNextException();
        return next == null || next.getMessage() == null ? e.getMessage() : e.getMessage() + " (" + next.getMessage() + ")";
    }

    static void migrate(DataSource dataSource, String location) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    // ---------------------------------------------------------------- writes

    private static final String INSERT_CONFIG =
            "INSERT INTO config_versions (version, created_at, author, comment, document) VALUES (?, ?, ?, ?, ?)";
    private static final String LEAD_COLUMNS = "id, campaign, source, status, received_at, updated_at, defer_until, "
            + "config_version, fields_json, duplicate_of, idempotency_key, queue, speed_to_lead_ms";
    private static final String INSERT_LEAD =
            "INSERT INTO leads (" + LEAD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_LEAD_STATUS =
            "UPDATE leads SET status = ?, defer_until = ?, queue = ?, updated_at = ? WHERE id = ?";
    private static final String ASSIGNMENT_COLUMNS =
            "id, lead_id, buyer, rule, price_cents, exclusive, status, created_at, released_at";
    private static final String INSERT_ASSIGNMENT =
            "INSERT INTO assignments (" + ASSIGNMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // A second release keeps the time of the first.
    private static final String RELEASE_ASSIGNMENT =
            "UPDATE assignments SET status = 'released', released_at = COALESCE(released_at, ?) WHERE id = ?";
    private static final String INSERT_DEDUPE_KEY =
            "INSERT INTO dedupe_keys (campaign, key_hash, lead_id, received_at) VALUES (?, ?, ?, ?)";
    private static final String ADD_TO_COUNTER =
            "INSERT INTO cap_counters (buyer, period, window_start, leads, cents) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (buyer, period, window_start) DO UPDATE SET "
                    + "leads = cap_counters.leads + excluded.leads, cents = cap_counters.cents + excluded.cents";
    private static final String SET_ROTATION =
            "INSERT INTO rotation (campaign, rule, buyer, turns) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (campaign, rule, buyer) DO UPDATE SET turns = excluded.turns";
    private static final String DELIVERY_COLUMNS = "id, lead_id, assignment_id, buyer, endpoint_index, endpoint_type, "
            + "status, attempts, next_attempt_at, created_at, updated_at, last_error, buyer_lead_id, idempotency_key, progress";
    private static final String UPSERT_DELIVERY =
            "INSERT INTO deliveries (" + DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, "
                    + "next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at, "
                    + "last_error = excluded.last_error, buyer_lead_id = excluded.buyer_lead_id, progress = excluded.progress";
    private static final String SET_SPEED_TO_LEAD =
            "UPDATE leads SET speed_to_lead_ms = ? WHERE id = ? AND speed_to_lead_ms IS NULL";
    // 'deferred' written out, not bound: the partial index leads_deferred_due serves only this value.
    static final String DUE_DEFERRED = "SELECT " + LEAD_COLUMNS + " FROM leads WHERE status = 'deferred' "
            + "AND defer_until <= ? ORDER BY defer_until, id LIMIT ?";
    private static final String INSERT_EVENT =
            "INSERT INTO audit_events (lead_id, type, at, config_version, data) VALUES (?, ?, ?, ?, ?)";

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) return;
        Folded folded = fold(batch);
        inTransaction(c -> {
            apply(c, batch, folded);
            return null;
        });
    }

    /** A batch's counters, rotation and deliveries with the rows hitting one key folded into one. */
    record Folded(List<CapDelta> counters, List<RotationRow> rotation, List<DeliveryRow> deliveries) {
    }

    static Folded fold(WriteBatch batch) {
        try {
            return new Folded(BatchRows.counters(batch.capDeltas), BatchRows.rotation(batch.rotation),
                    BatchRows.deliveries(batch.deliveries));
        } catch (RuntimeException e) {
            throw new StoreException("invalid write batch: " + e.getMessage(), e);
        }
    }

    /** Writes a batch inside the caller's transaction. */
    final void apply(Connection c, WriteBatch batch, Folded folded) throws SQLException {
        write(c, INSERT_CONFIG, batch.configs, JdbcStore::bindConfig);
        write(c, INSERT_LEAD, batch.leads, JdbcStore::bindLead);
        expectOneEach(write(c, UPDATE_LEAD_STATUS, batch.leadChanges, JdbcStore::bindLeadChange),
                batch.leadChanges, ch -> "status change of unknown lead " + ch.id());
        write(c, INSERT_ASSIGNMENT, batch.assignments, JdbcStore::bindAssignment);
        expectOneEach(write(c, RELEASE_ASSIGNMENT, batch.releases, JdbcStore::bindRelease),
                batch.releases, r -> "release of unknown assignment " + r.id());
        write(c, INSERT_DEDUPE_KEY, batch.dedupeKeys, JdbcStore::bindDedupeKey);
        write(c, ADD_TO_COUNTER, folded.counters(), JdbcStore::bindCapDelta);
        write(c, SET_ROTATION, folded.rotation(), JdbcStore::bindRotation);
        write(c, UPSERT_DELIVERY, folded.deliveries(), JdbcStore::bindDelivery);
        write(c, SET_SPEED_TO_LEAD, batch.speedToLead, JdbcStore::bindSpeedToLead);
        if (!batch.events.isEmpty()) lockEventOrder(c);
        write(c, INSERT_EVENT, batch.events, JdbcStore::bindEvent);
        Runnable hook = beforeCommit;
        if (hook != null) hook.run();
    }

    @Override
    public int pruneDedupeKeys(Instant before) {
        long bound = before.toEpochMilli();
        int total = 0;
        int deleted;
        do {
            deleted = inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(pruneChunkSql())) {
                    ps.setLong(1, bound);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted >= PRUNE_CHUNK);
        return total;
    }

    private <T> int[] write(Connection c, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) return new int[0];
        PreparedStatement ps = writeStatement(c, sql);
        boolean executed = false;
        try {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            executed = true;
            return counts;
        } finally {
            doneWithBatch(ps, rows.size(), executed);
        }
    }

    /** A statement for a write; {@link #doneWith} gets it back. Stores may keep prepared ones. */
    protected PreparedStatement writeStatement(Connection c, String sql) throws SQLException {
        return c.prepareStatement(sql);
    }

    protected void doneWith(PreparedStatement ps) throws SQLException {
        ps.close();
    }

    /** {@link #doneWith} for a statement that took a batch of {@code rows}, run or not. */
    protected void doneWithBatch(PreparedStatement ps, int rows, boolean executed) throws SQLException {
        doneWith(ps);
    }

    private static <T> void expectOneEach(int[] counts, List<T> rows, java.util.function.Function<T, String> message) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) throw new StoreException(message.apply(rows.get(i)));
        }
    }

    private static void bindConfig(PreparedStatement ps, ConfigVersionRow r) throws SQLException {
        ps.setInt(1, r.version());
        ps.setLong(2, r.createdAt().toEpochMilli());
        ps.setString(3, r.author());
        ps.setString(4, r.comment());
        ps.setString(5, r.document());
    }

    private static void bindLead(PreparedStatement ps, LeadRow r) throws SQLException {
        ps.setString(1, r.id());
        ps.setString(2, r.campaign());
        ps.setString(3, r.source());
        ps.setString(4, r.status());
        ps.setLong(5, r.receivedAt().toEpochMilli());
        ps.setLong(6, r.updatedAt().toEpochMilli());
        setMillis(ps, 7, r.deferUntil());
        ps.setInt(8, r.configVersion());
        ps.setString(9, r.fieldsJson());
        ps.setString(10, r.duplicateOf());
        ps.setString(11, r.idempotencyKey());
        ps.setString(12, r.queue());
        setLong(ps, 13, r.speedToLeadMs());
    }

    private static void bindLeadChange(PreparedStatement ps, LeadStatusChange r) throws SQLException {
        ps.setString(1, r.status());
        setMillis(ps, 2, r.deferUntil());
        ps.setString(3, r.queue());
        ps.setLong(4, r.at().toEpochMilli());
        ps.setString(5, r.id());
    }

    private static void bindAssignment(PreparedStatement ps, AssignmentRow r) throws SQLException {
        ps.setString(1, r.id());
        ps.setString(2, r.leadId());
        ps.setString(3, r.buyer());
        ps.setString(4, r.rule());
        ps.setLong(5, r.priceCents());
        ps.setBoolean(6, r.exclusive());
        ps.setString(7, r.status());
        ps.setLong(8, r.createdAt().toEpochMilli());
        setMillis(ps, 9, r.releasedAt());
    }

    private static void bindRelease(PreparedStatement ps, AssignmentRelease r) throws SQLException {
        ps.setLong(1, r.at().toEpochMilli());
        ps.setString(2, r.id());
    }

    private static void bindDedupeKey(PreparedStatement ps, DedupeKeyRow r) throws SQLException {
        ps.setString(1, r.campaign());
        ps.setString(2, r.keyHash());
        ps.setString(3, r.leadId());
        ps.setLong(4, r.receivedAt().toEpochMilli());
    }

    private static void bindCapDelta(PreparedStatement ps, CapDelta r) throws SQLException {
        ps.setString(1, r.buyer());
        ps.setString(2, r.period().key());
        ps.setLong(3, r.windowStart().toEpochMilli());
        ps.setLong(4, r.leads());
        ps.setLong(5, r.cents());
    }

    private static void bindRotation(PreparedStatement ps, RotationRow r) throws SQLException {
        ps.setString(1, r.campaign());
        ps.setString(2, r.rule());
        ps.setString(3, r.buyer());
        ps.setLong(4, r.turns());
    }

    private static void bindDelivery(PreparedStatement ps, DeliveryRow r) throws SQLException {
        ps.setString(1, r.id());
        ps.setString(2, r.leadId());
        ps.setString(3, r.assignmentId());
        ps.setString(4, r.buyer());
        ps.setInt(5, r.endpointIndex());
        ps.setString(6, r.endpointType());
        ps.setString(7, r.status());
        ps.setInt(8, r.attempts());
        setMillis(ps, 9, r.nextAttemptAt());
        ps.setLong(10, r.createdAt().toEpochMilli());
        ps.setLong(11, r.updatedAt().toEpochMilli());
        ps.setString(12, r.lastError());
        ps.setString(13, r.buyerLeadId());
        ps.setString(14, r.idempotencyKey());
        ps.setString(15, r.progress());
    }

    private static void bindSpeedToLead(PreparedStatement ps, SpeedToLead r) throws SQLException {
        ps.setLong(1, r.millis());
        ps.setString(2, r.leadId());
    }

    private static void bindEvent(PreparedStatement ps, AuditEvent r) throws SQLException {
        ps.setString(1, r.leadId());
        ps.setString(2, r.type());
        ps.setLong(3, r.at().toEpochMilli());
        if (r.configVersion() == null) ps.setNull(4, Types.INTEGER);
        else ps.setInt(4, r.configVersion());
        ps.setString(5, r.dataJson());
    }

    private static void setMillis(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, at.toEpochMilli());
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, value);
    }

    // ---------------------------------------------------------------- reads

    /**
     * A read of a few rows by key, on the hot paths (delivery, dedupe, idempotency). A store may
     * run it on its writer's connection, where writes not yet visible to the read pool are seen.
     */
    protected <T> T keyRead(SqlWork<T> work) {
        return read(work);
    }

    private <T> List<T> keyList(String sql, Mapper<T> mapper, Object... params) {
        return keyRead(c -> query(c, sql, mapper, params));
    }

    private <T> Optional<T> keyOne(String sql, Mapper<T> mapper, Object... params) {
        List<T> rows = keyList(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    protected final <T> T read(SqlWork<T> work) {
        try (Connection c = readConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + describe(e), e);
        }
    }

    private <T> List<T> list(String sql, Mapper<T> mapper, Object... params) {
        return read(c -> query(c, sql, mapper, params));
    }

    private <T> Optional<T> one(String sql, Mapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static <T> List<T> query(Connection c, String sql, Mapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                switch (params[i]) {
                    case String s -> ps.setString(i + 1, s);
                    case Long l -> ps.setLong(i + 1, l);
                    case Integer n -> ps.setInt(i + 1, n);
                    default -> throw new IllegalArgumentException("unsupported parameter " + params[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    @Override
    public Optional<ConfigVersionRow> latestConfig() {
        return one("SELECT version, created_at, author, comment, document FROM config_versions ORDER BY version DESC LIMIT 1",
                JdbcStore::config);
    }

    @Override
    public Optional<ConfigVersionRow> config(int version) {
        return one("SELECT version, created_at, author, comment, document FROM config_versions WHERE version = ?",
                JdbcStore::config, version);
    }

    @Override
    public List<ConfigVersionRow> configVersions() {
        return list("SELECT version, created_at, author, comment, NULL FROM config_versions ORDER BY version DESC",
                JdbcStore::config);
    }

    @Override
    public Optional<LeadRow> lead(String id) {
        return keyOne("SELECT " + LEAD_COLUMNS + " FROM leads WHERE id = ?", JdbcStore::lead, id);
    }

    @Override
    public List<LeadRow> leads(LeadQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + LEAD_COLUMNS + " FROM leads WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.campaign() != null) {
            sql.append(" AND campaign = ?");
            params.add(q.campaign());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            params.add(q.status());
        }
        if (q.from() != null) {
            sql.append(" AND received_at >= ?");
            params.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND received_at < ?");
            params.add(q.to().toEpochMilli());
        }
        if (q.afterId() != null) {
            sql.append(" AND id < ?");
            params.add(q.afterId());
        }
        if (q.buyer() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM assignments a WHERE a.lead_id = leads.id AND a.buyer = ?)");
            params.add(q.buyer());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(q.limit());
        return list(sql.toString(), JdbcStore::lead, params.toArray());
    }

    @Override
    public Optional<LeadRow> leadByIdempotencyKey(String source, String idempotencyKey) {
        return keyOne("SELECT " + LEAD_COLUMNS + " FROM leads WHERE source = ? AND idempotency_key = ?",
                JdbcStore::lead, source, idempotencyKey);
    }

    @Override
    public List<LeadRow> dueDeferred(Instant now, int limit) {
        return list(dueDeferredSql(), JdbcStore::lead, now.toEpochMilli(), limit);
    }

    /** The query of {@link #dueDeferred}; a store may name the index its planner should take. */
    String dueDeferredSql() {
        return DUE_DEFERRED;
    }

    /** Key hashes per query; a lead has a handful, this only bounds the statement size. */
    private static final int KEYS_PER_QUERY = 100;

    @Override
    public List<DedupeHit> findDuplicates(String campaign, Collection<String> keyHashes, Instant since) {
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(keyHashes));
        if (keys.isEmpty()) return List.of();
        return keyRead(c -> {
            List<DedupeHit> hits = new ArrayList<>();
            for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
                String sql = "SELECT lead_id, key_hash, received_at FROM dedupe_keys WHERE campaign = ? AND key_hash IN ("
                        + "?, ".repeat(chunk.size() - 1) + "?) AND received_at >= ?";
                List<Object> params = new ArrayList<>();
                params.add(campaign);
                params.addAll(chunk);
                params.add(since.toEpochMilli());
                hits.addAll(query(c, sql, JdbcStore::dedupeHit, params.toArray()));
            }
            return newestFirst(hits);
        });
    }

    /** Reads {@code lead_id, key_hash, received_at}. */
    static DedupeHit dedupeHit(ResultSet rs) throws SQLException {
        return new DedupeHit(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
    }

    /** Newest first, so the caller sees the most recent earlier lead first. */
    static List<DedupeHit> newestFirst(List<DedupeHit> hits) {
        hits.sort(Comparator.comparing(DedupeHit::receivedAt).reversed()
                .thenComparing(DedupeHit::leadId).thenComparing(DedupeHit::keyHash));
        return hits;
    }

    @Override
    public void dedupeKeys(Instant since, java.util.function.BiConsumer<String, String> campaignAndHash) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT campaign, key_hash FROM dedupe_keys WHERE received_at >= ?")) {
                ps.setFetchSize(10_000);
                ps.setLong(1, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) campaignAndHash.accept(rs.getString(1), rs.getString(2));
                }
            }
            return null;
        });
    }

    @Override
    public List<AssignmentRow> assignments(String leadId) {
        return keyList("SELECT " + ASSIGNMENT_COLUMNS + " FROM assignments WHERE lead_id = ? ORDER BY created_at, id",
                JdbcStore::assignment, leadId);
    }

    @Override
    public List<CounterRow> counters(Instant since) {
        // Two indexed parts rather than one OR, which would scan every window ever counted.
        List<Object> params = new ArrayList<>();
        for (CapPeriod p : CapPeriod.values()) if (p != CapPeriod.TOTAL) params.add(p.key());
        String windowed = "?, ".repeat(params.size() - 1) + "?";
        params.add(since.toEpochMilli());
        params.add(CapPeriod.TOTAL.key());
        return list("SELECT buyer, period, window_start, leads, cents FROM cap_counters "
                        + "WHERE period IN (" + windowed + ") AND window_start >= ? "
                        + "UNION ALL SELECT buyer, period, window_start, leads, cents FROM cap_counters WHERE period = ? "
                        + "ORDER BY 1, 2, 3",
                rs -> new CounterRow(rs.getString(1), CapPeriod.parse(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getLong(4), rs.getLong(5)),
                params.toArray());
    }

    @Override
    public List<RotationRow> rotation() {
        return list("SELECT campaign, rule, buyer, turns FROM rotation ORDER BY campaign, rule, buyer",
                rs -> new RotationRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    @Override
    public Optional<DeliveryRow> delivery(String id) {
        return keyOne("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE id = ?", JdbcStore::delivery, id);
    }

    @Override
    public List<DeliveryRow> deliveries(String leadId) {
        return keyList("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE lead_id = ? ORDER BY id",
                JdbcStore::delivery, leadId);
    }

    @Override
    public List<DeliveryRow> deliveriesByStatus(String status, String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (afterId != null) {
            sql.append(" AND id < ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return list(sql.toString(), JdbcStore::delivery, params.toArray());
    }

    @Override
    public List<DeliveryRow> pendingDeliveries(int limit) {
        return list("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE status = 'pending' "
                + "ORDER BY next_attempt_at, id LIMIT ?", JdbcStore::delivery, limit);
    }

    @Override
    public List<AuditEvent> events(String leadId) {
        return keyList("SELECT id, lead_id, type, at, config_version, data FROM audit_events WHERE lead_id = ? ORDER BY id",
                JdbcStore::event, leadId);
    }

    @Override
    public List<AuditEvent> eventsAfter(long afterId, String type, int limit) {
        if (type == null) {
            return list("SELECT id, lead_id, type, at, config_version, data FROM audit_events WHERE id > ? "
                    + "ORDER BY id LIMIT ?", JdbcStore::event, afterId, limit);
        }
        return list("SELECT id, lead_id, type, at, config_version, data FROM audit_events WHERE type = ? AND id > ? "
                + "ORDER BY id LIMIT ?", JdbcStore::event, type, afterId, limit);
    }

    // ---------------------------------------------------------------- row mapping

    private static ConfigVersionRow config(ResultSet rs) throws SQLException {
        return new ConfigVersionRow(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5));
    }

    private static LeadRow lead(ResultSet rs) throws SQLException {
        return new LeadRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), instant(rs, 7), rs.getInt(8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), nullableLong(rs, 13));
    }

    private static AssignmentRow assignment(ResultSet rs) throws SQLException {
        return new AssignmentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getBoolean(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), instant(rs, 9));
    }

    private static DeliveryRow delivery(ResultSet rs) throws SQLException {
        return new DeliveryRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs, 9), Instant.ofEpochMilli(rs.getLong(10)),
                Instant.ofEpochMilli(rs.getLong(11)), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15));
    }

    private static AuditEvent event(ResultSet rs) throws SQLException {
        int version = rs.getInt(5);
        Integer configVersion = rs.wasNull() ? null : version;
        return new AuditEvent(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                configVersion, rs.getString(6));
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        Long millis = nullableLong(rs, index);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }
}
