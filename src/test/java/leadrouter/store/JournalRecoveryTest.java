package leadrouter.store;

import leadrouter.store.Rows.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store while the process keeps running after a failure: a batch failing, SQLite
 * dropping its open transaction, the journal failing to write it again, and a failed sync of the
 * journal. Nothing acknowledged may be lost, nothing failed may be half stored, nothing may be
 * stored twice.
 */
class JournalRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    private static WriteBatch lead(String id) {
        return Batches.lead(id, T0);
    }

    /** Enough leads in one batch to need pages the database does not have yet. */
    private static WriteBatch manyLeads(String prefix, int count) {
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < count; i++) b.addAll(lead(prefix + i));
        return b;
    }

    private static SqliteStore openForTest(Path dir) {
        // No background commits: what SQLite holds changes only when the test says so.
        return SqliteStore.open(new StoreSettings.Embedded(dir, StoreSettings.Durability.FULL), false, 1_000);
    }

    private static SqliteStore reopen(Path dir) {
        return SqliteStore.open(new StoreSettings.Embedded(dir, StoreSettings.Durability.FULL));
    }

    /** Lead ids, newest first. */
    private static List<String> leadIds(SqliteStore store) {
        return store.leads(new LeadQuery("c", null, null, null, null, null, 1_000)).stream().map(LeadRow::id).toList();
    }

    /** Each lead's rows once: one event and one counted lead per stored lead. */
    private static void assertStoredOnce(SqliteStore store, String... ids) {
        assertThat(leadIds(store)).containsExactlyInAnyOrder(ids);
        assertThat(store.eventsAfter(0, null, 1_000)).extracting(AuditEvent::leadId).containsExactlyInAnyOrder(ids);
        assertThat(store.findDuplicates("c", List.of(hashes(ids)), T0.minusSeconds(1))).hasSize(ids.length);
        assertThat(store.counters(T0.minusSeconds(1))).extracting(CounterRow::leads).containsExactly((long) ids.length);
    }

    private static String[] hashes(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> "hash-" + id).toArray(String[]::new);
    }

    private static void execute(SqliteStore store, String sql) throws SQLException {
        try (Statement s = store.writerForTests().createStatement()) {
            s.execute(sql);
        }
    }

    private static long pageCount(SqliteStore store) throws SQLException {
        try (Statement s = store.writerForTests().createStatement(); var rs = s.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------ 1. a batch fails

    @Test
    void aFailingBatchLeavesNothingAndTheAcknowledgedBatchesBeforeItInTheOpenTransactionStay(@TempDir Path dir) {
        afterAFailedBatch(dir, store -> {
        }, store -> {
            WriteBatch bad = lead("L3");
            bad.addAll(lead("L2")); // L2's id again: the batch fails after writing L3
            assertThatThrownBy(() -> store.commit(bad)).isInstanceOf(StoreException.class);
        });
    }

    @Test
    void aRecordWrittenWholeButReportedFailedIsNotWrittenAgainWithTheBatchesBeforeIt(@TempDir Path dir) {
        FailingSyncChannel.Switch failing = new FailingSyncChannel.Switch();
        afterAFailedBatch(dir, store -> store.journalForTests().segmentChannels = file -> new FailingSyncChannel(file, failing),
                store -> {
                    failing.writes = true; // L3's record reaches the journal's file, but its write fails
                    assertThatThrownBy(() -> store.commit(lead("L3"))).isInstanceOf(StoreException.class);
                    failing.writes = false;
                    // Nothing of L3 was applied; a rewrite from the journal (here after SQLite drops
                    // the open transaction) must still stop before its abandoned record.
                    try {
                        execute(store, "ROLLBACK");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Test
    void aBatchThatFailsAfterItsRecordWasSyncedIsNotReplayedAfterACrash(@TempDir Path tmp) {
        Path dir = tmp.resolve("data");
        Path crashed = tmp.resolve("crashed");
        afterAFailedBatch(dir, store -> {
        }, store -> {
            WriteBatch bad = lead("L3");
            bad.addAll(lead("L2"));
            // Its record synced before it is applied, as when the disk is quicker than SQLite.
            assertThatThrownBy(() -> store.stage(bad, Store.Staged::sync)).isInstanceOf(StoreException.class);
            try {
                copyFiles(dir, crashed); // what a crash right after the batch was refused would leave
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (SqliteStore afterCrash = reopen(crashed)) {
            assertStoredOnce(afterCrash, "L1", "L2");
        }
    }

    /**
     * L1 committed in SQLite, L2 acknowledged (in the journal and the open transaction only), then
     * {@code failL3} fails a batch holding L3: L3 is nowhere, L1 and L2 stay, and L4 follows.
     */
    private static void afterAFailedBatch(Path dir, Consumer<SqliteStore> setUp, Consumer<SqliteStore> failL3) {
        try (SqliteStore store = openForTest(dir)) {
            setUp.accept(store);
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2"));
            failL3.accept(store);
            assertThat(store.lead("L3")).isEmpty();
            store.commit(lead("L4"));
            store.flushNow();
            assertStoredOnce(store, "L1", "L2", "L4");
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2", "L4");
        }
    }

    // ------------------------------------------------ 2. SQLite rolls its open transaction back

    @Test
    void aFullDiskThatRollsBackTheOpenTransactionLosesNoAcknowledgedBatch(@TempDir Path dir) throws SQLException {
        try (SqliteStore store = openForTest(dir)) {
            store.commit(lead("L1"));
            store.flushNow(); // L1 committed in SQLite
            store.commit(lead("L2")); // acknowledged: in the journal and in the open transaction only
            // The database may not grow any more: SQLite answers SQLITE_FULL and, for a plain
            // insert, rolls the whole transaction back (L2 with it).
            execute(store, "PRAGMA max_page_count = " + pageCount(store));
            assertThatThrownBy(() -> store.commit(manyLeads("BIG", 500)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("full");
            execute(store, "PRAGMA max_page_count = 1073741823"); // space freed
            store.commit(lead("L3"));
            assertStoredOnce(store, "L1", "L2", "L3"); // written again from the journal; nothing of BIG
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2", "L3");
        }
    }

    @Test
    void aStatementTheDriverClosedAfterAnErrorIsPreparedAgain(@TempDir Path dir) throws SQLException {
        try (SqliteStore store = openForTest(dir)) {
            store.commit(lead("L1"));
            store.flushNow();
            // sqlite-jdbc closes a statement for good when it fails with most errors (SQLITE_ERROR,
            // SQLITE_FULL, SQLITE_IOERR); the store keeps its per-batch statements prepared.
            store.writeStatement(store.writerForTests(), "BEGIN IMMEDIATE").close();
            store.writeStatement(store.writerForTests(), "COMMIT").close();
            store.commit(lead("L2"));
            store.flushNow();
            assertStoredOnce(store, "L1", "L2");
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2");
        }
    }

    @Test
    void aRollbackWhileCommittingBeforeAPruneLosesNoAcknowledgedBatch(@TempDir Path dir) throws SQLException {
        try (SqliteStore store = openForTest(dir)) {
            InjectedAbort abort = InjectedAbort.on(store);
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2"));
            // A prune first commits the open transaction; SQLite rolls it back instead (L2 with it).
            abort.doom(InjectedAbort.COMMIT);
            assertThatThrownBy(() -> store.pruneDedupeKeys(T0.minusSeconds(3600))).isInstanceOf(StoreException.class);
            abort.spare(InjectedAbort.COMMIT);
            store.commit(lead("L3"));
            store.flushNow();
            assertStoredOnce(store, "L1", "L2", "L3");
            assertThat(store.pruneDedupeKeys(T0.minusSeconds(3600))).isZero(); // pruning works again
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2", "L3");
        }
    }

    @Test
    void aReadOnTheWriterDuringWhichSqliteRollsBackTheOpenTransactionLosesNoAcknowledgedBatch(@TempDir Path dir) throws SQLException {
        try (SqliteStore store = openForTest(dir)) {
            InjectedAbort abort = InjectedAbort.on(store);
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2")); // acknowledged: in the journal and in the open transaction only
            // A key read runs on the writer while L2 is uncommitted; SQLite rolls the transaction
            // back (L2 with it) and the read fails.
            abort.doom(InjectedAbort.READ);
            assertThatThrownBy(() -> store.deliveries("L2"))
                    .isInstanceOf(StoreException.class).hasMessageContaining(InjectedAbort.MESSAGE);
            abort.spare(InjectedAbort.READ);
            // Still on the writer (nothing committed since): L2 was written again at once.
            assertThat(store.lead("L2")).isPresent();
            store.commit(lead("L3"));
            store.flushNow();
            assertStoredOnce(store, "L1", "L2", "L3");
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2", "L3");
        }
    }

    @Test
    void aRollbackThatNoFailedStatementReportedIsRepairedBeforeTheNextBatch(@TempDir Path dir) throws SQLException {
        try (SqliteStore store = openForTest(dir)) {
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2"));
            // Behind the store's back: no statement of the store fails, yet L2 is gone from SQLite.
            execute(store, "ROLLBACK");
            store.commit(lead("L3")); // must not begin a new transaction without L2
            store.flushNow();
            assertStoredOnce(store, "L1", "L2", "L3");
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2", "L3");
        }
    }

    @Test
    void aCrashAfterARollbackThatNoFailedStatementReportedStillReplaysTheLostBatch(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        Path crashed = tmp.resolve("crashed");
        try (SqliteStore store = openForTest(dir)) {
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2"));
            execute(store, "ROLLBACK"); // behind the store's back, as above
            // The commit must not record L2 as applied: a replay would then skip it.
            store.flushNow();
            copyFiles(dir, crashed); // what a crash now would leave
            try (SqliteStore afterCrash = reopen(crashed)) {
                assertStoredOnce(afterCrash, "L1", "L2");
            }
        }
    }

    /** Copies the data directory's files (not SQLite's shared-memory index, which is rebuilt on open). */
    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                if (f.toString().endsWith("-shm")) continue;
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }

    // ------------------------------------------------ 3. writing the journal again fails too

    @Test
    void whenTheJournalCannotBeWrittenAgainTheStoreRefusesWritesUntilARestartReplaysIt(@TempDir Path dir) throws SQLException {
        try (SqliteStore store = openForTest(dir)) {
            InjectedAbort abort = InjectedAbort.on(store);
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2"));
            // L3 makes SQLite roll back the transaction, and so does L2 when it is written again.
            abort.doom("L3", "L2");
            assertThatThrownBy(() -> store.commit(lead("L3")))
                    .isInstanceOf(StoreException.class).hasMessageContaining(InjectedAbort.MESSAGE);
            abort.spare("L3", "L2");
            // Anything written now would be committed without L2: every write is refused.
            assertThatThrownBy(() -> store.commit(lead("L4")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("restart to replay");
            assertThatThrownBy(() -> store.pruneDedupeKeys(T0.minusSeconds(3600)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("restart to replay");
            assertThat(store.lead("L3")).isEmpty(); // the failed batch left nothing behind
            assertThat(store.findDuplicates("c", List.of("hash-L3"), T0.minusSeconds(1))).isEmpty();
        }
        try (SqliteStore store = reopen(dir)) {
            assertStoredOnce(store, "L1", "L2");
            store.commit(lead("L5")); // and the store writes again
            assertStoredOnce(store, "L1", "L2", "L5");
        }
    }

    // ------------------------------------------------ 4. a sync of the journal fails

    @Test
    void aFailedJournalSyncFailsItsBatchAndStopsTheStoreUntilARestartReplaysTheJournal(@TempDir Path dir) {
        failASyncThenRestart(dir, false);
    }

    @Test
    void aBatchSqliteCommittedWhileItsSyncWasFailingIsStoredOnceAfterTheRestart(@TempDir Path dir) {
        failASyncThenRestart(dir, true);
    }

    /**
     * L1 is in SQLite and still in the journal (a replay must skip it); L2 is acknowledged but
     * only in the journal and the open transaction; the sync of L3's record fails. With
     * {@code committedMeanwhile}, the open transaction commits while that sync is under way (as the
     * flush thread may), so SQLite holds L3 although it is about to fail.
     */
    private static void failASyncThenRestart(Path dir, boolean committedMeanwhile) {
        FailingSyncChannel.Switch syncs = new FailingSyncChannel.Switch();
        try (SqliteStore store = openForTest(dir)) {
            store.journalForTests().segmentChannels = file -> new FailingSyncChannel(file, syncs);
            store.commit(lead("L1"));
            store.flushNow();
            store.commit(lead("L2"));
            if (committedMeanwhile) syncs.beforeFailure = store::flushNow;
            syncs.on = true;
            assertThatThrownBy(() -> store.commit(lead("L3")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("cannot sync the journal");
            syncs.on = false;
            assertThatThrownBy(() -> store.commit(lead("L4")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("restart to replay");
        }
        try (SqliteStore store = reopen(dir)) {
            // L3 was not acknowledged, but reached SQLite or (the process being alive) the journal's
            // file: it may be there, once. L4 never reached the journal.
            List<String> ids = leadIds(store);
            assertThat(ids).contains("L1", "L2").doesNotContain("L4");
            assertStoredOnce(store, ids.toArray(String[]::new));
        }
    }

    private static GroupCommit.Task<String> post(String id) {
        return ctx -> {
            ctx.batch.addAll(lead(id));
            return id;
        };
    }

    @Test
    void requestsWhoseBatchFailedToSyncAreAnsweredWithAnErrorAndSoIsEveryLaterOne(@TempDir Path dir) {
        FailingSyncChannel.Switch syncs = new FailingSyncChannel.Switch();
        try (SqliteStore store = openForTest(dir); GroupCommit writer = new GroupCommit(store, 64)) {
            store.journalForTests().segmentChannels = file -> new FailingSyncChannel(file, syncs);
            assertThat(writer.call(post("L1"))).isEqualTo("L1");
            syncs.on = true;
            assertThatThrownBy(() -> writer.call(post("L2"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot sync the journal");
            syncs.on = false;
            assertThatThrownBy(() -> writer.call(post("L3"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("restart to replay");
        }
    }
}
