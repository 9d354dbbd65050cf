package leadrouter.store;

import leadrouter.routing.CapPeriod;
import leadrouter.store.Rows.*;
import leadrouter.store.WriteBatch.SpeedToLead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one contract both stores must keep; every test runs against SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(StoreContractTest.Kind.class)
class StoreContractTest {

    enum Kind { SQLITE, POSTGRES }

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    private final Kind kind;
    private Fixture fixture;
    private Store store;

    StoreContractTest(Kind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = switch (kind) {
            case SQLITE -> new SqliteFixture();
            case POSTGRES -> new PostgresFixture();
        };
        store = fixture.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store != null) store.close();
        fixture.destroy();
    }

    // ------------------------------------------------------------------ fixtures

    private interface Fixture {
        Store open();

        /** A plain JDBC connection to the same database, past the store. */
        Connection raw() throws SQLException;

        void destroy() throws Exception;
    }

    private static final class SqliteFixture implements Fixture {
        private final Path dir;

        SqliteFixture() throws Exception {
            dir = Files.createTempDirectory("lr-store-test");
        }

        @Override
        public Store open() {
            return StoreFactory.open(new StoreSettings.Embedded(dir, StoreSettings.Durability.FULL));
        }

        @Override
        public Connection raw() throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
        }

        @Override
        public void destroy() throws Exception {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static final class PostgresFixture implements Fixture {
        private final String adminUrl = System.getProperty("leadrouter.test.pg",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        private final String database = "lr_test_" + UUID.randomUUID().toString().replace("-", "");
        private final String url;

        PostgresFixture() throws SQLException {
            int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = adminUrl.indexOf('?');
            url = adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
            try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
        }

        @Override
        public Store open() {
            return StoreFactory.open(new StoreSettings.Postgres(url, null, null, 4));
        }

        @Override
        public Connection raw() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public void destroy() throws SQLException {
            try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    // ------------------------------------------------------------------ row builders

    private static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static LeadRow lead(String id, String campaign, String status, Instant receivedAt) {
        return new LeadRow(id, campaign, "web", status, receivedAt, receivedAt, null, 1,
                "{\"email\":\"" + id.toLowerCase() + "@example.com\"}", null, null, null, null);
    }

    private static AssignmentRow assignment(String id, String leadId, String buyer, Instant at) {
        return new AssignmentRow(id, leadId, buyer, "main", 2_500, true, "active", at, null);
    }

    private static DeliveryRow delivery(String id, String leadId, String status, Instant next) {
        return new DeliveryRow(id, leadId, "A-" + leadId, "acme", 0, "http", status, 0, next, T0, T0, null, null,
                "idem-" + id, null);
    }

    private static WriteBatch batch() {
        return new WriteBatch();
    }

    private void commit(WriteBatch b) {
        store.commit(b);
    }

    private WriteBatch leads(LeadRow... rows) {
        WriteBatch b = batch();
        b.leads.addAll(List.of(rows));
        return b;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void everyRowTypeIsWrittenAndReadBack() {
        LeadRow lead = new LeadRow("L1", "solar", "web", "deferred", at(0), at(1), at(30), 3,
                "{\"zip\":\"94107\"}", "L0", "key-1", "overflow", null);
        AssignmentRow assignment = new AssignmentRow("A1", "L1", "acme", "rule-1", 1_999, false, "active", at(1), null);
        DedupeKeyRow key = new DedupeKeyRow("solar", "hash-email", "L1", at(0));
        DeliveryRow delivery = new DeliveryRow("D1", "L1", "A1", "acme", 2, "hubspot", "pending", 0, at(2), at(1),
                at(1), null, null, "idem-1", "person=5");
        ConfigVersionRow config = new ConfigVersionRow(3, at(-10), "ops@example.com", "raise caps", "{\"campaigns\":[]}");

        WriteBatch b = batch();
        b.configs.add(config);
        b.leads.add(lead);
        b.assignments.add(assignment);
        b.dedupeKeys.add(key);
        b.capDeltas.add(new CapDelta("acme", CapPeriod.DAY, at(-720), 1, 1_999));
        b.rotation.add(new RotationRow("solar", "rule-1", "acme", 7));
        b.deliveries.add(delivery);
        b.events.add(AuditEvent.of("L1", "received", at(0), 3, "{\"a\":1}"));
        b.events.add(AuditEvent.of(null, "config.changed", at(0), null, null));
        commit(b);

        assertThat(store.lead("L1")).contains(lead);
        assertThat(store.lead("nope")).isEmpty();
        assertThat(store.assignments("L1")).containsExactly(assignment);
        assertThat(store.findDuplicates("solar", List.of("hash-email"), at(-1)))
                .containsExactly(new DedupeHit("L1", "hash-email", at(0)));
        assertThat(store.counters(at(-1000)))
                .containsExactly(new CounterRow("acme", CapPeriod.DAY, at(-720), 1, 1_999));
        assertThat(store.rotation()).containsExactly(new RotationRow("solar", "rule-1", "acme", 7));
        assertThat(store.delivery("D1")).contains(delivery);
        assertThat(store.deliveries("L1")).containsExactly(delivery);
        assertThat(store.config(3)).contains(config);
        assertThat(store.latestConfig()).contains(config);

        List<AuditEvent> events = store.events("L1");
        assertThat(events).hasSize(1);
        AuditEvent e = events.getFirst();
        assertThat(e.id()).isPositive();
        assertThat(e).isEqualTo(new AuditEvent(e.id(), "L1", "received", at(0), 3, "{\"a\":1}"));
        assertThat(store.eventsAfter(0, null, 10)).extracting(AuditEvent::type).containsExactly("received", "config.changed");
        assertThat(store.eventsAfter(0, "config.changed", 10).getFirst().configVersion()).isNull();

        // the second half of a lead's life: status change, release, speed to lead
        WriteBatch later = batch();
        later.leadChanges.add(new LeadStatusChange("L1", "assigned", null, null, at(31)));
        later.releases.add(new AssignmentRelease("A1", at(40)));
        later.speedToLead.add(new SpeedToLead("L1", 4_200));
        commit(later);
        assertThat(store.lead("L1")).contains(new LeadRow("L1", "solar", "web", "assigned", at(0), at(31), null, 3,
                "{\"zip\":\"94107\"}", "L0", "key-1", null, 4_200L));
        assertThat(store.assignments("L1")).containsExactly(
                new AssignmentRow("A1", "L1", "acme", "rule-1", 1_999, false, "released", at(1), at(40)));
    }

    @Test
    void speedToLeadIsSetOnceAndASecondReleaseKeepsTheFirstTime() {
        WriteBatch b = leads(lead("L1", "c", "assigned", at(0)));
        b.assignments.add(assignment("A1", "L1", "acme", at(0)));
        b.speedToLead.add(new SpeedToLead("L1", 100));
        b.speedToLead.add(new SpeedToLead("L1", 200));
        commit(b);
        WriteBatch later = batch();
        later.speedToLead.add(new SpeedToLead("L1", 300));
        later.releases.add(new AssignmentRelease("A1", at(5)));
        commit(later);
        WriteBatch again = batch();
        again.releases.add(new AssignmentRelease("A1", at(9)));
        commit(again);

        assertThat(store.lead("L1").orElseThrow().speedToLeadMs()).isEqualTo(100L);
        assertThat(store.assignments("L1").getFirst().releasedAt()).isEqualTo(at(5));
    }

    @Test
    void aFailingRowLeavesNothingOfTheBatch() {
        commit(leads(lead("L1", "c", "assigned", at(0))));

        WriteBatch bad = batch();
        bad.configs.add(new ConfigVersionRow(1, at(0), "a", "c", "{}"));
        bad.leads.add(lead("L2", "c", "assigned", at(1)));
        bad.leads.add(lead("L1", "c", "assigned", at(1))); // duplicate id
        bad.assignments.add(assignment("A2", "L2", "acme", at(1)));
        bad.capDeltas.add(new CapDelta("acme", CapPeriod.TOTAL, Instant.EPOCH, 1, 100));
        bad.rotation.add(new RotationRow("c", "main", "acme", 1));
        bad.deliveries.add(delivery("D2", "L2", "pending", at(1)));
        bad.events.add(AuditEvent.of("L2", "received", at(1), 1, "{}"));
        bad.dedupeKeys.add(new DedupeKeyRow("c", "phone:2", "L2", at(1)));
        assertThatThrownBy(() -> commit(bad)).isInstanceOf(StoreException.class);

        assertNothingOfTheBadBatch();

        // a failure in the last statement of the batch rolls back everything before it too
        WriteBatch lateFailure = batch();
        lateFailure.configs.addAll(bad.configs);
        lateFailure.leads.add(bad.leads.getFirst());
        lateFailure.assignments.addAll(bad.assignments);
        lateFailure.capDeltas.addAll(bad.capDeltas);
        lateFailure.rotation.addAll(bad.rotation);
        lateFailure.deliveries.addAll(bad.deliveries);
        lateFailure.events.add(AuditEvent.of("L2", null, at(1), 1, "{}")); // type is required
        assertThatThrownBy(() -> commit(lateFailure)).isInstanceOf(StoreException.class);
        assertNothingOfTheBadBatch();

        // and the store keeps working
        commit(leads(lead("L3", "c", "assigned", at(2))));
        assertThat(store.lead("L3")).isPresent();
    }

    private void assertNothingOfTheBadBatch() {
        assertThat(store.lead("L2")).isEmpty();
        assertThat(store.latestConfig()).isEmpty();
        assertThat(store.assignments("L2")).isEmpty();
        assertThat(store.counters(Instant.EPOCH)).isEmpty();
        assertThat(store.rotation()).isEmpty();
        assertThat(store.delivery("D2")).isEmpty();
        assertThat(store.eventsAfter(0, null, 10)).isEmpty();
        assertThat(store.findDuplicates("c", List.of("phone:2"), Instant.EPOCH)).isEmpty();
    }

    @Test
    void changesOfUnknownRowsFailTheBatch() {
        WriteBatch change = leads(lead("L1", "c", "assigned", at(0)));
        change.leadChanges.add(new LeadStatusChange("missing", "assigned", null, null, at(1)));
        assertThatThrownBy(() -> commit(change)).isInstanceOf(StoreException.class).hasMessageContaining("missing");
        assertThat(store.lead("L1")).isEmpty();

        WriteBatch release = batch();
        release.releases.add(new AssignmentRelease("missing", at(1)));
        assertThatThrownBy(() -> commit(release)).isInstanceOf(StoreException.class).hasMessageContaining("missing");
    }

    @Test
    void capDeltasAddUpAcrossAndWithinBatches() {
        Instant hour = at(0);
        Instant day = at(-720);
        WriteBatch b = batch();
        b.capDeltas.add(new CapDelta("acme", CapPeriod.HOUR, hour, 1, 1_000));
        b.capDeltas.add(new CapDelta("acme", CapPeriod.HOUR, hour, 1, 1_500)); // same key: folded into one write
        b.capDeltas.add(new CapDelta("acme", CapPeriod.DAY, day, 2, 2_500));
        b.capDeltas.add(new CapDelta("acme", CapPeriod.TOTAL, Instant.EPOCH, 2, 2_500));
        b.capDeltas.add(new CapDelta("zeta", CapPeriod.HOUR, hour, 1, 0));
        b.capDeltas.add(new CapDelta("zeta", CapPeriod.HOUR, hour, -1, 0)); // sums to zero: no row
        commit(b);

        WriteBatch giveBack = batch();
        giveBack.capDeltas.add(new CapDelta("acme", CapPeriod.HOUR, hour, -1, -1_500));
        giveBack.capDeltas.add(new CapDelta("acme", CapPeriod.HOUR, at(-60), 5, 50)); // an older window
        commit(giveBack);

        assertThat(store.counters(at(-60))).containsExactly(
                new CounterRow("acme", CapPeriod.HOUR, at(-60), 5, 50),
                new CounterRow("acme", CapPeriod.HOUR, hour, 1, 1_000),
                new CounterRow("acme", CapPeriod.TOTAL, Instant.EPOCH, 2, 2_500));
        // windows that started before `since` are left out, except the total counters
        assertThat(store.counters(at(-59))).containsExactly(
                new CounterRow("acme", CapPeriod.HOUR, hour, 1, 1_000),
                new CounterRow("acme", CapPeriod.TOTAL, Instant.EPOCH, 2, 2_500));
        assertThat(store.counters(at(-720))).contains(new CounterRow("acme", CapPeriod.DAY, day, 2, 2_500));
    }

    @Test
    void rotationIsSetNotAdded() {
        WriteBatch b = batch();
        b.rotation.add(new RotationRow("c", "r", "acme", 5));
        b.rotation.add(new RotationRow("c", "r", "beta", 1));
        commit(b);
        WriteBatch next = batch();
        next.rotation.add(new RotationRow("c", "r", "acme", 9));
        next.rotation.add(new RotationRow("c", "r", "acme", -3)); // the last one in a batch wins
        commit(next);

        assertThat(store.rotation()).containsExactly(new RotationRow("c", "r", "acme", -3), new RotationRow("c", "r", "beta", 1));
    }

    @Test
    void aDeliveryIsInsertedThenUpdatedById() {
        DeliveryRow pending = delivery("D1", "L1", "pending", at(1));
        WriteBatch b = batch();
        b.deliveries.add(pending);
        commit(b);

        // identity columns of an update are ignored: only the state moves
        DeliveryRow result = new DeliveryRow("D1", "other-lead", "other-assignment", "other-buyer", 9, "email",
                "delivered", 2, null, at(50), at(3), "timeout on first try", "crm-77", "other-key", "person=77");
        WriteBatch update = batch();
        update.deliveries.add(result);
        commit(update);
        assertThat(store.delivery("D1")).contains(new DeliveryRow("D1", "L1", "A-L1", "acme", 0, "http", "delivered", 2,
                null, T0, at(3), "timeout on first try", "crm-77", "idem-D1", "person=77"));

        // inserted and updated in the same batch: as if written one after the other
        WriteBatch both = batch();
        both.deliveries.add(delivery("D2", "L1", "pending", at(1)));
        both.deliveries.add(new DeliveryRow("D2", "x", "x", "x", 5, "x", "failed", 5, null, at(9), at(4), "gave up", null, "x", "person=8"));
        commit(both);
        assertThat(store.delivery("D2")).contains(new DeliveryRow("D2", "L1", "A-L1", "acme", 0, "http", "failed", 5,
                null, T0, at(4), "gave up", null, "idem-D2", "person=8"));
        assertThat(store.deliveries("L1")).extracting(DeliveryRow::id).containsExactly("D1", "D2");
    }

    @Test
    void pendingDeliveriesComeSoonestFirstAndStatusListsPageNewestFirst() {
        WriteBatch b = batch();
        b.deliveries.add(delivery("D1", "L1", "pending", at(30)));
        b.deliveries.add(delivery("D2", "L1", "pending", at(10)));
        b.deliveries.add(delivery("D3", "L2", "delivered", null));
        b.deliveries.add(delivery("D4", "L2", "pending", at(20)));
        b.deliveries.add(delivery("D5", "L3", "failed", null));
        commit(b);

        assertThat(store.pendingDeliveries(10)).extracting(DeliveryRow::id).containsExactly("D2", "D4", "D1");
        assertThat(store.pendingDeliveries(2)).extracting(DeliveryRow::id).containsExactly("D2", "D4");
        assertThat(store.deliveriesByStatus("pending", null, 2)).extracting(DeliveryRow::id).containsExactly("D4", "D2");
        assertThat(store.deliveriesByStatus("pending", "D2", 2)).extracting(DeliveryRow::id).containsExactly("D1");
        assertThat(store.deliveriesByStatus(null, null, 10)).extracting(DeliveryRow::id)
                .containsExactly("D5", "D4", "D3", "D2", "D1");
        assertThat(store.deliveriesByStatus(null, "D4", 2)).extracting(DeliveryRow::id).containsExactly("D3", "D2");

        // a pending delivery must say when it is due
        WriteBatch undated = batch();
        undated.deliveries.add(delivery("D6", "L4", "pending", null));
        assertThatThrownBy(() -> commit(undated)).isInstanceOf(StoreException.class);
    }

    @Test
    void idempotencyKeysAreUniquePerSource() {
        LeadRow first = new LeadRow("L1", "c", "web", "assigned", at(0), at(0), null, 1, "{}", null, "k-1", null, null);
        LeadRow otherSource = new LeadRow("L2", "c", "partner", "assigned", at(0), at(0), null, 1, "{}", null, "k-1", null, null);
        LeadRow noKeyA = lead("L3", "c", "assigned", at(0));
        LeadRow noKeyB = lead("L4", "c", "assigned", at(0));
        commit(leads(first, otherSource, noKeyA, noKeyB));

        assertThat(store.leadByIdempotencyKey("web", "k-1")).contains(first);
        assertThat(store.leadByIdempotencyKey("partner", "k-1")).contains(otherSource);
        assertThat(store.leadByIdempotencyKey("web", "k-2")).isEmpty();

        LeadRow again = new LeadRow("L5", "c", "web", "assigned", at(1), at(1), null, 1, "{}", null, "k-1", null, null);
        assertThatThrownBy(() -> commit(leads(again))).isInstanceOf(StoreException.class);
        assertThat(store.lead("L5")).isEmpty();
    }

    @Test
    void duplicatesAreFoundInsideTheWindowOfTheSameCampaignOnly() {
        WriteBatch b = leads(lead("L1", "solar", "assigned", at(0)), lead("L2", "solar", "assigned", at(60)),
                lead("L3", "roofing", "assigned", at(60)));
        b.dedupeKeys.add(new DedupeKeyRow("solar", "email:a", "L1", at(0)));
        b.dedupeKeys.add(new DedupeKeyRow("solar", "phone:1", "L1", at(0)));
        b.dedupeKeys.add(new DedupeKeyRow("solar", "email:a", "L2", at(60)));
        b.dedupeKeys.add(new DedupeKeyRow("roofing", "email:b", "L3", at(60)));
        commit(b);

        assertThat(store.findDuplicates("solar", List.of("email:a", "phone:1"), at(0))).containsExactly(
                new DedupeHit("L2", "email:a", at(60)),
                new DedupeHit("L1", "email:a", at(0)),
                new DedupeHit("L1", "phone:1", at(0)));
        // the window starts after the first lead: only the second is a duplicate
        assertThat(store.findDuplicates("solar", List.of("email:a", "phone:1"), at(1)))
                .containsExactly(new DedupeHit("L2", "email:a", at(60)));
        assertThat(store.findDuplicates("solar", List.of("email:a"), at(61))).isEmpty();
        // same key in another campaign is no duplicate
        assertThat(store.findDuplicates("roofing", List.of("email:a"), Instant.EPOCH)).isEmpty();
        assertThat(store.findDuplicates("solar", List.of("email:b"), Instant.EPOCH)).isEmpty();
        assertThat(store.findDuplicates("solar", List.of(), Instant.EPOCH)).isEmpty();

        List<String> streamed = new java.util.ArrayList<>();
        store.dedupeKeys(at(1), (campaign, hash) -> streamed.add(campaign + "/" + hash));
        assertThat(streamed).containsExactlyInAnyOrder("solar/email:a", "roofing/email:b");
    }

    @Test
    void oldDedupeKeysArePrunedInChunks() {
        int old = JdbcStore.PRUNE_CHUNK * 2 + 17;
        WriteBatch b = batch();
        for (int i = 0; i < old; i++) b.dedupeKeys.add(new DedupeKeyRow("c", "k" + i, "L" + i, at(-i - 1)));
        b.dedupeKeys.add(new DedupeKeyRow("c", "fresh", "LF", at(0)));
        // one key at two times (a window made longer since): only the time inside is kept
        b.dedupeKeys.add(new DedupeKeyRow("c", "twice", "LT1", at(-5)));
        b.dedupeKeys.add(new DedupeKeyRow("c", "twice", "LT2", at(3)));
        commit(b);

        assertThat(store.pruneDedupeKeys(at(0))).isEqualTo(old + 1);
        assertThat(store.pruneDedupeKeys(at(0))).isZero();
        assertThat(store.findDuplicates("c", List.of("k0", "fresh", "twice"), Instant.EPOCH))
                .containsExactly(new DedupeHit("LT2", "twice", at(3)), new DedupeHit("LF", "fresh", at(0)));

        // a pruned key received again is found at its new time only
        WriteBatch again = batch();
        again.dedupeKeys.add(new DedupeKeyRow("c", "k0", "LN", at(10)));
        commit(again);
        assertThat(store.findDuplicates("c", List.of("k0"), Instant.EPOCH)).containsExactly(new DedupeHit("LN", "k0", at(10)));
    }

    @Test
    void leadsPageNewestFirstUnderEveryFilter() {
        List<LeadRow> all = new ArrayList<>();
        WriteBatch b = batch();
        String[] statuses = {"assigned", "unassigned", "deferred"};
        for (int i = 0; i < 40; i++) {
            String id = "L%03d".formatted(i);
            // received times do not follow the ids exactly, so time filters are tested on their own
            LeadRow row = lead(id, i % 2 == 0 ? "solar" : "roofing", statuses[i % 3], at(i * 10L + (i % 4) * 7L));
            all.add(row);
            b.leads.add(row);
            if (i % 5 == 0) b.assignments.add(assignment("A" + i, id, "acme", row.receivedAt()));
            if (i % 5 == 1) b.assignments.add(assignment("A" + i, id, "beta", row.receivedAt()));
            if (i % 10 == 0) b.assignments.add(assignment("B" + i, id, "beta", row.receivedAt())); // shared lead
        }
        commit(b);
        WriteBatch release = batch(); // a released assignment still counts for the buyer filter
        release.releases.add(new AssignmentRelease("A5", at(100)));
        commit(release);

        Set<String> acme = Set.of("L000", "L005", "L010", "L015", "L020", "L025", "L030", "L035");
        Set<String> beta = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) if (i % 5 == 1 || i % 10 == 0) beta.add("L%03d".formatted(i));

        assertPages(all, null, null, null, null, null, r -> true);
        assertPages(all, "solar", null, null, null, null, r -> r.campaign().equals("solar"));
        assertPages(all, null, "deferred", null, null, null, r -> r.status().equals("deferred"));
        assertPages(all, "roofing", "assigned", null, null, null,
                r -> r.campaign().equals("roofing") && r.status().equals("assigned"));
        assertPages(all, null, null, "acme", null, null, r -> acme.contains(r.id()));
        assertPages(all, "solar", null, "beta", null, null, r -> r.campaign().equals("solar") && beta.contains(r.id()));
        assertPages(all, null, null, null, at(100), at(250),
                r -> !r.receivedAt().isBefore(at(100)) && r.receivedAt().isBefore(at(250)));
        assertPages(all, "solar", "unassigned", "beta", at(0), at(400),
                r -> r.campaign().equals("solar") && r.status().equals("unassigned") && beta.contains(r.id())
                        && r.receivedAt().isBefore(at(400)));
        assertThat(store.leads(new LeadQuery("none", null, null, null, null, null, 10))).isEmpty();
    }

    /** Pages of 3 through the filtered leads must give exactly the expected leads, newest id first. */
    private void assertPages(List<LeadRow> all, String campaign, String status, String buyer, Instant from, Instant to,
                             Predicate<LeadRow> expected) {
        List<String> want = all.stream().filter(expected).map(LeadRow::id).sorted(Comparator.reverseOrder()).toList();
        assertThat(want).as("the filter must select something").isNotEmpty();
        List<String> got = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            List<LeadRow> rows = store.leads(new LeadQuery(campaign, status, buyer, from, to, cursor, 3));
            assertThat(rows.size()).isLessThanOrEqualTo(3);
            if (rows.isEmpty()) break;
            rows.forEach(r -> got.add(r.id()));
            cursor = rows.getLast().id();
        }
        assertThat(got).containsExactlyElementsOf(want);
    }

    @Test
    void dueDeferredLeadsComeOldestFirst() {
        LeadRow due1 = new LeadRow("L1", "c", "web", "deferred", at(0), at(0), at(20), 1, "{}", null, null, null, null);
        LeadRow due2 = new LeadRow("L2", "c", "web", "deferred", at(0), at(0), at(10), 1, "{}", null, null, null, null);
        LeadRow dueNow = new LeadRow("L3", "c", "web", "deferred", at(0), at(0), at(30), 1, "{}", null, null, null, null);
        LeadRow later = new LeadRow("L4", "c", "web", "deferred", at(0), at(0), at(31), 1, "{}", null, null, null, null);
        LeadRow notDeferred = new LeadRow("L5", "c", "web", "assigned", at(0), at(0), at(5), 1, "{}", null, null, null, null);
        commit(leads(due1, due2, dueNow, later, notDeferred));

        assertThat(store.dueDeferred(at(30), 10)).extracting(LeadRow::id).containsExactly("L2", "L1", "L3");
        assertThat(store.dueDeferred(at(30), 1)).extracting(LeadRow::id).containsExactly("L2");

        WriteBatch routed = batch(); // once routed, a lead is no longer due
        routed.leadChanges.add(new LeadStatusChange("L2", "assigned", null, null, at(11)));
        commit(routed);
        assertThat(store.dueDeferred(at(30), 10)).extracting(LeadRow::id).containsExactly("L1", "L3");
    }

    @Test
    void dueDeferredLeadsAreFoundThroughAnIndexOfDeferredLeadsOnly() throws SQLException {
        commit(leads(new LeadRow("L1", "c", "web", "deferred", at(0), at(0), at(20), 1, "{}", null, null, null, null)));
        try (Connection c = fixture.raw(); Statement s = c.createStatement()) {
            // PostgreSQL would scan a table this small: make it show which index it can use.
            if (kind == Kind.POSTGRES) s.execute("SET enable_seqscan = off");
            String explain = kind == Kind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
            String sql = explain + ((JdbcStore) store).dueDeferredSql().replace("?", "1");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) plan.append(rs.getString(columns)).append('\n');
            }
            // Read in due order from the index, not sorted afterwards.
            assertThat(plan.toString()).contains("leads_deferred_due")
                    .doesNotContain(kind == Kind.SQLITE ? "TEMP B-TREE" : "Sort");
            try (ResultSet rs = s.executeQuery(kind == Kind.SQLITE
                    ? "SELECT sql FROM sqlite_schema WHERE name = 'leads_deferred_due'"
                    : "SELECT indexdef FROM pg_indexes WHERE indexname = 'leads_deferred_due'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).contains("WHERE").contains("deferred");
            }
        }
    }

    @Test
    void configVersionsListNewestFirstWithoutDocuments() {
        WriteBatch b = batch();
        for (int v = 1; v <= 3; v++) b.configs.add(new ConfigVersionRow(v, at(v), "ops", "change " + v, "{\"v\":" + v + "}"));
        commit(b);

        assertThat(store.configVersions()).containsExactly(
                new ConfigVersionRow(3, at(3), "ops", "change 3", null),
                new ConfigVersionRow(2, at(2), "ops", "change 2", null),
                new ConfigVersionRow(1, at(1), "ops", "change 1", null));
        assertThat(store.latestConfig().orElseThrow().document()).isEqualTo("{\"v\":3}");
        assertThat(store.config(2).orElseThrow().document()).isEqualTo("{\"v\":2}");
        assertThat(store.config(4)).isEmpty();

        WriteBatch again = batch(); // a version number is written once
        again.configs.add(new ConfigVersionRow(3, at(9), "ops", "again", "{}"));
        assertThatThrownBy(() -> commit(again)).isInstanceOf(StoreException.class);
    }

    @Test
    void eventsFollowInIdOrderByLeadAndByType() {
        WriteBatch b = batch();
        for (int i = 0; i < 6; i++) {
            b.events.add(AuditEvent.of(i % 2 == 0 ? "L1" : "L2", i < 3 ? "received" : "routed", at(i), 1, "{\"i\":" + i + "}"));
        }
        commit(b);

        List<AuditEvent> l1 = store.events("L1");
        assertThat(l1).extracting(AuditEvent::dataJson).containsExactly("{\"i\":0}", "{\"i\":2}", "{\"i\":4}");
        assertThat(l1).extracting(AuditEvent::id).isSorted().doesNotHaveDuplicates();

        List<AuditEvent> all = store.eventsAfter(0, null, 100);
        assertThat(all).hasSize(6).extracting(AuditEvent::id).isSorted();
        long third = all.get(2).id();
        assertThat(store.eventsAfter(third, null, 2)).containsExactly(all.get(3), all.get(4));
        assertThat(store.eventsAfter(0, "routed", 100)).containsExactly(all.get(3), all.get(4), all.get(5));
        assertThat(store.eventsAfter(all.get(4).id(), "routed", 100)).containsExactly(all.get(5));
    }

    @Test
    void eventsBecomeVisibleInIdOrderSoACursorSkipsNone() throws Exception {
        WriteBatch first = batch();
        first.events.add(AuditEvent.of("L1", "received", at(0), 1, "{}"));
        WriteBatch second = batch();
        second.events.add(AuditEvent.of("L2", "received", at(0), 1, "{}"));

        List<List<AuditEvent>> seenWhileFirstOpen = new ArrayList<>();
        List<Boolean> secondDoneWhileFirstOpen = new ArrayList<>();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            ((JdbcStore) store).beforeCommit = () -> {
                ((JdbcStore) store).beforeCommit = null;
                // `first` holds its event ids but has not committed: `second` must wait for it, or a
                // reader could see the later id, move its cursor past it, and never see the earlier one.
                Future<?> secondCommit = other.submit(() -> commit(second));
                try {
                    secondCommit.get(2, TimeUnit.SECONDS);
                    secondDoneWhileFirstOpen.add(true);
                } catch (java.util.concurrent.TimeoutException expected) {
                    secondDoneWhileFirstOpen.add(false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                seenWhileFirstOpen.add(store.eventsAfter(0, null, 10));
            };
            commit(first);
            other.shutdown();
            assertThat(other.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            ((JdbcStore) store).beforeCommit = null;
            other.shutdownNow();
        }

        assertThat(secondDoneWhileFirstOpen).containsExactly(false);
        assertThat(seenWhileFirstOpen).containsExactly(List.of());
        assertThat(store.eventsAfter(0, null, 10)).extracting(AuditEvent::leadId).containsExactly("L1", "L2");
    }

    @Test
    void theAuditLogRefusesUpdateAndDelete() throws SQLException {
        WriteBatch b = batch();
        b.events.add(AuditEvent.of("L1", "received", at(0), 1, "{\"original\":true}"));
        commit(b);

        try (Connection c = fixture.raw(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_events SET data = '{}'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_events"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            if (kind == Kind.POSTGRES) {
                assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_events"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            }
            // an ordinary table next to it is not protected: the refusal is specific to the log
            assertThat(s.executeUpdate("DELETE FROM rotation")).isZero();
        }
        assertThat(store.events("L1")).extracting(AuditEvent::dataJson).containsExactly("{\"original\":true}");
    }

    @Test
    void readersRunWhileABatchIsOpenAndSeeNoneOfIt() throws Exception {
        commit(leads(lead("L0000", "c", "assigned", at(0))));
        // A read waits only for acknowledged batches the writer has not committed yet (SQLite
        // commits them when a reader asks): this one makes L0000 visible before the batch opens.
        assertThat(store.leads(new LeadQuery("c", null, null, null, null, null, 10))).hasSize(1);

        WriteBatch big = batch();
        for (int i = 1; i <= 5_000; i++) {
            String id = "L%04d".formatted(i);
            big.leads.add(lead(id, "c", "assigned", at(i)));
            big.events.add(AuditEvent.of(id, "received", at(i), 1, "{\"payload\":\"" + "x".repeat(500) + "\"}"));
        }
        List<List<String>> seenDuringBatch = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            // runs inside commit, after every row of the batch is written and before COMMIT
            ((JdbcStore) store).beforeCommit = () -> {
                try {
                    List<Future<List<String>>> reads = new ArrayList<>();
                    for (int r = 0; r < 8; r++) {
                        reads.add(readers.submit(() -> {
                            List<String> ids = new ArrayList<>();
                            store.leads(new LeadQuery("c", null, null, null, null, null, 1000)).forEach(l -> ids.add(l.id()));
                            if (store.lead("L2500").isPresent()) ids.add("L2500 by id");
                            if (!store.eventsAfter(0, null, 10).isEmpty()) ids.add("an event");
                            return ids;
                        }));
                    }
                    for (Future<List<String>> f : reads) seenDuringBatch.add(f.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException("a read failed while the batch was open", e);
                }
            };
            commit(big);
        } finally {
            ((JdbcStore) store).beforeCommit = null;
            readers.shutdownNow();
        }

        assertThat(seenDuringBatch).hasSize(8).allSatisfy(ids -> assertThat(ids).containsExactly("L0000"));
        assertThat(store.leads(new LeadQuery("c", null, null, null, null, null, 1000))).hasSize(1000);
        assertThat(store.lead("L5000")).isPresent();
        assertThat(store.eventsAfter(0, null, 1000)).hasSize(1000);
    }

    @Test
    void dataSurvivesARestart() {
        WriteBatch b = leads(lead("L1", "c", "assigned", at(0)));
        b.configs.add(new ConfigVersionRow(1, at(0), "ops", null, "{}"));
        b.capDeltas.add(new CapDelta("acme", CapPeriod.TOTAL, Instant.EPOCH, 1, 10));
        b.events.add(AuditEvent.of("L1", "received", at(0), 1, "{}"));
        b.dedupeKeys.add(new DedupeKeyRow("c", "phone:1", "L1", at(0)));
        b.dedupeKeys.add(new DedupeKeyRow("c", "email:1", "L1", at(0)));
        commit(b);
        store.close();

        store = fixture.open(); // migrations see the schema in place and leave it
        assertThat(store.lead("L1")).isPresent();
        assertThat(store.latestConfig().orElseThrow().version()).isEqualTo(1);
        assertThat(store.counters(Instant.EPOCH)).containsExactly(new CounterRow("acme", CapPeriod.TOTAL, Instant.EPOCH, 1, 10));
        long firstEvent = store.events("L1").getFirst().id();
        assertThat(store.findDuplicates("c", List.of("email:1", "phone:1", "phone:2"), Instant.EPOCH))
                .containsExactly(new DedupeHit("L1", "email:1", at(0)), new DedupeHit("L1", "phone:1", at(0)));

        WriteBatch more = batch();
        more.capDeltas.add(new CapDelta("acme", CapPeriod.TOTAL, Instant.EPOCH, 1, 10));
        more.events.add(AuditEvent.of("L1", "routed", at(1), 1, "{}"));
        commit(more);
        assertThat(store.counters(Instant.EPOCH).getFirst().leads()).isEqualTo(2);
        assertThat(store.events("L1")).extracting(AuditEvent::id).element(1).isEqualTo(firstEvent + 1);
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        assertThatThrownBy(() -> store.commit(leads(lead("L1", "c", "assigned", at(0))))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.lead("L1")).isInstanceOf(StoreException.class);
        store = null;
    }
}
