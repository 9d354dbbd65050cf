package leadrouter.engine;

import leadrouter.store.Store;

import java.time.Instant;

/**
 * Every dedupe key still inside a window, as a Bloom filter, so a new lead (the usual case) skips
 * the store look-up for earlier duplicates. Filled from the store at start-up, kept current by the
 * writer, and rebuilt from the store after old keys are pruned or when it fills up; keys added
 * while it is rebuilt go into both filters. Valid while this node is the only writer of the store.
 */
public final class SeenKeys {
    private static final long MIN_CAPACITY = 1 << 21;

    private volatile KeyFilter current = new KeyFilter(MIN_CAPACITY);
    private volatile KeyFilter building;

    public boolean mightContain(String campaign, String keyHash) {
        return current.mightContain(campaign, keyHash);
    }

    /** A key just committed (called on the thread that answers committed batches). */
    public void add(String campaign, String keyHash) {
        current.add(campaign, keyHash);
        KeyFilter b = building;
        if (b != null) b.add(campaign, keyHash);
    }

    /**
     * Replaces the filter with one holding the store's keys received since {@code since}.
     * {@code flush} waits until everything the writer has recorded so far is committed, so that no
     * key falls between the old filter and the scan.
     */
    public synchronized void rebuild(Store store, Instant since, Runnable flush) {
        KeyFilter next = new KeyFilter(Math.max(MIN_CAPACITY, 2 * current.added()));
        building = next;
        try {
            flush.run();
            store.dedupeKeys(since, next::add);
            current = next;
        } finally {
            building = null;
        }
    }

    public boolean overfull() {
        return current.overfull();
    }
}
