package leadrouter.store;

import leadrouter.routing.CapPeriod;
import leadrouter.store.Rows.AuditEvent;
import leadrouter.store.Rows.CapDelta;
import leadrouter.store.Rows.DedupeKeyRow;
import leadrouter.store.Rows.LeadRow;

import java.time.Instant;

/** Write batches the journal tests commit: one lead with what ingest writes beside it. */
final class Batches {
    private Batches() {
    }

    /** Lead {@code id} of campaign "c", received at {@code at}: its row, a dedupe key, a counted lead for buyer "acme" and an event. */
    static WriteBatch lead(String id, Instant at) {
        WriteBatch b = new WriteBatch();
        b.leads.add(new LeadRow(id, "c", "web", "assigned", at, at, null, 1, "{}", null, null, null, null));
        b.dedupeKeys.add(new DedupeKeyRow("c", "hash-" + id, id, at));
        b.capDeltas.add(new CapDelta("acme", CapPeriod.DAY, at, 1, 100));
        b.events.add(AuditEvent.of(id, "received", at, 1, "{}"));
        return b;
    }
}
