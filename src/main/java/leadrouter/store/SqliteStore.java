package leadrouter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every
 * write goes through one dedicated connection under a lock; reads use a pool of read-only
 * connections and, thanks to WAL, never wait for the writer and never see an open batch.
 *
 * <p>The read pool is HikariCP (already used for PostgreSQL): it replaces connections that fail
 * validation and reports pool metrics, which a home-made queue of connections would not.
 */
public final class SqliteStore extends JdbcStore {
    public static final String FILE_NAME = "leadrouter.db";
    static final int BUSY_TIMEOUT_MS = 5_000;
    // Pages cached per connection (negative: KiB); the writer touches the tails of many indexes.
    private static final int WRITER_CACHE_KIB = 64 * 1024;
    private static final int READER_CACHE_KIB = 16 * 1024;

    private final Path file;
    private final Connection writer;
    private final Statement control;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final HikariDataSource readers;
    private boolean closed;

    private SqliteStore(Path file, Connection writer, HikariDataSource readers) throws SQLException {
        this.file = file;
        this.writer = writer;
        this.control = writer.createStatement();
        this.readers = readers;
    }

    public static SqliteStore open(StoreSettings.Embedded settings) {
        Path file;
        try {
            Files.createDirectories(settings.dataDir());
            file = settings.dataDir().resolve(FILE_NAME).toAbsolutePath();
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + settings.dataDir() + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + file;
        Connection writer = null;
        HikariDataSource readers = null;
        try {
            // The writer opens first: it switches the file to WAL before anything else reads it.
            writer = writerConfig(settings.durability()).createConnection(url);
            migrate(dataSource(url, writerConfig(settings.durability())), "db/sqlite");
            readers = readPool(url, settings.readers());
            return new SqliteStore(file, writer, readers);
        } catch (SQLException | RuntimeException e) {
            if (readers != null) readers.close();
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
            readers.close();
            writer.close();
        } catch (SQLException e) {
            throw new StoreException("close failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
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
