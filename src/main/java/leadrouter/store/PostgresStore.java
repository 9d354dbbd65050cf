package leadrouter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The shared store: PostgreSQL through a HikariCP pool. A commit runs as one transaction on one
 * pooled connection; reads take any other connection. Batched inserts are rewritten by the driver
 * into multi-row statements, which is what makes large group commits cheap.
 */
public final class PostgresStore extends JdbcStore {
    /** Advisory lock key that orders audit event commits ("LREV" in ASCII). */
    private static final long EVENT_ORDER_LOCK = 0x4C524556L;

    private final HikariDataSource pool;

    private PostgresStore(HikariDataSource pool) {
        this.pool = pool;
    }

    public static PostgresStore open(StoreSettings.Postgres settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("postgres");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) config.setUsername(settings.user());
        if (settings.password() != null) config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setAutoCommit(true);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool = null;
        try {
            pool = new HikariDataSource(config);
            migrate(pool, "db/postgresql");
            return new PostgresStore(pool);
        } catch (RuntimeException e) {
            if (pool != null) pool.close();
            throw new StoreException("cannot open PostgreSQL store at " + settings.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw switch (e) {
                    case StoreException se -> se;
                    case SQLException sql -> new StoreException("write failed: " + describe(sql), sql);
                    default -> new StoreException("write failed: " + e.getMessage(), e);
                };
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("write failed: " + describe(e), e);
        }
    }

    @Override
    protected void lockEventOrder(Connection c) throws SQLException {
        // Transaction-scoped: released by COMMIT or ROLLBACK. Only the tail of a batch (its events and
        // the commit) runs one at a time across all connections and nodes.
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + EVENT_ORDER_LOCK + ")");
        }
    }

    @Override
    protected Connection readConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    protected String pruneChunkSql() {
        return "DELETE FROM dedupe_keys WHERE ctid IN "
                + "(SELECT ctid FROM dedupe_keys WHERE received_at < ? LIMIT " + PRUNE_CHUNK + ")";
    }

    @Override
    public void close() {
        pool.close();
    }
}
