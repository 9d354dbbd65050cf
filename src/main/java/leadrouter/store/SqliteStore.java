package leadrouter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every
 * write goes through one dedicated connection under a lock; reads use a pool of read-only
 * connections and, thanks to WAL, never see an open batch. A read waits for the writer only when
 * acknowledged batches are not yet committed in SQLite (see below): it then commits them first.
 *
 * <p>The read pool is HikariCP (already used for PostgreSQL): it replaces connections that fail
 * validation and reports pool metrics, which a home-made queue of connections would not.
 *
 * <p>Batches are made durable by the {@link Journal}, not by SQLite: each batch is appended to the
 * journal, then written inside one long SQLite transaction while the journal syncs (outside the
 * write lock), and acknowledged once both are done (a failing batch is undone by rolling the
 * transaction back and writing the batches before it again from the journal, see {@link #stage}). The
 * transaction commits every {@link #FLUSH_INTERVAL} (or sooner, when a reader needs it) without a
 * sync of its own, on a thread of its own, and the WAL is synced every {@link #CHECKPOINT_INTERVAL},
 * after which the journal's older segments are deleted. A small commit rewrites every page it
 * touches (some 25 pages of 4 KiB per lead at one lead per commit: 114 KB written per lead at 1,000
 * leads/s, against about 55 KB now, journal included); a crash loses nothing acknowledged, because what SQLite had not synced is replayed
 * from the journal on open. Key reads on the hot paths ({@link #keyRead}) run on the writer's
 * connection meanwhile, where the open transaction is visible, rather than committing it.
 *
 * <p>Checkpoints (copying committed pages from the WAL into the database file) run on their own
 * thread rather than inside a commit: under load they are some 40% of all bytes written, and done
 * beside the writer they raise sustained commit throughput by a third or more. See {@link #checkpoint()}.
 * After each checkpoint, the file's pages far behind its end are dropped from the page cache
 * ({@link DropBehind}).
 */
public final class SqliteStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    public static final String FILE_NAME = "leadrouter.db";
    static final int BUSY_TIMEOUT_MS = 5_000;
    // Pages cached per connection (negative: KiB), allocated as pages are used and then kept. It was
    // 256 MB while dedupe keys had an index by key (~180 MB of random pages at a million leads).
    // Without it (DedupeKeyTimes) the writer touches mostly the tails of indexes: 64 MB kept the
    // same throughput from 10 k to 1.2 M stored leads, with some 210 MB less resident (BENCHMARKS.md).
    private static final int WRITER_CACHE_KIB = 64 * 1024;
    private static final int READER_CACHE_KIB = 16 * 1024;
    // Short: each pass then has little to sync, and a journal sync queued behind it waits little
    // (at 1,000 leads/s, leads over 5 ms in the server: 0.4-0.8% at 50 ms, 0.8-2.2% at 200 ms).
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(50);
    /**
     * How long batches may stay in the writer's open transaction before it commits. The commit
     * holds the writer for about 50 µs per lead it carries (its pages written to the WAL): 20 ms
     * at 1,000 leads/s is a 1 ms pause every 20 ms; 100 ms was an 8 ms pause, which set the p99.
     */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(20);
    private static final long FLUSH_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Rows above which a batch statement is prepared afresh after use (see doneWithBatch). */
    static final int KEEP_BATCH_ROWS = 512;
    private static final String SET_APPLIED = "UPDATE journal_state SET applied_seq = ? WHERE id = 1";
    // Frames left over after the lock-free passes that are copied while holding the write lock.
    private static final int CHECKPOINT_TAIL_FRAMES = 2_000;
    private static final int CHECKPOINT_FREE_PASSES = 3;
    // A WAL this long (64 MB of 4 KiB pages) is started over even if commits must wait for it.
    private static final int WAL_RESTART_FRAMES = 16_384;
    // Should the checkpoint thread fall far behind, the writer checkpoints inline past this many
    // pages (about 400 MB), which bounds the WAL.
    private static final int WRITER_AUTOCHECKPOINT_PAGES = 100_000;
    // After a burst, a WAL file larger than this is truncated once it has been checkpointed.
    private static final int WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
    // The database file's last 64 MB (some 30,000 leads) stay in the page cache; the pages before
    // them are dropped once, 8 MB at a time, after the checkpoint synced them (see DropBehind).
    private static final long CACHED_TAIL_BYTES = 64L * 1024 * 1024;
    private static final long DROP_STEP_BYTES = 8L * 1024 * 1024;

    private final Path file;
    private final Connection writer;
    private final Statement control;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final HikariDataSource readers;
    private final Connection checkpointer;
    private final Thread checkpointThread;
    private final Thread flushThread;
    private volatile boolean closed;
    private long lockedCheckpoints; // guarded by this
    private final int restartFrames;
    private final StoreSettings.Durability durability;
    private final Journal journal;
    private final DedupeKeyTimes keyTimes = new DedupeKeyTimes();
    // Guarded by writeLock: the encoder's buffer, the writer's statements, the open transaction.
    private final BatchCodec.Out encoded = new BatchCodec.Out();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean transactionOpen;
    /**
     * Set whenever a transaction on the writer ends in a rollback, asked for or not: SQLite rolls
     * the whole transaction back by itself after some errors (I/O, a full disk, no memory), in a
     * read as well as in a write. Cleared when the store begins its open transaction. Set by
     * SQLite's rollback hook on the thread running the writer's statement.
     */
    private boolean rolledBack;
    private long openedAtNanos;
    private boolean applying;
    /** The last journal record whose batch is applied in the writer's transaction (perhaps not synced yet); written under writeLock. */
    private volatile long journaledSeq;
    /** The last journal record committed in SQLite, visible to the read pool. */
    private volatile long visibleSeq;
    /** The last journal record SQLite holds durably; checkpoint thread only. */
    private long durableSeq;
    private FileChannel walFile;
    private final DropBehind dropBehind;
    /** Set if acknowledged batches could not be written into SQLite; every later write fails with it. */
    private volatile StoreException broken;

    private SqliteStore(Path file, Connection writer, HikariDataSource readers, Connection checkpointer,
                        int restartFrames, StoreSettings.Durability durability, Journal journal) throws SQLException {
        this.file = file;
        this.dropBehind = new DropBehind(file, CACHED_TAIL_BYTES, DROP_STEP_BYTES);
        this.durability = durability;
        this.journal = journal;
        this.restartFrames = restartFrames;
        this.writer = writer;
        this.control = writer.createStatement();
        writer.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
            @Override
            public void onCommit() {
            }

            @Override
            public void onRollback() {
                rolledBack = true;
            }
        });
        this.readers = readers;
        this.checkpointer = checkpointer;
        this.checkpointThread = Thread.ofPlatform().daemon().name("sqlite-checkpoint")
                .priority(Thread.MIN_PRIORITY).unstarted(this::checkpointLoop);
        // Holds the write lock while it commits: it must not wait for a core meanwhile.
        this.flushThread = Thread.ofPlatform().daemon().name("sqlite-flush")
                .priority(Thread.MAX_PRIORITY).unstarted(this::flushLoop);
    }

    public static SqliteStore open(StoreSettings.Embedded settings) {
        return open(settings, true, WAL_RESTART_FRAMES);
    }

    /**
     * For tests: without background work (checkpoints, and commits of the open transaction when
     * it is due) they call {@link #checkpoint()} and {@link #flushNow()} themselves, so what SQLite
     * holds at any point does not depend on how fast the machine is.
     */
    static SqliteStore open(StoreSettings.Embedded settings, boolean backgroundCheckpoints, int restartFrames) {
        return open(settings, backgroundCheckpoints, restartFrames, Journal.SEGMENT_BYTES);
    }

    /** For tests: journal segments of {@code segmentBytes}. */
    static SqliteStore open(StoreSettings.Embedded settings, boolean backgroundCheckpoints, int restartFrames,
                            long segmentBytes) {
        Path file;
        try {
            Files.createDirectories(settings.dataDir());
            file = settings.dataDir().resolve(FILE_NAME).toAbsolutePath();
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + settings.dataDir() + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + file;
        Connection writer = null;
        Connection checkpointer = null;
        HikariDataSource readers = null;
        Journal journal = null;
        try {
            // The writer opens first: it switches the file to WAL before anything else reads it.
            writer = writerConfig().createConnection(url);
            migrate(dataSource(url, writerConfig()), "db/sqlite");
            journal = Journal.open(settings.dataDir(), segmentBytes);
            readers = readPool(url, settings.readers());
            checkpointer = writerConfig().createConnection(url);
            SqliteStore store = new SqliteStore(file, writer, readers, checkpointer, restartFrames, settings.durability(),
                    journal);
            store.replay();
            store.loadKeyTimes();
            if (backgroundCheckpoints) {
                store.checkpointThread.start();
                store.flushThread.start();
            }
            return store;
        } catch (SQLException | IOException | RuntimeException e) {
            if (readers != null) readers.close();
            closeQuietly(checkpointer, e);
            closeQuietly(writer, e);
            if (journal != null) {
                try {
                    journal.close();
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the journal records a crash kept out of SQLite (those after {@code applied_seq}),
     * makes them durable in the database file, and deletes the journal.
     */
    private void replay() throws SQLException, IOException {
        List<Journal.Entry> entries = journal.read();
        long applied;
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT applied_seq FROM journal_state")) {
            applied = rs.next() ? rs.getLong(1) : 0;
        }
        long last = applied;
        int replayed = 0;
        control.execute("BEGIN IMMEDIATE");
        try {
            for (Journal.Entry e : entries) {
                if (e.seq() <= applied) continue;
                // A gap means acknowledged batches are gone (a segment lost, or an older database
                // file put back): stop rather than start without them.
                if (e.seq() != last + 1) throw new StoreException("journal record " + (last + 1) + " is missing");
                WriteBatch batch = BatchCodec.decode(e.payload());
                applyBatch(batch, fold(batch));
                last = e.seq();
                replayed++;
            }
            try (PreparedStatement ps = writer.prepareStatement(SET_APPLIED)) {
                ps.setLong(1, last);
                ps.executeUpdate();
            }
            control.execute("COMMIT");
        } catch (SQLException | IOException | RuntimeException e) {
            rollback(e);
            throw new StoreException("cannot replay journal record " + (last + 1) + " of " + journal + ": " + e.getMessage(), e);
        }
        // Copies everything into the database file, synced, before the journal goes.
        if (checkpointAll()) {
            journal.dropThrough(Long.MAX_VALUE);
            durableSeq = last;
        } else {
            durableSeq = applied; // the next durable point deletes the journal
        }
        journaledSeq = visibleSeq = last;
        if (replayed > 0) log.info("replayed {} journal records into {}", replayed, file);
    }

    /** Writes a batch on the writer's connection; its dedupe keys are known to {@link #keyTimes} first. */
    private void applyBatch(WriteBatch batch, Folded folded) throws SQLException {
        for (Rows.DedupeKeyRow k : batch.dedupeKeys) keyTimes.add(k.campaign(), k.keyHash(), k.receivedAt().toEpochMilli());
        apply(writer, batch, folded);
    }

    private void loadKeyTimes() throws SQLException {
        long started = System.nanoTime();
        try (Statement s = writer.createStatement();
             ResultSet rs = s.executeQuery("SELECT campaign, key_hash, received_at FROM dedupe_keys")) {
            while (rs.next()) keyTimes.add(rs.getString(1), rs.getString(2), rs.getLong(3));
        }
        if (keyTimes.keys() > 0) {
            log.info("read {} dedupe keys in {} ms", keyTimes.keys(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * The table has no index by key (see {@link DedupeKeyTimes}): the times a key was received come
     * from memory, and its rows are read through the index by time.
     */
    @Override
    public List<Rows.DedupeHit> findDuplicates(String campaign, Collection<String> keyHashes, Instant since) {
        List<String> keys = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (String k : new LinkedHashSet<>(keyHashes)) {
            for (long t : keyTimes.since(campaign, k, since.toEpochMilli())) {
                keys.add(k);
                times.add(t);
            }
        }
        if (keys.isEmpty()) return List.of();
        return keyRead(c -> {
            List<Rows.DedupeHit> hits = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                hits.addAll(query(c, "SELECT lead_id, key_hash, received_at FROM dedupe_keys"
                                + " WHERE received_at = ? AND campaign = ? AND key_hash = ?",
                        JdbcStore::dedupeHit, times.get(i), campaign, keys.get(i)));
            }
            return newestFirst(hits);
        });
    }

    @Override
    public int pruneDedupeKeys(Instant before) {
        int pruned = super.pruneDedupeKeys(before);
        keyTimes.dropBefore(before.toEpochMilli());
        return pruned;
    }

    private static SQLiteConfig writerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // Commits are not synced (the journal is); checkpoints still sync the WAL and the file.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Integrity comes from the single writer; foreign key checks would only cost lookups.
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-WRITER_CACHE_KIB);
        config.setWalAutocheckpoint(WRITER_AUTOCHECKPOINT_PAGES);
        config.setJournalSizeLimit(WAL_SIZE_LIMIT_BYTES);
        return config;
    }

    private static HikariDataSource readPool(String url, int size) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setCacheSize(-READER_CACHE_KIB);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("sqlite-readers");
        pool.setDataSource(dataSource(url, config));
        pool.setReadOnly(true);
        pool.setAutoCommit(true);
        pool.setMaximumPoolSize(size);
        pool.setMinimumIdle(size);
        return new HikariDataSource(pool);
    }

    private static SQLiteDataSource dataSource(String url, SQLiteConfig config) {
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void commit(WriteBatch batch) {
        stage(batch).sync();
    }

    /** Applying a batch writes its journal record without a sync; the sync is {@link Staged#sync}. */
    @Override
    public boolean syncsApart() {
        return true;
    }

    @Override
    public Staged stage(WriteBatch batch) {
        return stage(batch, sync -> {
        });
    }

    /**
     * Writes the batch's journal record, hands its sync to {@code journaled}, then applies the batch
     * inside the open transaction while the disk syncs (the two took turns before: some 0.5 ms more
     * per lead at 32 connections). A sync covers every record written before it: records of earlier
     * segments were synced when the next segment started. A batch that fails to apply has its record
     * withdrawn first ({@link #withdraw}).
     */
    @Override
    public Staged stage(WriteBatch batch, java.util.function.Consumer<Staged> journaled) {
        if (batch.isEmpty()) return Staged.DURABLE;
        Folded folded = fold(batch);
        writeLock.lock();
        try {
            if (closed) throw new StoreException("store is closed");
            if (broken != null) throw broken;
            if (!transactionOpen) begin();
            // Every failed statement checks for a lost transaction; this keeps a rollback none
            // reported from letting the batch's statements run outside the open transaction.
            if (transactionLost()) rebuildTransaction(new StoreException("SQLite rolled back the writer's transaction"));
            if (broken != null) throw broken;
            long seq = journaledSeq + 1;
            FileChannel written;
            try {
                BatchCodec.encode(batch, encoded);
                written = journal.write(seq, encoded.bytes(), encoded.size());
            } catch (IOException | RuntimeException e) {
                journal.abandonSegment(); // nothing of the batch is applied yet
                throw e instanceof StoreException se ? se : new StoreException("write failed: " + e.getMessage(), e);
            }
            Staged sync = durability == StoreSettings.Durability.FULL ? () -> sync(written, seq) : Staged.DURABLE;
            if (sync != Staged.DURABLE) journaled.accept(sync);
            applying = true;
            try {
                applyBatch(batch, folded);
            } catch (SQLException | RuntimeException e) {
                applying = false;
                withdraw(seq, e);
                // No savepoint per batch: SQLite would copy every page a batch touches first into
                // its statement journal, 16-28% of a lead's store CPU. A failing batch (rare: the
                // engine checks what it writes) costs a rollback and a rewrite of the batches since
                // the last commit instead.
                if (broken == null) undoBatch(e);
                throw switch (e) {
                    case StoreException se -> se;
                    case SQLException sql -> new StoreException("write failed: " + describe(sql), sql);
                    default -> new StoreException("write failed: " + e.getMessage(), e);
                };
            } finally {
                applying = false;
            }
            journaledSeq = seq;
            return sync;
        } catch (SQLException e) {
            if (transactionLost()) rebuildTransaction(e); // BEGIN failed after a rollback
            throw new StoreException("write failed: " + describe(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A batch that failed to apply was never answered, but its record is in the journal and may be
     * synced already: it is zeroed (and synced) so that no replay finds it. Should that fail, the
     * store refuses writes, and a restart may replay the batch (the one case where a batch
     * answered with an error can reappear).
     */
    private void withdraw(long seq, Exception cause) {
        try {
            journal.withdrawLast(seq, durability == StoreSettings.Durability.FULL);
        } catch (IOException | RuntimeException x) {
            cause.addSuppressed(x);
            refuseWrites(x);
        }
    }

    /**
     * Syncs a batch's journal record. If that fails, the batch may already be in SQLite (committed
     * by flushIfDue) and cannot be undone, and what the disk holds is unknown: the batch fails and
     * the store refuses further writes until a restart replays the journal, which holds the
     * record only if it reached the disk.
     */
    private void sync(FileChannel written, long seq) {
        try {
            journal.sync(written, seq);
        } catch (IOException | RuntimeException e) {
            StoreException failure = new StoreException("cannot sync the journal of " + file + " (" + e.getMessage()
                    + "); restart to replay it", e);
            if (broken == null) broken = failure;
            log.error("sync of journal record {} failed", seq, e);
            throw failure;
        }
    }

    /** Runs a statement of the per-batch path prepared once (each execute of a plain Statement compiles it). */
    private void run(String sql) throws SQLException {
        PreparedStatement ps = writeStatement(writer, sql);
        try {
            ps.execute();
        } finally {
            doneWith(ps);
        }
    }

    /**
     * Undoes the batch being written: rolls the open transaction back and writes the batches
     * before it again from the journal (the failed batch's record is withdrawn first).
     */
    private void undoBatch(Exception cause) {
        log.info("a batch failed on {}; writing the batches since the last commit again from the journal: {}",
                file, cause.getMessage());
        rewriteSinceCommit(cause);
    }

    /** Begins the writer's open transaction. */
    private void begin() throws SQLException {
        run("BEGIN IMMEDIATE");
        rolledBack = false;
        transactionOpen = true;
        openedAtNanos = System.nanoTime();
    }

    /**
     * True if SQLite rolled back the open transaction, whose acknowledged batches are then in the
     * journal only. Checked after a statement on the writer fails (a field read, no query): each
     * such failure must rebuild the transaction, or the next batch would begin a new one without them.
     */
    private boolean transactionLost() {
        return transactionOpen && rolledBack;
    }

    /**
     * Writes the journal's records after {@code seq} in a new transaction (left open), up to the
     * last one written for a batch that succeeded: a record abandoned after it was never answered.
     */
    private void reapplyAfter(long seq) throws SQLException, IOException {
        rollbackQuietly();
        begin();
        for (Journal.Entry e : journal.entriesAfter(seq)) {
            if (e.seq() > journaledSeq) break;
            WriteBatch b = BatchCodec.decode(e.payload());
            applyBatch(b, fold(b));
        }
    }

    private void rollbackQuietly() {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing open
        }
    }

    /** Commits the writer's open transaction (no sync: the journal holds its batches). Under writeLock. */
    private void flush() throws SQLException {
        if (!transactionOpen || applying || broken != null) return;
        // Else the update below would commit applied_seq on its own, without the batches it counts.
        if (transactionLost()) throw new SQLException("SQLite rolled back the writer's transaction");
        PreparedStatement ps = writeStatement(writer, SET_APPLIED);
        try {
            ps.setLong(1, journaledSeq);
            ps.executeUpdate();
        } finally {
            doneWith(ps);
        }
        run("COMMIT");
        transactionOpen = false;
        visibleSeq = journaledSeq;
    }

    /** A failed commit leaves the batches in the journal: they are written again in a new transaction. */
    private void flushQuietly() {
        try {
            flush();
        } catch (SQLException | RuntimeException e) {
            rebuildTransaction(e);
        }
    }

    private void rebuildTransaction(Exception cause) {
        log.warn("the writer's transaction on {} failed; writing its batches again from the journal: {}", file, cause.getMessage());
        rewriteSinceCommit(cause);
    }

    /** Rolls the open transaction back and writes the batches since the last commit again from the journal. */
    private void rewriteSinceCommit(Exception cause) {
        transactionOpen = false;
        try {
            reapplyAfter(visibleSeq);
        } catch (SQLException | IOException | RuntimeException x) {
            cause.addSuppressed(x);
            refuseWrites(x);
        }
    }

    /**
     * Acknowledged batches are in the journal but not in SQLite: refuses further writes (they
     * would commit without them) until a restart replays the journal.
     */
    private void refuseWrites(Exception x) {
        broken = new StoreException("the embedded store cannot write its journal into " + file
                + " (" + x.getMessage() + "); restart to replay it", x);
        rollbackQuietly();
        transactionOpen = false;
        log.error("cannot write journal records after {} again", visibleSeq, x);
    }

    /** Commits the open transaction if it is due (run every few milliseconds by the checkpoint thread). */
    void flushIfDue() {
        writeLock.lock();
        try {
            if (!closed && transactionOpen && System.nanoTime() - openedAtNanos >= FLUSH_INTERVAL.toNanos()) flushQuietly();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Syncs the WAL, which makes every batch SQLite has committed durable there, then deletes the
     * journal segments those batches were in.
     */
    void makeDurable() throws IOException {
        long seq = visibleSeq;
        if (seq <= durableSeq) return;
        // SQLite holds no lock on the WAL file itself, so a second descriptor is harmless; an
        // fsync through it syncs the file, whoever wrote to it. SQLite deletes the WAL only when
        // its last connection closes, and the writer's stays open, so the descriptor stays valid.
        if (walFile == null) walFile = FileChannel.open(Path.of(file + "-wal"), StandardOpenOption.WRITE);
        walFile.force(false);
        durableSeq = seq;
        writeLock.lock();
        try {
            if (!closed) journal.dropThrough(seq);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Without statistics SQLite prefers the index by status and sorts every deferred lead: told
     * to, it reads the partial index in due order and stops at the limit.
     */
    @Override
    String dueDeferredSql() {
        return DUE_DEFERRED.replace("FROM leads ", "FROM leads INDEXED BY leads_deferred_due ");
    }

    @Override
    protected PreparedStatement writeStatement(Connection c, String sql) throws SQLException {
        if (c != writer) return super.writeStatement(c, sql);
        PreparedStatement ps = statements.get(sql);
        // The driver closes a statement for good when it fails with most errors (an I/O error, a
        // full disk): prepared again, or every later use of it would fail until a restart.
        if (ps == null || ps.isClosed()) {
            ps = writer.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    protected void doneWith(PreparedStatement ps) throws SQLException {
        // Closed by the driver after an error: nothing to reset (and throwing here would hide that error).
        if (ps.isClosed()) return;
        if (ps.getConnection() != writer) {
            ps.close();
            return;
        }
        ps.clearParameters();
    }

    @Override
    protected void doneWithBatch(PreparedStatement ps, int rows, boolean executed) throws SQLException {
        if (ps.isClosed()) return;
        // The driver's batch array only grows, and every clear nulls all of it: after one burst
        // (a replay, a stalled disk) every later batch of the statement would pay for the burst's
        // size. A statement that took a burst is closed, so the next use prepares it afresh
        // (closing after every batch above 64 rows cost more in prepares than it saved).
        if (rows > KEEP_BATCH_ROWS) {
            ps.close();
            return;
        }
        if (!executed) ps.clearBatch(); // executeBatch clears its own, even when it fails
        doneWith(ps);
    }

    @Override
    protected <T> T inTransaction(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed) throw new StoreException("store is closed");
            // Work outside the journal (pruning) runs in a transaction of its own, after the open one.
            // A commit that fails may have cost SQLite the open transaction: it is rebuilt from the
            // journal at once (a later batch would otherwise start a new one without its batches)
            // and this work waits for another time.
            flushQuietly();
            // A broken store lacks acknowledged batches: nothing may commit without them.
            if (broken != null) throw broken;
            if (transactionOpen) throw new StoreException("write failed: the writer's open transaction could not commit");
            // Explicit statements on an auto-commit connection: the driver's own transaction mode
            // would begin the next transaction right after each commit and keep the file locked.
            control.execute("BEGIN IMMEDIATE");
            try {
                T result = work.apply(writer);
                control.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                throw switch (e) {
                    case StoreException se -> se;
                    case SQLException sql -> new StoreException("write failed: " + describe(sql), sql);
                    default -> new StoreException("write failed: " + e.getMessage(), e);
                };
            }
        } catch (SQLException e) {
            throw new StoreException("write failed: " + describe(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Copies the whole WAL into the database file and syncs it; false if a reader held it back. */
    private boolean checkpointAll() throws SQLException {
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    private void rollback(Exception cause) {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then nothing is left to undo.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) cause.addSuppressed(e);
        }
    }

    /** Commits the open transaction when due, on a thread of its own so that a checkpoint never delays it. */
    private void flushLoop() {
        while (!closed && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(FLUSH_TICK_NANOS);
            flushIfDue();
        }
    }

    private void checkpointLoop() {
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(CHECKPOINT_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return; // closing
            }
            try {
                makeDurable();
                checkpoint();
                // Behind the cached tail every page was synced by an earlier pass.
                dropBehind.advance(Files.size(file));
                if (journal.wantsSpare()) journal.prepareSpare();
            } catch (SQLException | IOException | RuntimeException e) {
                if (!closed) log.warn("checkpoint of {} failed: {}", file, e.getMessage());
            }
        }
    }

    /**
     * Copies committed pages from the WAL into the database file, in passive passes beside the
     * writer. The WAL starts over (at its beginning, truncated to its size limit) only when a commit
     * begins with every frame copied; under load a commit is nearly always open when a pass ends,
     * so the WAL keeps growing. Once it is {@code restartFrames} long, a last pass runs under the
     * write lock over the few frames appended meanwhile, and the next commit starts it over. That
     * pass holds commits for as long as it copies and syncs the file (20-40 ms on a virtual disk),
     * so it runs only when the WAL is long: run every second, it was most of the p99 of ingest.
     */
    synchronized void checkpoint() throws SQLException {
        Pass last = null;
        for (int pass = 0; pass < CHECKPOINT_FREE_PASSES; pass++) {
            if (closed) return;
            last = passiveCheckpoint();
            if (last.left() <= CHECKPOINT_TAIL_FRAMES) break;
        }
        if (last == null || last.logFrames() < restartFrames) return;
        writeLock.lock();
        try {
            // The writer's open transaction would keep the WAL from starting over: commit it first.
            if (!closed) {
                flushQuietly();
                passiveCheckpoint();
            }
            lockedCheckpoints++;
        } finally {
            writeLock.unlock();
        }
    }

    Journal journalForTests() {
        return journal;
    }

    /**
     * For tests: the writer's connection, through which they make SQLite abort its open
     * transaction (a page limit, a trigger), as a full or failing disk would.
     */
    Connection writerForTests() {
        return writer;
    }

    /** Checkpoints that had to hold commits back (for tests). */
    long lockedCheckpoints() {
        return lockedCheckpoints;
    }

    /** What a pass saw: frames in the WAL since it last started over, and frames not copied. */
    private record Pass(long logFrames, long left) {
    }

    private Pass passiveCheckpoint() throws SQLException {
        try (Statement s = checkpointer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            long logFrames = rs.getLong(2);
            long copied = rs.getLong(3);
            return logFrames < 0 ? new Pass(0, 0) : new Pass(logFrames, logFrames - copied);
        }
    }

    @Override
    protected void lockEventOrder(Connection c) {
        // One writer: transactions already commit in the order they assign ids.
    }

    /**
     * A read must see every acknowledged batch: if some are still in the writer's open
     * transaction, that transaction commits first (the reader waits for the batch being written).
     */
    @Override
    protected Connection readConnection() throws SQLException {
        if (visibleSeq < journaledSeq) flushNow();
        return readers.getConnection();
    }

    /** Commits the writer's open transaction now, whatever its age. */
    void flushNow() {
        writeLock.lock();
        try {
            if (!closed) flushQuietly();
        } finally {
            writeLock.unlock();
        }
    }

    /** Key reads see the open transaction on the writer's own connection instead of committing it. */
    @Override
    protected <T> T keyRead(SqlWork<T> work) {
        if (visibleSeq >= journaledSeq) return read(work);
        writeLock.lock();
        try {
            if (closed) throw new StoreException("store is closed");
            try {
                return work.apply(writer);
            } catch (SQLException | RuntimeException e) {
                // SQLite may have rolled the open transaction back with the failed read.
                if (transactionLost()) rebuildTransaction(e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("read failed: " + describe(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    protected String pruneChunkSql() {
        return "DELETE FROM dedupe_keys WHERE rowid IN "
                + "(SELECT rowid FROM dedupe_keys WHERE received_at < ? LIMIT " + PRUNE_CHUNK + ")";
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            writeLock.unlock();
        }
        checkpointThread.interrupt();
        flushThread.interrupt();
        try {
            if (checkpointThread.isAlive()) checkpointThread.join(Duration.ofSeconds(30));
            if (flushThread.isAlive()) flushThread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StoreException failure = new StoreException("close of " + file + " failed");
        writeLock.lock();
        try {
            // Commits the open transaction and copies everything into the database file, synced:
            // then the journal is not needed any more.
            flush();
            for (PreparedStatement ps : statements.values()) ps.close();
            statements.clear();
            // A broken store lacks acknowledged batches: its journal must survive for the replay.
            if (broken == null && checkpointAll()) journal.dropThrough(journaledSeq);
        } catch (SQLException | IOException | RuntimeException e) {
            // The journal stays; the next open replays what the database lacks.
            failure.addSuppressed(e);
        } finally {
            writeLock.unlock();
        }
        try {
            journal.close();
            if (walFile != null) walFile.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        dropBehind.close();
        readers.close();
        closeQuietly(checkpointer, failure);
        // The last connection to close folds the WAL into the database file and removes it.
        closeQuietly(writer, failure);
        if (failure.getSuppressed().length > 0) throw failure;
    }

    private static void closeQuietly(Connection c, Exception cause) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
