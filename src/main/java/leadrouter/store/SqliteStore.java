package leadrouter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every
 * write goes through one dedicated connection under a lock; reads use a pool of read-only
 * connections and, thanks to WAL, never wait for the writer and never see an open batch.
 *
 * <p>The read pool is HikariCP (already used for PostgreSQL): it replaces connections that fail
 * validation and reports pool metrics, which a home-made queue of connections would not.
 *
 * <p>Checkpoints (copying committed pages from the WAL into the database file) run on their own
 * thread rather than inside a commit: under load they are some 40% of all bytes written, and done
 * beside the writer they raise sustained commit throughput by a third or more. See {@link #checkpoint()}.
 */
public final class SqliteStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    public static final String FILE_NAME = "leadrouter.db";
    static final int BUSY_TIMEOUT_MS = 5_000;
    // Pages cached per connection (negative: KiB); the writer touches the tails of many indexes.
    private static final int WRITER_CACHE_KIB = 64 * 1024;
    private static final int READER_CACHE_KIB = 16 * 1024;
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
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

    private final Path file;
    private final Connection writer;
    private final Statement control;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final HikariDataSource readers;
    private final Connection checkpointer;
    private final Thread checkpointThread;
    private volatile boolean closed;
    private long lockedCheckpoints; // guarded by this
    private final int restartFrames;

    private SqliteStore(Path file, Connection writer, HikariDataSource readers, Connection checkpointer,
                        int restartFrames) throws SQLException {
        this.file = file;
        this.restartFrames = restartFrames;
        this.writer = writer;
        this.control = writer.createStatement();
        this.readers = readers;
        this.checkpointer = checkpointer;
        this.checkpointThread = Thread.ofPlatform().daemon().name("sqlite-checkpoint").unstarted(this::checkpointLoop);
    }

    public static SqliteStore open(StoreSettings.Embedded settings) {
        return open(settings, true, WAL_RESTART_FRAMES);
    }

    /** For tests: without background checkpoints they call {@link #checkpoint()} themselves. */
    static SqliteStore open(StoreSettings.Embedded settings, boolean backgroundCheckpoints, int restartFrames) {
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
        try {
            // The writer opens first: it switches the file to WAL before anything else reads it.
            SQLiteConfig writerConfig = writerConfig(settings.durability());
            writer = writerConfig.createConnection(url);
            migrate(dataSource(url, writerConfig(settings.durability())), "db/sqlite");
            readers = readPool(url, settings.readers());
            checkpointer = writerConfig(settings.durability()).createConnection(url);
            SqliteStore store = new SqliteStore(file, writer, readers, checkpointer, restartFrames);
            if (backgroundCheckpoints) store.checkpointThread.start();
            return store;
        } catch (SQLException | RuntimeException e) {
            if (readers != null) readers.close();
            closeQuietly(checkpointer, e);
            closeQuietly(writer, e);
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig writerConfig(StoreSettings.Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(switch (durability) {
            case FULL -> SQLiteConfig.SynchronousMode.FULL;
            case NORMAL -> SQLiteConfig.SynchronousMode.NORMAL;
        });
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
    protected <T> T inTransaction(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed) throw new StoreException("store is closed");
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

    private void rollback(Exception cause) {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then nothing is left to undo.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) cause.addSuppressed(e);
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
                checkpoint();
            } catch (SQLException | RuntimeException e) {
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
            if (!closed) passiveCheckpoint();
            lockedCheckpoints++;
        } finally {
            writeLock.unlock();
        }
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

    @Override
    protected Connection readConnection() throws SQLException {
        return readers.getConnection();
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
        try {
            if (checkpointThread.isAlive()) checkpointThread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StoreException failure = new StoreException("close of " + file + " failed");
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
