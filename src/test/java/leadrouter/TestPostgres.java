package leadrouter;

import leadrouter.store.StoreSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A throwaway PostgreSQL database for one test: created on the test server, dropped after. */
public final class TestPostgres implements AutoCloseable {
    private final String adminUrl = System.getProperty("leadrouter.test.pg", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private final String database = "lr_test_" + UUID.randomUUID().toString().replace("-", "");
    public final String url;

    public TestPostgres() {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        url = adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database at " + adminUrl + ": " + e.getMessage(), e);
        }
    }

    public StoreSettings settings() {
        return new StoreSettings.Postgres(url, null, null, 8);
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
