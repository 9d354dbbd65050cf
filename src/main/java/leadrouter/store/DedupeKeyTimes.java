package leadrouter.store;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * When each dedupe key of the embedded store was received, in memory, so that its table needs no
 * index by key. Key hashes are random, so such an index takes each new key into a random page:
 * under load that was one 4 KiB page written to the WAL, and again to the database file, per key,
 * two thirds of all bytes written and the largest single cost of a lead (BENCHMARKS.md). A look-up
 * here gives the exact receive times to read through the index by time, whose inserts append.
 *
 * <p>Holds a superset of the table: every key the store wrote, at every time, including batches
 * undone since (a read at such a time finds no row). Keys are reduced to 64-bit hashes; two keys
 * sharing one also share their times, which costs only a read that finds nothing. About 40 bytes
 * per key. Valid while this process is the table's only writer.
 */
final class DedupeKeyTimes {
    private static final long NONE = Long.MIN_VALUE;
    private static final long[] NO_TIMES = new long[0];

    /** Each key's newest time. */
    private Long2LongHashMap newest = new Long2LongHashMap(NONE);
    /** Every time of the few keys that have more than one, oldest first. */
    private Long2ObjectHashMap<long[]> all = new Long2ObjectHashMap<>();

    synchronized void add(String campaign, String keyHash, long receivedAt) {
        long h = hash(campaign, keyHash);
        long current = newest.get(h);
        if (current == NONE) {
            newest.put(h, receivedAt);
            return;
        }
        if (current == receivedAt) return;
        long[] times = all.get(h);
        if (times == null) times = new long[] {current};
        if (Arrays.binarySearch(times, receivedAt) >= 0) return;
        times = Arrays.copyOf(times, times.length + 1);
        times[times.length - 1] = receivedAt;
        Arrays.sort(times);
        all.put(h, times);
        newest.put(h, times[times.length - 1]);
    }

    /** The times a key was received at or after {@code since}, oldest first. */
    synchronized long[] since(String campaign, String keyHash, long since) {
        long h = hash(campaign, keyHash);
        long current = newest.get(h);
        if (current == NONE || current < since) return NO_TIMES;
        long[] times = all.get(h);
        if (times == null) return new long[] {current};
        int from = 0;
        while (times[from] < since) from++;
        return Arrays.copyOfRange(times, from, times.length);
    }

    /** Forgets the times before {@code before} (the table's rows were pruned). */
    synchronized void dropBefore(long before) {
        Long2LongHashMap keptNewest = new Long2LongHashMap(NONE);
        Long2ObjectHashMap<long[]> keptAll = new Long2ObjectHashMap<>();
        newest.longForEach((h, t) -> {
            if (t >= before) keptNewest.put(h, t);
        });
        all.forEach((h, times) -> {
            if (!keptNewest.containsKey(h)) return;
            long[] left = Arrays.stream(times).filter(t -> t >= before).toArray();
            if (left.length > 1) keptAll.put(h.longValue(), left);
        });
        newest = keptNewest;
        all = keptAll;
    }

    synchronized int keys() {
        return newest.size();
    }

    /** FNV-1a over both texts, which differ from key to key by their last characters as much as their first. */
    static long hash(String campaign, String keyHash) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < campaign.length(); i++) h = (h ^ campaign.charAt(i)) * 0x100000001b3L;
        h = (h ^ 0) * 0x100000001b3L;
        for (int i = 0; i < keyHash.length(); i++) h = (h ^ keyHash.charAt(i)) * 0x100000001b3L;
        return h;
    }
}
