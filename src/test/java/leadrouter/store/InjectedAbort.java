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
 * is inserted, or when the applied journal number is set while {@link #commits} are doomed. Which
 * are doomed is Java state, outside SQLite, so it survives the rollbacks it causes.
 */
final class InjectedAbort {
    static final String MESSAGE = "injected abort";
    static final String COMMIT = "commit";

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
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TEMP TRIGGER abort_lead BEFORE INSERT ON main.leads WHEN injected_abort(NEW.id) "
                    + "BEGIN SELECT RAISE(ROLLBACK, '" + MESSAGE + "'); END");
            s.execute("CREATE TEMP TRIGGER abort_commit BEFORE UPDATE ON main.journal_state WHEN injected_abort('"
                    + COMMIT + "') BEGIN SELECT RAISE(ROLLBACK, '" + MESSAGE + "'); END");
        }
        return abort;
    }

    /** Every insert of these leads (or, with {@link #COMMIT}, every commit of the open transaction) aborts it. */
    void doom(String... keys) {
        doomed.addAll(Set.of(keys));
    }

    void spare(String... keys) {
        doomed.removeAll(Set.of(keys));
    }
}
