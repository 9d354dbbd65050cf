package leadrouter.store;

import leadrouter.store.Rows.AuditEvent;
import leadrouter.store.Rows.LeadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What only the embedded store has: its file, its durability modes and its background checkpoints. */
class SqliteStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    private static WriteBatch leads(int from, int count) {
        WriteBatch b = new WriteBatch();
        for (int i = from; i < from + count; i++) {
            String id = "L%06d".formatted(i);
            b.leads.add(new LeadRow(id, "c", "web", "assigned", T0, T0, null, 1, "{}", null, null, null, null));
            b.events.add(AuditEvent.of(id, "received", T0, 1, "{\"n\":" + i + "}"));
        }
        return b;
    }

    private static long count(Path dbFile, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theDatabaseIsOneFileInTheDataDirectoryCreatedIfMissing(@TempDir Path tmp) {
        Path dataDir = tmp.resolve("data/nested");
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(dataDir, StoreSettings.Durability.NORMAL))) {
            store.commit(leads(0, 3));
            assertThat(store.file()).isEqualTo(dataDir.resolve(SqliteStore.FILE_NAME).toAbsolutePath());
            assertThat(store.leads(new LeadQuery(null, null, null, null, null, null, 10))).hasSize(3);
        }
        assertThat(Files.exists(dataDir.resolve(SqliteStore.FILE_NAME))).isTrue();
    }

    @Test
    void batchesOfEverySizeInTurnAllLand(@TempDir Path tmp) throws Exception {
        // A batch above KEEP_BATCH_ROWS closes its statements; the next batch prepares them again.
        int keep = SqliteStore.KEEP_BATCH_ROWS;
        int[] sizes = {1, keep + 1, 3, 2 * keep, 1, keep, 2};
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp, StoreSettings.Durability.NORMAL))) {
            int next = 0;
            for (int size : sizes) {
                store.commit(leads(next, size));
                next += size;
                store.flushNow();
                assertThat(count(store.file(), "leads")).isEqualTo(next);
                assertThat(count(store.file(), "audit_events")).isEqualTo(next);
                assertThat(store.lead("L%06d".formatted(next - 1))).isPresent();
            }
        }
    }

    @Test
    void aCheckpointLeavesEveryCommittedRowInTheDatabaseFileItself(@TempDir Path tmp) throws Exception {
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp.resolve("live"), StoreSettings.Durability.FULL))) {
            store.commit(leads(0, 500));
            store.flushNow();
            store.checkpoint();
            // the database file alone, without its WAL, holds the batch
            Path copy = Files.createDirectories(tmp.resolve("copy")).resolve("copy.db");
            Files.copy(store.file(), copy);
            assertThat(count(copy, "leads")).isEqualTo(500);
            assertThat(count(copy, "audit_events")).isEqualTo(500);
        }
    }

    @Test
    void betweenCommitsACheckpointNeverHoldsCommitsBackAndTheWalStartsOver(@TempDir Path tmp) throws Exception {
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp, StoreSettings.Durability.FULL), false, 200)) {
            Path wal = Path.of(store.file() + "-wal");
            store.commit(leads(0, 200));
            store.flushNow();
            store.checkpoint();
            long walAfterFirst = Files.size(wal);
            for (int b = 1; b <= 20; b++) {
                store.commit(leads(b * 200, 200));
                store.flushNow();
                store.checkpoint();
            }
            // each commit began with every frame copied, so it started the WAL over by itself
            assertThat(store.lockedCheckpoints()).isZero();
            assertThat(Files.size(wal)).isLessThan(walAfterFirst * 5); // 20 batches appended would be ~20x
            assertThat(count(store.file(), "leads")).isEqualTo(4200);
        }
    }

    @Test
    void underContinuousCommitsALongWalIsStartedOverByHoldingCommitsBriefly(@TempDir Path tmp) throws Exception {
        int restartFrames = 200; // 800 KB
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp, StoreSettings.Durability.NORMAL), false, restartFrames)) {
            Path wal = Path.of(store.file() + "-wal");
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                for (int b = 0; b < 800; b++) store.commit(leads(b * 25, 25));
            });
            long largest = 0;
            while (!writes.isDone()) {
                // the writer's transaction commits between batches, as it does every 100 ms in service
                store.flushNow();
                store.checkpoint();
                largest = Math.max(largest, Files.size(wal));
            }
            writes.get(120, TimeUnit.SECONDS);
            store.flushNow();
            assertThat(store.lockedCheckpoints()).isPositive();
            // 20,000 leads are tens of MB of frames; the WAL never held more than a few restarts' worth
            // 2-13 MB here (how long a pass takes varies); never holding commits back, ~70 MB: the whole run
            assertThat(largest).isLessThan(32L << 20);
            assertThat(count(store.file(), "leads")).isEqualTo(20_000);
        }
    }

    @Test
    void checkpointsRunningBesideCommitsLoseNothing(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(dataDir, StoreSettings.Durability.NORMAL))) {
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                for (int b = 0; b < 40; b++) store.commit(leads(b * 250, 250));
            });
            while (!writes.isDone()) store.checkpoint();
            writes.get(120, TimeUnit.SECONDS);
            store.checkpoint();
            assertThat(store.eventsAfter(0, null, 1000)).hasSize(1000);
        }
        // closed: the WAL is folded into the file, and a reopened store sees every row
        assertThat(count(dataDir.resolve(SqliteStore.FILE_NAME), "leads")).isEqualTo(10_000);
        try (SqliteStore again = SqliteStore.open(new StoreSettings.Embedded(dataDir, StoreSettings.Durability.FULL))) {
            assertThat(again.lead("L009999")).isPresent();
        }
    }
}
