package leadrouter.store;

import org.sqlite.Function;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes SQLite roll back the writer's whole open transaction by itself, as it may on an I/O error
 * or a full disk: temporary triggers on the writer's connection raise ROLLBACK when a doomed lead
 * is inserted, or when the applied journal number is set while {@link #COMMIT} is doomed. While
 * {@link #READ} is doomed, a read of deliveries on the writer fails after rolling the transaction
 * back, as SQLite does when a read in a write transaction meets an I/O error or runs out of memory.
 * Which are doomed is Java state, outside SQLite, so it survives the rollbacks it causes.
 */
final class InjectedAbort {
    static final String MESSAGE = "injected abort";
    static final String COMMIT = "commit";
    static final String READ = "read";

    private final Set<String> doomed = ConcurrentHashMap.newKeySet();

    private InjectedAbort() {
    }

    /** Installs the triggers; call while the writer has no transaction open (right after open). */
    static InjectedAbort on(SqliteStore store) throws SQLException {
        InjectedAbort abort = new InjectedAbort();
        Connection writer = store.writerForTests();
        Function.create(writer, "injected_abort", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(abort.doomed.contains(value_text(0)) ? 1 : 0);
            }
        });
        // Deterministic and without arguments: SQLite runs it once per execution of a statement,
        // before the first row, so even a read that finds no row calls it.
        Function.create(writer, "injected_read_abort", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                if (abort.doomed.contains(READ)) {
                    try (Statement s = writer.createStatement()) {
                        s.execute("ROLLBACK");
                    }
                    throw new SQLException(MESSAGE);
                }
                result(1);
            }
        }, 0, Function.FLAG_DETERMINISTIC);
        try (Statement s = writer.createStatement()) {
            // Shadows the table for the writer's reads only (temp comes first in name resolution);
            // the leads these tests write have no deliveries.
            s.execute("CREATE TEMP VIEW deliveries AS SELECT * FROM main.deliveries WHERE injected_read_abort()");
            s.execute("CREATE TEMP TRIGGER abort_lead BEFORE INSERT ON main.leads WHEN injected_abort(NEW.id) "
                    + "BEGIN SELECT RAISE(ROLLBACK, '" + MESSAGE + "'); END");
            s.execute("CREATE TEMP TRIGGER abort_commit BEFORE UPDATE ON main.journal_state WHEN injected_abort('"
                    + COMMIT + "') BEGIN SELECT RAISE(ROLLBACK, '" + MESSAGE + "'); END");
        }
        return abort;
    }

    /**
     * Every insert of these leads (with {@link #COMMIT}, every commit of the open transaction; with
     * {@link #READ}, every read of deliveries on the writer) aborts it.
     */
    void doom(String... keys) {
        doomed.addAll(Set.of(keys));
    }

    void spare(String... keys) {
        doomed.removeAll(Set.of(keys));
    }
}
