package leadrouter.store;

import leadrouter.store.Rows.CapDelta;
import leadrouter.store.Rows.DeliveryRow;
import leadrouter.store.Rows.RotationRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds rows of one batch that hit the same key into one write. A multi-row upsert may not touch
 * a row twice (PostgreSQL refuses it), and fewer, key-ordered writes are faster and keep
 * concurrent PostgreSQL writers from locking the same rows in opposite orders.
 */
final class BatchRows {
    private BatchRows() {
    }

    private record CounterKey(String buyer, String period, long windowStart) {
    }

    /** Sums deltas per (buyer, period, window); drops sums of zero. */
    static List<CapDelta> counters(List<CapDelta> deltas) {
        Map<CounterKey, CapDelta> sums = new LinkedHashMap<>();
        for (CapDelta d : deltas) {
            CounterKey key = new CounterKey(d.buyer(), d.period().key(), d.windowStart().toEpochMilli());
            sums.merge(key, d, (a, b) -> new CapDelta(a.buyer(), a.period(), a.windowStart(),
                    Math.addExact(a.leads(), b.leads()), Math.addExact(a.cents(), b.cents())));
        }
        List<CapDelta> out = new ArrayList<>();
        for (CapDelta d : sums.values()) if (d.leads() != 0 || d.cents() != 0) out.add(d);
        out.sort(Comparator.comparing(CapDelta::buyer).thenComparing(d -> d.period().key())
                .thenComparing(CapDelta::windowStart));
        return out;
    }

    private record RotationKey(String campaign, String rule, String buyer) {
    }

    /** The last turns per (campaign, rule, buyer) wins, as if written one after the other. */
    static List<RotationRow> rotation(List<RotationRow> rows) {
        Map<RotationKey, RotationRow> last = new LinkedHashMap<>();
        for (RotationRow r : rows) last.put(new RotationKey(r.campaign(), r.rule(), r.buyer()), r);
        List<RotationRow> out = new ArrayList<>(last.values());
        out.sort(Comparator.comparing(RotationRow::campaign).thenComparing(RotationRow::rule).thenComparing(RotationRow::buyer));
        return out;
    }

    /**
     * One row per delivery id, equal to inserting the first and then updating with each later one:
     * the identity columns come from the first row, the changing columns from the last.
     */
    static List<DeliveryRow> deliveries(List<DeliveryRow> rows) {
        Map<String, DeliveryRow> merged = new LinkedHashMap<>();
        for (DeliveryRow r : rows) {
            merged.merge(r.id(), r, (first, later) -> new DeliveryRow(first.id(), first.leadId(), first.assignmentId(),
                    first.buyer(), first.endpointIndex(), first.endpointType(), later.status(), later.attempts(),
                    later.nextAttemptAt(), first.createdAt(), later.updatedAt(), later.lastError(), later.buyerLeadId(),
                    first.idempotencyKey(), later.progress()));
        }
        List<DeliveryRow> out = new ArrayList<>(merged.values());
        out.sort(Comparator.comparing(DeliveryRow::id));
        return out;
    }
}
