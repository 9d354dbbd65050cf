package leadrouter.store;

import leadrouter.routing.CapPeriod;
import leadrouter.store.Rows.*;
import leadrouter.store.WriteBatch.SpeedToLead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store's commit log: what it keeps, what a crash leaves of it, and replay on open. */
class JournalTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00.123456789Z");

    private static WriteBatch everyKindOfRow() {
        WriteBatch b = new WriteBatch();
        b.configs.add(new ConfigVersionRow(3, T0, "ops@example.com", null, "{\"doc\":\"" + "x".repeat(70_000) + "\"}"));
        b.leads.add(new LeadRow("L1", "solar", "web", "assigned", T0, T0.plusMillis(5), null, 3,
                "{\"first_name\":\"Zoë\",\"city\":\"Москва\"}", null, "idem-1", null, null));
        b.leads.add(new LeadRow("L2", "solar", "web", "deferred", T0, T0, T0.plusSeconds(3600), 3, "{}", "L1", null, "q", 42L));
        b.leadChanges.add(new LeadStatusChange("L0", "unassigned", null, "fallback", T0));
        b.assignments.add(new AssignmentRow("A1", "L1", "acme", "r1", 1250, true, "active", T0, null));
        b.releases.add(new AssignmentRelease("A0", T0));
        b.dedupeKeys.add(new DedupeKeyRow("solar", "h1", "L1", T0));
        b.capDeltas.add(new CapDelta("acme", CapPeriod.DAY, T0.minusSeconds(60), 1, 1250));
        b.capDeltas.add(new CapDelta("acme", CapPeriod.TOTAL, Instant.EPOCH, -1, -1250));
        b.rotation.add(new RotationRow("solar", "r1", "acme", 7));
        b.deliveries.add(new DeliveryRow("D1", "L1", "A1", "acme", 0, "http", "pending", 0, T0, T0, T0, null, null, "k1", "person=9"));
        b.speedToLead.add(new SpeedToLead("L1", 812));
        b.events.add(AuditEvent.of("L1", "received", T0, 3, "{\"trace\":[]}"));
        b.events.add(AuditEvent.of(null, "config_changed", T0, null, null));
        return b;
    }

    private static List<List<?>> contents(WriteBatch b) {
        return List.of(b.configs, b.leads, b.leadChanges, b.assignments, b.releases, b.dedupeKeys, b.capDeltas,
                b.rotation, b.deliveries, b.speedToLead, b.events);
    }

    @Test
    void aBatchComesBackFromItsRecordExactlyAsItWasWritten() throws IOException {
        WriteBatch b = everyKindOfRow();
        BatchCodec.Out out = new BatchCodec.Out();
        BatchCodec.encode(b, out);
        byte[] bytes = java.util.Arrays.copyOf(out.bytes(), out.size());
        assertThat(contents(BatchCodec.decode(bytes))).isEqualTo(contents(b));
        // a record of another layout is refused, not misread
        bytes[3] = 99;
        assertThatThrownBy(() -> BatchCodec.decode(bytes)).isInstanceOf(IOException.class).hasMessageContaining("version");
    }

    @Test
    void aRecordWrittenBeforeDeliveriesKeptProgressIsStillRead() throws IOException {
        WriteBatch b = new WriteBatch();
        b.deliveries.add(new DeliveryRow("D1", "L1", "A1", "acme", 0, "http", "pending", 0, T0, T0, T0, null, null, "k1", null));
        BatchCodec.Out out = new BatchCodec.Out();
        BatchCodec.encode(b, out);
        // version 1 had no progress: drop its null (a 4-byte -1 before the two empty lists that end the record)
        byte[] v2 = java.util.Arrays.copyOf(out.bytes(), out.size());
        byte[] v1 = new byte[v2.length - 4];
        System.arraycopy(v2, 0, v1, 0, v2.length - 12);
        System.arraycopy(v2, v2.length - 8, v1, v2.length - 12, 8);
        v1[3] = 1;
        assertThat(contents(BatchCodec.decode(v1))).isEqualTo(contents(b));
    }

    private static void append(Journal j, long seq, String text) throws IOException {
        byte[] payload = text.getBytes();
        j.append(seq, payload, payload.length, true);
    }

    private static List<String> texts(List<Journal.Entry> entries) {
        return entries.stream().map(e -> e.seq() + ":" + new String(e.payload())).toList();
    }

    private static List<Path> segments(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void aRecordCutShortByACrashIsDroppedAndTheOnesBeforeItAreRead(@TempDir Path dir) throws IOException {
        try (Journal j = Journal.open(dir)) {
            append(j, 1, "one");
            append(j, 2, "two");
            append(j, 3, "three");
        }
        Path segment = segments(dir).getFirst();
        byte[] whole = Files.readAllBytes(segment);
        // the last record half written, then the same with its bytes there but one of them wrong
        Files.write(segment, java.util.Arrays.copyOf(whole, whole.length - 3));
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("1:one", "2:two");
        }
        whole[whole.length - 1] ^= 1;
        Files.write(segment, whole);
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("1:one", "2:two");
        }
    }

    @Test
    void aNumberWrittenAgainAfterAFailedAppendReplacesTheRecordLeftBehind(@TempDir Path dir) throws IOException {
        try (Journal j = Journal.open(dir)) {
            append(j, 1, "one");
            append(j, 2, "two (undone)");
            // as if the sync of record 2 had failed: its batch was undone, and 2 is written again
            j.abandonSegment();
            append(j, 2, "two");
            append(j, 3, "three");
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("1:one", "2:two", "3:three");
        }
        // and if the abandoned record could not even be cut off, the later one still wins
        try (Journal j = Journal.open(dir)) {
            j.read();
            j.dropThrough(Long.MAX_VALUE);
            append(j, 4, "four (undone)");
            j.abandonSegment();
        }
        Path first = segments(dir).getFirst();
        try (Journal j = Journal.open(dir)) {
            append(j, 4, "four");
        }
        Files.write(first, Files.readAllBytes(first), StandardOpenOption.APPEND); // harmless duplicate bytes
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).endsWith("4:four");
        }
    }

    @Test
    void aWithdrawnRecordIsNeverReadAndTheNextRecordTakesItsNumberAndPlace(@TempDir Path dir) throws IOException {
        try (Journal j = Journal.open(dir)) {
            append(j, 1, "one");
            append(j, 2, "two, whose batch then failed to apply".repeat(20));
            j.withdrawLast(2, true);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("1:one");
        }
        try (Journal j = Journal.open(dir)) {
            j.read();
            j.dropThrough(Long.MAX_VALUE);
            append(j, 2, "first of its segment, withdrawn");
            j.withdrawLast(2, true);
            append(j, 2, "two"); // shorter: the withdrawn record's zeros follow it
            append(j, 3, "three");
            append(j, 4, "four, withdrawn");
            j.withdrawLast(4, true);
            assertThatThrownBy(() -> j.withdrawLast(3, true)).isInstanceOf(IOException.class);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("2:two", "3:three");
        }
    }

    @Test
    void segmentsAreDeletedOnceEveryRecordInThemIsDurableElsewhere(@TempDir Path dir) throws IOException {
        try (Journal j = Journal.open(dir)) {
            append(j, 1, "one");
            append(j, 2, "two");
            j.dropThrough(1);
            assertThat(segments(dir)).hasSize(1); // record 2 is still needed
            j.dropThrough(2);
            assertThat(segments(dir)).isEmpty();
            append(j, 3, "three");
            assertThat(texts(j.entriesAfter(2))).containsExactly("3:three");
        }
    }

    @Test
    void aSegmentMadeFromASpareOfZerosReadsBackOnlyItsRecords(@TempDir Path dir) throws IOException {
        try (Journal j = Journal.open(dir)) {
            assertThat(j.wantsSpare()).isFalse(); // nothing written yet: no 16 MB file for an idle store
            j.prepareSpare();
            assertThat(j.spares()).isEqualTo(1);
            append(j, 7, "seven");
            append(j, 8, "eight");
            assertThat(j.spares()).isZero();
            j.prepareSpare();
        }
        try (Stream<Path> s = Files.list(dir.resolve(Journal.DIRECTORY))) {
            assertThat(s.filter(p -> p.toString().endsWith(".spare")).toList()).isEmpty(); // deleted on close
        }
        Path segment = segments(dir).getFirst();
        assertThat(segment.getFileName().toString()).isEqualTo("journal-00000000000000000007.log");
        assertThat(Files.size(segment)).isEqualTo(Journal.SEGMENT_BYTES); // written over, not grown
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("7:seven", "8:eight");
        }
        // A record numbered out of turn (a stale one) ends the segment just like zeros do.
        try (Journal j = Journal.open(dir)) {
            append(j, 20, "twenty");
        }
        Path later = segments(dir).getLast();
        byte[] bytes = Files.readAllBytes(later);
        try (Journal j = Journal.open(dir)) {
            j.read();
            j.dropThrough(Long.MAX_VALUE);
            append(j, 30, "thirty");
        }
        Path third = segments(dir).getLast();
        Files.write(third, bytes, StandardOpenOption.APPEND); // record 20 after record 30
        try (Journal j = Journal.open(dir)) {
            assertThat(texts(j.read())).containsExactly("30:thirty");
        }
    }

    @Test
    void aSegmentMadeFromASpareIsRecycledIntoTheNextAndReadsBackOnlyItsNewRecords(@TempDir Path dir) throws IOException {
        long size = 4096;
        Path journalDir = dir.resolve(Journal.DIRECTORY);
        try (Journal j = Journal.open(dir, size)) {
            j.prepareSpare();
            for (int seq = 1; seq <= 200; seq++) append(j, seq, "old record " + seq); // more than the spare holds
            assertThat(segments(dir)).hasSize(2); // the spare written over, then a file that grew
            j.dropThrough(150);
            // the first segment (from a spare) became the spare; the grown one is still being written
            assertThat(j.spares()).isEqualTo(1);
            assertThat(segments(dir)).hasSize(1);
            for (int seq = 201; seq <= 400; seq++) append(j, seq, "r" + seq);
            Path reused = segments(dir).getLast(); // started after record 200 (names sort by first record)
            assertThat(contains(reused, "old record")).isTrue(); // written over: old records are still after the new ones
            assertThat(texts(j.entriesAfter(200))).hasSize(200).first().isEqualTo("201:r201");
            j.dropThrough(Long.MAX_VALUE);
            // the recycled segment is recycled again; a grown one is deleted (its pages are large; see Journal)
            assertThat(segments(dir)).isEmpty();
            assertThat(names(journalDir)).singleElement().matches(n -> n.endsWith(".recycled"));
            append(j, 401, "r401");
            assertThat(texts(j.entriesAfter(0))).containsExactly("401:r401");
        }
        // After a crash the recycled segment reads back only its new record; spares are deleted on close.
        assertThat(names(journalDir)).singleElement().matches(n -> n.endsWith(".log"));
        try (Journal j = Journal.open(dir, size)) {
            assertThat(texts(j.read())).containsExactly("401:r401");
        }
        // Recycled spares left by a run are not reused by the next (numbers may start over with a new database).
        Files.write(journalDir.resolve("1-0.recycled"), new byte[(int) size]);
        try (Journal j = Journal.open(dir, size)) {
            assertThat(j.spares()).isZero();
            assertThat(names(journalDir)).noneMatch(n -> n.endsWith(".recycled"));
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The lowest n of the lead ids "Lnnn" in a segment's bytes (stale records included). */
    private static int lowestLeadNumber(Path segment) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("L(\\d{3})")
                    .matcher(new String(Files.readAllBytes(segment), java.nio.charset.StandardCharsets.ISO_8859_1));
            int lowest = Integer.MAX_VALUE;
            while (m.find()) lowest = Math.min(lowest, Integer.parseInt(m.group(1)));
            return lowest;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aSpareCutShortByACrashIsDeletedOnOpen(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve(Journal.DIRECTORY));
        Files.write(dir.resolve(Journal.DIRECTORY).resolve("1-0.spare"), new byte[4096]);
        try (Journal j = Journal.open(dir)) {
            assertThat(j.spares()).isZero();
        }
        try (Stream<Path> s = Files.list(dir.resolve(Journal.DIRECTORY))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- replay by the store

    private static WriteBatch lead(String id) {
        return Batches.lead(id, T0);
    }

    /** What a crash leaves: the database file, its WAL and the journal, copied while the store is open. */
    private static Path crashCopy(Path live, Path into) throws IOException {
        Files.createDirectories(into.resolve(Journal.DIRECTORY));
        for (String name : List.of(SqliteStore.FILE_NAME, SqliteStore.FILE_NAME + "-wal")) {
            if (Files.exists(live.resolve(name))) Files.copy(live.resolve(name), into.resolve(name));
        }
        for (Path p : segments(live)) Files.copy(p, into.resolve(Journal.DIRECTORY).resolve(p.getFileName()));
        return into;
    }

    @Test
    void batchesAcknowledgedButNotYetCommittedBySqliteAreReplayedOnOpen(@TempDir Path tmp) throws IOException {
        Path live = tmp.resolve("live");
        Path crashed;
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(live, StoreSettings.Durability.FULL), false, 1_000)) {
            store.commit(lead("L1"));
            store.flushNow(); // L1 is in SQLite (applied_seq 1)
            store.commit(lead("L2"));
            // a batch that fails undoes itself only, and never reaches the journal
            WriteBatch bad = lead("L3");
            bad.leadChanges.add(new LeadStatusChange("no-such-lead", "assigned", null, null, T0));
            assertThatThrownBy(() -> store.commit(bad)).isInstanceOf(StoreException.class);
            store.commit(lead("L4"));
            assertThat(store.lead("L2")).isPresent(); // seen through the writer's open transaction
            assertThat(store.lead("L3")).isEmpty();
            crashed = crashCopy(live, tmp.resolve("crashed"));
        }
        // The copy's SQLite has L1 only; the journal brings back L2 and L4 (not L1 again: its
        // lead id would collide), and nothing of L3.
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(crashed, StoreSettings.Durability.FULL))) {
            assertThat(store.leads(new LeadQuery("c", null, null, null, null, null, 10))).extracting(LeadRow::id)
                    .containsExactly("L4", "L2", "L1");
            assertThat(store.findDuplicates("c", List.of("hash-L2", "hash-L3", "hash-L4"), T0.minusSeconds(1)))
                    .extracting(DedupeHit::leadId).containsExactlyInAnyOrder("L2", "L4");
            assertThat(store.counters(T0.minusSeconds(1))).extracting(CounterRow::leads).containsExactly(3L);
            assertThat(store.eventsAfter(0, null, 10)).extracting(AuditEvent::leadId).containsExactly("L1", "L2", "L4");
            assertThat(segments(crashed)).isEmpty(); // replayed, synced into the file, and deleted
            store.commit(lead("L5"));
        }
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(crashed, StoreSettings.Durability.FULL))) {
            assertThat(store.lead("L5")).isPresent();
        }
    }

    @Test
    void replayCrossesManySegmentsAndSparesAndSkipsWhatSqliteAlreadyHolds(@TempDir Path tmp) throws IOException {
        Path live = tmp.resolve("live");
        Path crashed;
        // 4 KB segments: a dozen records each, so 300 batches make dozens of segments
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(live, StoreSettings.Durability.FULL), false, 1_000, 4_096)) {
            for (int i = 0; i < 300; i++) {
                store.commit(lead("L%03d".formatted(i)));
                if (i % 40 == 39) store.flushNow();
                if (i == 69 || i == 139) store.makeDurable(); // deletes the segments SQLite now holds
                if (i == 150) store.journalForTests().prepareSpare(); // a segment of zeros comes next
            }
            // records 140-299 are left, in many segments; SQLite holds up to 279 of them (not synced)
            assertThat(segments(live).size()).isGreaterThan(5);
            crashed = crashCopy(live, tmp.resolve("crashed"));
        }
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(crashed, StoreSettings.Durability.FULL))) {
            List<LeadRow> all = store.leads(new LeadQuery("c", null, null, null, null, null, 1_000));
            assertThat(all).hasSize(300);
            assertThat(all.getLast().id()).isEqualTo("L000");
            assertThat(store.counters(T0.minusSeconds(1))).extracting(CounterRow::leads).containsExactly(300L);
            assertThat(store.eventsAfter(0, null, 1_000)).hasSize(300);
            assertThat(segments(crashed)).isEmpty();
        }
    }

    @Test
    void replayReadsOnlyTheNewRecordsOfRecycledSegments(@TempDir Path tmp) throws IOException {
        Path live = tmp.resolve("live");
        Path crashed;
        int recycledSeen = 0;
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(live, StoreSettings.Durability.FULL), false, 1_000, 4_096)) {
            store.journalForTests().prepareSpare();
            for (int i = 0; i < 300; i++) {
                store.commit(lead("L%03d".formatted(i)));
                // now and then SQLite holds everything so far durably: segments retire, one becomes the spare
                if (i % 30 == 29) {
                    store.flushNow();
                    store.makeDurable();
                    try (Stream<Path> s = Files.list(live.resolve(Journal.DIRECTORY))) {
                        if (s.anyMatch(p -> p.toString().endsWith(".recycled"))) recycledSeen++;
                    }
                }
            }
            for (int i = 300; i < 303; i++) store.commit(lead("L%03d".formatted(i)));
            // 300-302 are only in the journal, written over a recycled segment whose older records
            // are still in the file after them
            assertThat(segments(live)).singleElement().satisfies(p -> assertThat(lowestLeadNumber(p)).isLessThan(300));
            crashed = crashCopy(live, tmp.resolve("crashed"));
        }
        assertThat(recycledSeen).isGreaterThan(3);
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(crashed, StoreSettings.Durability.FULL))) {
            List<LeadRow> all = store.leads(new LeadQuery("c", null, null, null, null, null, 1_000));
            assertThat(all).hasSize(303);
            assertThat(all.getFirst().id()).isEqualTo("L302");
            assertThat(store.counters(T0.minusSeconds(1))).extracting(CounterRow::leads).containsExactly(303L);
            assertThat(store.eventsAfter(0, null, 1_000)).hasSize(303);
        }
    }

    @Test
    void aStoreWhoseJournalMissesRecordsItLacksRefusesToOpen(@TempDir Path tmp) throws IOException {
        Path live = tmp.resolve("live");
        Path crashed;
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(live, StoreSettings.Durability.FULL), false, 1_000, 4_096)) {
            for (int i = 0; i < 60; i++) store.commit(lead("L%03d".formatted(i)));
            crashed = crashCopy(live, tmp.resolve("crashed"));
        }
        Files.delete(segments(crashed).get(1)); // records SQLite never got, in the middle
        assertThatThrownBy(() -> SqliteStore.open(new StoreSettings.Embedded(crashed, StoreSettings.Durability.FULL)))
                .isInstanceOf(StoreException.class).hasMessageContaining("is missing");
        assertThat(segments(crashed)).isNotEmpty(); // what is left is kept for whoever repairs it
    }

    @Test
    void aCleanCloseLeavesNoJournalAndEveryBatchInTheFile(@TempDir Path tmp) throws IOException {
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp, StoreSettings.Durability.FULL))) {
            for (int i = 0; i < 50; i++) store.commit(lead("L" + i));
        }
        assertThat(segments(tmp)).isEmpty();
        assertThat(Files.exists(tmp.resolve(SqliteStore.FILE_NAME + "-wal"))).isFalse();
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp, StoreSettings.Durability.FULL))) {
            assertThat(store.leads(new LeadQuery("c", null, null, null, null, null, 100))).hasSize(50);
        }
    }

    @Test
    void theDurablePointSyncsTheWalAndDeletesTheJournalBehindIt(@TempDir Path tmp) throws IOException {
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(tmp, StoreSettings.Durability.FULL), false, 1_000)) {
            store.commit(lead("L1"));
            store.commit(lead("L2"));
            store.makeDurable();
            assertThat(segments(tmp)).hasSize(1); // not committed by SQLite yet: the journal is all there is
            store.flushNow();
            store.makeDurable();
            assertThat(segments(tmp)).isEmpty();
            store.commit(lead("L3"));
            assertThat(segments(tmp)).hasSize(1);
        }
    }

    /** The store syncs a record outside its lock, so its segment may be finished or dropped meanwhile. */
    @Test
    void aSyncAfterItsSegmentWasClosedSucceedsOnlyIfTheRecordIsDurableOtherwise(@TempDir Path dir) throws IOException {
        try (Journal j = Journal.open(dir, 32)) {
            byte[] p = "a record longer than a segment".getBytes();
            java.nio.channels.FileChannel first = j.write(1, p, p.length);
            // Full: the next record starts a new segment, which first syncs and closes this one.
            java.nio.channels.FileChannel second = j.write(2, p, p.length);
            assertThat(second).isNotSameAs(first);
            j.sync(first, 1);
            assertThat(texts(Journal.open(dir).read())).hasSize(2);

            // Closed by dropThrough: SQLite holds record 2 durably, so its sync has nothing to do.
            j.dropThrough(2);
            j.sync(second, 2);

            java.nio.channels.FileChannel third = j.write(3, p, p.length);
            third.close(); // closed with record 3 neither synced nor durable anywhere else
            assertThatThrownBy(() -> j.sync(third, 3)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }
}
