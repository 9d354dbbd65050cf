package leadrouter.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The embedded store's commit log: numbered records (encoded write batches) appended to segment
 * files and synced before a batch is acknowledged. It lets SQLite commit many batches in one
 * transaction without syncing each: what SQLite has not made durable yet is replayed from here
 * after a crash. Segments are retired once SQLite holds every record in them durably: deleted,
 * or written over as the next segment.
 *
 * <p>Record: length (int, of the payload), sequence number (long), CRC32C of number and payload
 * (int), payload. A record cut short by a crash fails its length or checksum; it was never
 * acknowledged (acknowledgement follows the sync), so reading stops there and it is dropped.
 *
 * <p>Segments are written over, not appended to: each is a file of zeros written ahead of need
 * (a spare), renamed when a segment starts. A sync then writes data only; a sync of a growing file
 * also commits the file system's journal (measured here: 0.15 ms against 0.27 ms per sync, and a
 * quarter less CPU). The zeros are written 4 KiB at a time: a file written in large chunks is
 * cached in large pages (folios), and a small record written over one made every sync write the
 * whole 2 MB page. For the same reason only segments that began as spares are recycled into
 * spares (their pages stay small); a segment that grew by appends is deleted. Where a segment's
 * records end is told by their numbers: records of a segment are numbered consecutively from the
 * number in its name.
 * Not thread-safe, except {@link #prepareSpare} and {@link #sync}: the store calls the rest under
 * its write lock.
 */
final class Journal implements AutoCloseable {
    static final String DIRECTORY = "journal";
    private static final int HEADER = 16;
    // Past this size the next record starts a new segment, so old ones can be deleted whole.
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    private static final String SPARE_SUFFIX = ".spare";
    private static final String RECYCLED_SUFFIX = ".recycled";

    record Entry(long seq, byte[] payload) {
    }

    /** {@code fromSpare}: written over a spare, so cached in small pages and fit to recycle. */
    private record Segment(Path path, long lastSeq, boolean fromSpare) {
    }

    private final Path dir;
    private final Deque<Segment> closed = new ArrayDeque<>();
    /** Files of zeros ready to become segments; guarded by itself. */
    private final Deque<Path> spares = new ArrayDeque<>();
    private long spareNames;
    private FileChannel current;
    private Path currentPath;
    private long currentFirst = -1;
    private boolean currentFromSpare;
    private long currentLast = -1;
    private volatile long currentBytes; // read by wantsSpare on another thread
    /** Where the last record written starts in the current segment; -1 if none may be withdrawn. */
    private long lastAt = -1;
    /** Records up to here are durable in SQLite; their segments may be closed under a sync. */
    private volatile long droppedThrough;
    /** Records up to here are in segments synced and closed when the next one started. */
    private volatile long finishedThrough;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    private final long segmentBytes;
    /**
     * Wraps each segment file as it is opened: tests make a sync fail through it, which a real
     * disk does not do on demand.
     */
    UnaryOperator<FileChannel> segmentChannels = UnaryOperator.identity();

    private Journal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the journal in {@code dataDir}; {@link #read} returns what a previous run left. */
    static Journal open(Path dataDir) throws IOException {
        return open(dataDir, SEGMENT_BYTES);
    }

    /** With segments of another size (tests: many segments from few records). */
    static Journal open(Path dataDir, long segmentBytes) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        Files.createDirectories(dir);
        Journal j = new Journal(dir, segmentBytes);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Journal::isSpare).sorted().toList()) {
                // Cut short by a crash while it was being written, or recycled: records of the last
                // run, whose numbers a new database could write again.
                if (Files.size(p) >= segmentBytes && p.getFileName().toString().endsWith(SPARE_SUFFIX)) j.spares.add(p);
                else Files.delete(p);
            }
        }
        return j;
    }

    /**
     * Writes a spare segment ahead of need (zeros, synced), unless there is one. Run off the
     * commit path: writing 16 MB takes tens of milliseconds.
     */
    void prepareSpare() throws IOException {
        synchronized (spares) {
            if (!spares.isEmpty()) return;
        }
        Path tmp = dir.resolve("prepare.tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(4096);
            for (long at = 0; at < segmentBytes; at += zeros.capacity()) {
                zeros.clear();
                while (zeros.hasRemaining()) c.write(zeros);
            }
            c.force(true);
        }
        synchronized (spares) {
            Path spare = dir.resolve("%d-%d%s".formatted(System.nanoTime(), spareNames++, SPARE_SUFFIX));
            Files.move(tmp, spare, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            spares.add(spare);
        }
    }

    private static boolean isSpare(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(SPARE_SUFFIX) || name.endsWith(RECYCLED_SUFFIX);
    }

    int spares() {
        synchronized (spares) {
            return spares.size();
        }
    }

    /** True when the segment being written is half full and no spare is ready for the next one. */
    boolean wantsSpare() {
        return currentBytes >= segmentBytes / 2 && spares() == 0;
    }

    /**
     * Every whole record a previous run left, in order, and takes over their segments (deleted by
     * {@link #dropThrough}). A torn record ends its segment. A number written again (after a
     * failed append, in a new segment) replaces the record and everything after it.
     */
    List<Entry> read() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path p : segments()) {
            List<Entry> entries = add(out, readSegment(p));
            closed.add(new Segment(p, entries.isEmpty() ? -1 : entries.getLast().seq(), false));
        }
        return out;
    }

    /** The records after {@code seq}, read back from the files (also the one being written). */
    List<Entry> entriesAfter(long seq) throws IOException {
        if (current != null) current.force(false);
        List<Entry> out = new ArrayList<>();
        for (Path p : segments()) add(out, readSegment(p));
        return out.stream().filter(e -> e.seq() > seq).toList();
    }

    private static List<Entry> add(List<Entry> out, List<Entry> entries) {
        for (Entry e : entries) {
            while (!out.isEmpty() && out.getLast().seq() >= e.seq()) out.removeLast();
            out.add(e);
        }
        return entries;
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static List<Entry> readSegment(Path p) throws IOException {
        List<Entry> out = new ArrayList<>();
        long expected = firstSeq(p);
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(p));
        while (all.remaining() >= HEADER) {
            int length = all.getInt();
            long seq = all.getLong();
            int crc = all.getInt();
            if (length < 0 || length > all.remaining() || seq != expected) break;
            byte[] payload = new byte[length];
            all.get(payload);
            if (checksum(seq, payload, 0, length) != crc) break;
            out.add(new Entry(seq, payload));
            expected++;
        }
        return out;
    }

    private static long firstSeq(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring("journal-".length(), name.length() - ".log".length()));
    }

    private static int checksum(long seq, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, seq));
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    /** Appends one record; with {@code sync}, returns only once it is on disk. */
    void append(long seq, byte[] payload, int length, boolean sync) throws IOException {
        FileChannel written = write(seq, payload, length);
        if (sync) sync(written, seq);
    }

    /**
     * Writes one record without syncing it, and returns the file it went to, for {@link #sync}.
     * The store writes under its lock and syncs outside it, so that its other work (committing
     * SQLite's open transaction) runs while the disk syncs.
     */
    FileChannel write(long seq, byte[] payload, int length) throws IOException {
        if (current == null || currentBytes >= segmentBytes) startSegment(seq);
        int size = HEADER + length;
        if (buffer.capacity() < size) buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size) * 2);
        buffer.clear();
        buffer.putInt(length).putLong(seq).putInt(checksum(seq, payload, 0, length)).put(payload, 0, length).flip();
        long at = currentBytes;
        while (buffer.hasRemaining()) at += current.write(buffer, at);
        lastAt = currentBytes;
        currentBytes += size;
        currentLast = seq;
        return current;
    }

    /**
     * Takes back the last record written, whose batch then failed: zeros over all of it (synced if
     * asked), so that no replay finds it (zeroing cut short by a crash fails the record's checksum
     * as soon as any byte of it changed). The next record takes its number and place.
     */
    void withdrawLast(long seq, boolean sync) throws IOException {
        if (current == null || lastAt < 0 || seq != currentLast) {
            throw new IOException("journal record " + seq + " is not the last one written");
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) (currentBytes - lastAt));
        long at = lastAt;
        while (zeros.hasRemaining()) at += current.write(zeros, at);
        currentBytes = lastAt;
        currentLast = seq - 1;
        lastAt = -1;
        if (sync) current.force(false);
    }

    /**
     * Syncs {@code segment}, to which record {@code seq} was written. Safe beside {@link #dropThrough}
     * (which may close it): a segment is dropped only once SQLite holds its records durably.
     */
    void sync(FileChannel segment, long seq) throws IOException {
        try {
            segment.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            if (droppedThrough < seq && finishedThrough < seq) throw e;
        }
    }

    /**
     * After a failed append, or when the batch it belonged to was undone: cuts the record off if
     * it can, and starts a new segment for the next one either way, so that a number written again
     * comes after the abandoned record and replaces it on replay.
     */
    void abandonSegment() {
        if (current == null) return;
        currentBytes = Math.max(currentBytes, segmentBytes); // the next append starts a new segment
        lastAt = -1;
    }

    private void startSegment(long firstSeq) throws IOException {
        if (current != null) {
            // Synced before it is closed, in case a sync of its last record is still to come.
            current.force(false);
            finishedThrough = currentLast;
            current.close();
            if (currentLast >= currentFirst) closed.add(new Segment(currentPath, currentLast, currentFromSpare));
            else Files.deleteIfExists(currentPath);
        }
        currentPath = dir.resolve("journal-%020d.log".formatted(firstSeq));
        Path spare;
        synchronized (spares) {
            spare = spares.pollFirst();
        }
        if (spare != null) {
            Files.move(spare, currentPath, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            current = segmentChannels.apply(FileChannel.open(currentPath, StandardOpenOption.WRITE));
        } else {
            // No spare ready: a new file, which grows as records are added.
            current = segmentChannels.apply(FileChannel.open(currentPath, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        }
        currentFromSpare = spare != null;
        currentFirst = firstSeq;
        currentLast = firstSeq - 1;
        currentBytes = 0;
        lastAt = -1;
        // The new file's name must survive a crash along with its records.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot sync a directory; the records themselves are still synced.
        }
    }

    /**
     * Retires every finished segment whose records are all at or below {@code seq}: the first
     * becomes the next spare if none is ready, the others are deleted.
     */
    void dropThrough(long seq) throws IOException {
        droppedThrough = Math.max(droppedThrough, seq);
        while (!closed.isEmpty() && closed.peekFirst().lastSeq() <= seq) {
            Segment done = closed.pollFirst();
            retire(done.path(), done.fromSpare());
        }
        // The segment being written is finished early when all of it is durable elsewhere.
        if (current != null && currentLast <= seq && currentBytes > 0) {
            current.close();
            retire(currentPath, currentFromSpare);
            current = null;
            lastAt = -1;
        }
    }

    /**
     * A whole segment is written over as the next one instead of writing a file of zeros (under
     * load the zeros were 10-17% of the bytes written per lead). Its old records cannot be mistaken for
     * new ones: they are numbered below the new segment's first record. Spares recycled in an
     * earlier run are not trusted with that (the numbers may have started over), see {@link #open}.
     */
    private void retire(Path segment, boolean fromSpare) throws IOException {
        synchronized (spares) {
            if (fromSpare && spares.isEmpty()) {
                long size;
                try {
                    size = Files.size(segment);
                } catch (java.nio.file.NoSuchFileException gone) {
                    return;
                }
                if (size >= segmentBytes) {
                    Path spare = dir.resolve("%d-%d%s".formatted(System.nanoTime(), spareNames++, RECYCLED_SUFFIX));
                    Files.move(segment, spare, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    spares.add(spare);
                    return;
                }
            }
        }
        Files.deleteIfExists(segment);
    }

    /** Closes the segment being written; spares are deleted (the next run writes its own when busy). */
    @Override
    public void close() throws IOException {
        if (current != null) current.close();
        current = null;
        synchronized (spares) {
            for (Path p : spares) Files.deleteIfExists(p);
            spares.clear();
        }
    }
}
