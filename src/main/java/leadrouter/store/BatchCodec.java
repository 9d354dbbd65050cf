package leadrouter.store;

import leadrouter.routing.CapPeriod;
import leadrouter.store.Rows.*;
import leadrouter.store.WriteBatch.SpeedToLead;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Instant;
import java.util.List;

/**
 * A write batch as bytes, for the journal. Binary and hand-written: it runs once per group commit
 * on the committer thread, and must give back exactly the batch it was given (instants to the
 * nanosecond, nulls as nulls). A new field in a row needs a new {@link #VERSION}; records of the
 * versions before it are still read, because a journal written before an upgrade is replayed after it.
 */
final class BatchCodec {
    /** 2: deliveries carry {@code progress}. */
    static final int VERSION = 2;

    /**
     * A reusable output buffer; {@link #bytes()} is valid until the next encode. Plain array
     * writes: ByteArrayOutputStream synchronizes every write, which showed in the committer's profile.
     */
    static final class Out {
        private byte[] buf = new byte[16 * 1024];
        private int size;

        byte[] bytes() {
            return buf;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        private void room(int n) {
            if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }

        void writeByte(int v) {
            room(1);
            buf[size++] = (byte) v;
        }

        void writeBoolean(boolean v) {
            writeByte(v ? 1 : 0);
        }

        void writeInt(int v) {
            room(4);
            INT.set(buf, size, v);
            size += 4;
        }

        void writeLong(long v) {
            room(8);
            LONG.set(buf, size, v);
            size += 8;
        }

        void write(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    }

    private BatchCodec() {
    }

    static void encode(WriteBatch b, Out out) {
        out.reset();
        Out d = out;
        {
            d.writeInt(VERSION);
            list(d, b.configs, (o, r) -> {
                o.writeInt(r.version());
                instant(o, r.createdAt());
                string(o, r.author());
                string(o, r.comment());
                string(o, r.document());
            });
            list(d, b.leads, (o, r) -> {
                string(o, r.id());
                string(o, r.campaign());
                string(o, r.source());
                string(o, r.status());
                instant(o, r.receivedAt());
                instant(o, r.updatedAt());
                instant(o, r.deferUntil());
                o.writeInt(r.configVersion());
                string(o, r.fieldsJson());
                string(o, r.duplicateOf());
                string(o, r.idempotencyKey());
                string(o, r.queue());
                nullableLong(o, r.speedToLeadMs());
            });
            list(d, b.leadChanges, (o, r) -> {
                string(o, r.id());
                string(o, r.status());
                instant(o, r.deferUntil());
                string(o, r.queue());
                instant(o, r.at());
            });
            list(d, b.assignments, (o, r) -> {
                string(o, r.id());
                string(o, r.leadId());
                string(o, r.buyer());
                string(o, r.rule());
                o.writeLong(r.priceCents());
                o.writeBoolean(r.exclusive());
                string(o, r.status());
                instant(o, r.createdAt());
                instant(o, r.releasedAt());
            });
            list(d, b.releases, (o, r) -> {
                string(o, r.id());
                instant(o, r.at());
            });
            list(d, b.dedupeKeys, (o, r) -> {
                string(o, r.campaign());
                string(o, r.keyHash());
                string(o, r.leadId());
                instant(o, r.receivedAt());
            });
            list(d, b.capDeltas, (o, r) -> {
                string(o, r.buyer());
                o.writeByte(r.period() == null ? -1 : r.period().ordinal());
                instant(o, r.windowStart());
                o.writeLong(r.leads());
                o.writeLong(r.cents());
            });
            list(d, b.rotation, (o, r) -> {
                string(o, r.campaign());
                string(o, r.rule());
                string(o, r.buyer());
                o.writeLong(r.turns());
            });
            list(d, b.deliveries, (o, r) -> {
                string(o, r.id());
                string(o, r.leadId());
                string(o, r.assignmentId());
                string(o, r.buyer());
                o.writeInt(r.endpointIndex());
                string(o, r.endpointType());
                string(o, r.status());
                o.writeInt(r.attempts());
                instant(o, r.nextAttemptAt());
                instant(o, r.createdAt());
                instant(o, r.updatedAt());
                string(o, r.lastError());
                string(o, r.buyerLeadId());
                string(o, r.idempotencyKey());
                string(o, r.progress());
            });
            list(d, b.speedToLead, (o, r) -> {
                string(o, r.leadId());
                o.writeLong(r.millis());
            });
            list(d, b.events, (o, r) -> {
                o.writeLong(r.id());
                string(o, r.leadId());
                string(o, r.type());
                instant(o, r.at());
                if (r.configVersion() == null) o.writeBoolean(false);
                else {
                    o.writeBoolean(true);
                    o.writeInt(r.configVersion());
                }
                string(o, r.dataJson());
            });
        }
    }

    static WriteBatch decode(byte[] bytes) throws IOException {
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = d.readInt();
        if (version != 1 && version != VERSION) throw new IOException("journal record of unknown version " + version);
        WriteBatch b = new WriteBatch();
        read(d, b.configs, i -> new ConfigVersionRow(i.readInt(), instant(i), string(i), string(i), string(i)));
        read(d, b.leads, i -> new LeadRow(string(i), string(i), string(i), string(i), instant(i), instant(i), instant(i),
                i.readInt(), string(i), string(i), string(i), string(i), nullableLong(i)));
        read(d, b.leadChanges, i -> new LeadStatusChange(string(i), string(i), instant(i), string(i), instant(i)));
        read(d, b.assignments, i -> new AssignmentRow(string(i), string(i), string(i), string(i), i.readLong(),
                i.readBoolean(), string(i), instant(i), instant(i)));
        read(d, b.releases, i -> new AssignmentRelease(string(i), instant(i)));
        read(d, b.dedupeKeys, i -> new DedupeKeyRow(string(i), string(i), string(i), instant(i)));
        read(d, b.capDeltas, i -> {
            String buyer = string(i);
            int period = i.readByte();
            return new CapDelta(buyer, period < 0 ? null : CapPeriod.values()[period], instant(i), i.readLong(), i.readLong());
        });
        read(d, b.rotation, i -> new RotationRow(string(i), string(i), string(i), i.readLong()));
        read(d, b.deliveries, i -> new DeliveryRow(string(i), string(i), string(i), string(i), i.readInt(), string(i),
                string(i), i.readInt(), instant(i), instant(i), instant(i), string(i), string(i), string(i),
                version >= 2 ? string(i) : null));
        read(d, b.speedToLead, i -> new SpeedToLead(string(i), i.readLong()));
        read(d, b.events, i -> new AuditEvent(i.readLong(), string(i), string(i), instant(i),
                i.readBoolean() ? i.readInt() : null, string(i)));
        if (d.available() > 0) throw new IOException("journal record has " + d.available() + " bytes left over");
        return b;
    }

    private interface Writer<T> {
        void write(Out o, T row);
    }

    private interface Reader<T> {
        T read(DataInputStream i) throws IOException;
    }

    private static <T> void list(Out o, List<T> rows, Writer<T> w) {
        o.writeInt(rows.size());
        for (T r : rows) w.write(o, r);
    }

    private static <T> void read(DataInputStream i, List<T> into, Reader<T> r) throws IOException {
        int n = i.readInt();
        if (n < 0) throw new IOException("negative row count");
        for (int k = 0; k < n; k++) into.add(r.read(i));
    }

    private static void string(Out o, String s) {
        if (s == null) {
            o.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeInt(b.length);
        o.write(b);
    }

    private static String string(DataInputStream i) throws IOException {
        int n = i.readInt();
        if (n < 0) return null;
        return new String(i.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void instant(Out o, Instant t) {
        if (t == null) {
            o.writeBoolean(false);
            return;
        }
        o.writeBoolean(true);
        o.writeLong(t.getEpochSecond());
        o.writeInt(t.getNano());
    }

    private static Instant instant(DataInputStream i) throws IOException {
        return i.readBoolean() ? Instant.ofEpochSecond(i.readLong(), i.readInt()) : null;
    }

    private static void nullableLong(Out o, Long v) {
        o.writeBoolean(v != null);
        if (v != null) o.writeLong(v);
    }

    private static Long nullableLong(DataInputStream i) throws IOException {
        return i.readBoolean() ? i.readLong() : null;
    }
}
