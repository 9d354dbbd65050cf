import leadrouter.routing.CapPeriod;
import leadrouter.store.Ids;
import leadrouter.store.Rows.*;
import leadrouter.store.SqliteStore;
import leadrouter.store.Store;
import leadrouter.store.StoreSettings;
import leadrouter.store.WriteBatch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the committer thread spends on one routed lead: {@link Store#stage} of batches holding the
 * rows a bench lead writes (lead, assignment, two dedupe keys, two cap counters, a rotation turn,
 * lead.received and lead.routed with their real sizes), on a fresh embedded store with NORMAL
 * durability (no journal sync: that is the syncer thread's work). The store's own flush and
 * checkpoint threads run beside it, as in the server. Wall time per lead, per round.
 *
 *   java -cp target/leadrouter.jar:target/lib/* bench/store/StageCost.java [rounds] [batch]
 */
public class StageCost {
    static final String FIELDS = "{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"phone\":\"+14155550123\","
            + "\"email\":\"jane.doe.%06d@example.com\",\"state\":\"CA\",\"zip\":\"94107\",\"monthly_bill\":260}";
    static final String RECEIVED = "{\"source\":\"bench\",\"campaign\":\"solar\",\"channel\":\"api\","
            + "\"received_at\":\"2026-12-06T05:58:37.719266875Z\",\"fields\":" + FIELDS + "}";
    static final String ROUTED = "{\"assignments\":[{\"buyer\":\"b1\",\"price\":40,\"rule\":\"CA high bill\",\"exclusive\":true}],"
            + "\"trace\":{\"config_version\":1,\"decided_at\":\"2026-12-06T05:58:37.809550761Z\",\"campaign\":\"solar\","
            + "\"outcome\":\"assigned\",\"rules\":[{\"rule\":\"CA high bill\",\"matched\":true,\"method\":\"highest_bid\","
            + "\"candidates\":[{\"buyer\":\"b1\",\"result\":\"selected\",\"price\":40,\"bid\":40},"
            + "{\"buyer\":\"b2\",\"result\":\"skipped\",\"reason\":\"lower_bid\",\"bid_cents\":3500,\"winning_bid_cents\":4000,\"bid\":35},"
            + "{\"buyer\":\"b3\",\"result\":\"skipped\",\"reason\":\"lower_bid\",\"bid_cents\":3200,\"winning_bid_cents\":4000,\"bid\":32}]},"
            + "{\"rule\":\"Texas waterfall\",\"matched\":false,\"failed\":[{\"field\":\"state\",\"op\":\"eq\",\"value\":\"TX\",\"actual\":\"CA\"}]}]}}";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int perRound = 40_000;
        without = args.length > 2 ? java.util.Set.of(args[2].split(",")) : java.util.Set.of();
        Path dir = Files.createTempDirectory("stage-cost");
        long n = 0;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (SqliteStore store = SqliteStore.open(new StoreSettings.Embedded(dir, StoreSettings.Durability.NORMAL))) {
            if (without.contains("type-index")) dropIndex(dir, "audit_events_type");
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                long p0 = os.getProcessCpuTime();
                for (int done = 0; done < perRound; done += batchSize) {
                    WriteBatch b = new WriteBatch();
                    for (int i = 0; i < batchSize; i++) add(b, n++);
                    store.stage(b).sync();
                }
                double us = (System.nanoTime() - t0) / 1000.0 / perRound;
                double cpuUs = (cpu.getCurrentThreadCpuTime() - c0) / 1000.0 / perRound;
                double processUs = (os.getProcessCpuTime() - p0) / 1000.0 / perRound;
                System.out.printf(Locale.ROOT, "round %d: %.2f µs per lead, %.2f µs CPU, %.2f µs process CPU%n",
                        r, us, cpuUs, processUs);
            }
        }
        try {
            long bytes = Files.size(dir.resolve(SqliteStore.FILE_NAME));
            System.out.printf(Locale.ROOT, "database file: %d bytes per lead%n", bytes / n);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static java.util.Set<String> without;
    /** lead.received without the lead's fields (which the lead's row holds too). */
    static final String RECEIVED_WITHOUT_FIELDS = RECEIVED.substring(0, RECEIVED.indexOf(",\"fields\"")) + "}";

    /** Drops an index through a second connection before any batch (the store's writer has no transaction open yet). */
    static void dropIndex(Path dir, String index) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             var st = c.createStatement()) {
            st.execute("DROP INDEX " + index);
        }
    }

    static void add(WriteBatch b, long n) {
        Instant now = Instant.now();
        String id = Ids.next();
        String buyer = "b" + (1 + n % 10);
        if (!without.contains("lead")) b.leads.add(new LeadRow(id, "solar", "bench", "assigned", now, now, null, 1, FIELDS.formatted(n), null, null, null, null));
        if (!without.contains("assignment")) b.assignments.add(new AssignmentRow(Ids.next(), id, buyer, "CA high bill", 4000, true, "active", now, null));
        if (!without.contains("dedupe")) b.dedupeKeys.add(new DedupeKeyRow("solar", String.format("%064x", n * 2), id, now));
        if (!without.contains("dedupe")) b.dedupeKeys.add(new DedupeKeyRow("solar", String.format("%064x", n * 2 + 1), id, now));
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        if (!without.contains("counters")) b.capDeltas.add(new CapDelta(buyer, CapPeriod.DAY, day, 1, 4000));
        if (!without.contains("counters")) b.capDeltas.add(new CapDelta(buyer, CapPeriod.MONTH, day.minus(5, ChronoUnit.DAYS), 1, 4000));
        if (!without.contains("rotation")) b.rotation.add(new RotationRow("solar", "Everyone else", buyer, n));
        if (!without.contains("events") && !without.contains("received")) b.events.add(AuditEvent.of(id, "lead.received", now, 1,
                without.contains("received-fields") ? RECEIVED_WITHOUT_FIELDS : RECEIVED.formatted(n)));
        if (!without.contains("events") && !without.contains("routed")) b.events.add(AuditEvent.of(id, "lead.routed", now, 1, ROUTED));
    }
}
