package leadrouter.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Bloom filter of dedupe keys: "certainly never seen" or "maybe seen". Most leads are new, so
 * this spares their committed-duplicate look-up in the store; a "maybe" (about 1 in 100 when
 * full) only costs that look-up. Keys are SHA-256 hex already, so their bits serve as the hashes.
 * Written by the writer thread, read by request threads: the bit array is atomic.
 */
final class KeyFilter {
    private static final int HASHES = 7;
    private static final int BITS_PER_KEY = 10;

    private final AtomicLongArray bits;
    private final long size;
    private final long capacity;
    private final java.util.concurrent.atomic.AtomicLong added = new java.util.concurrent.atomic.AtomicLong();

    KeyFilter(long capacity) {
        this.capacity = Math.max(1 << 16, capacity);
        // A power of two, so a bit position is a mask away rather than a division.
        long words = Long.highestOneBit(Math.max(1, (this.capacity * BITS_PER_KEY + 63) / 64 - 1)) << 1;
        this.bits = new AtomicLongArray(Math.toIntExact(words));
        this.size = words * 64;
    }

    void add(String campaign, String keyHash) {
        long h1 = first(keyHash) ^ campaign.hashCode(), h2 = second(keyHash) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h1 + i * h2) & (size - 1);
            int word = (int) (bit >>> 6);
            long mask = 1L << (bit & 63);
            long cur;
            do {
                cur = bits.get(word);
            } while ((cur & mask) == 0 && !bits.compareAndSet(word, cur, cur | mask));
        }
        added.incrementAndGet();
    }

    boolean mightContain(String campaign, String keyHash) {
        long h1 = first(keyHash) ^ campaign.hashCode(), h2 = second(keyHash) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h1 + i * h2) & (size - 1);
            if ((bits.get((int) (bit >>> 6)) & (1L << (bit & 63))) == 0) return false;
        }
        return true;
    }

    /** More keys than it was sized for: false "maybe"s grow, time to rebuild it larger. */
    boolean overfull() {
        return added.get() > capacity;
    }

    long added() {
        return added.get();
    }

    private static long first(String hex) {
        return isHex(hex) ? Long.parseUnsignedLong(hex, 0, 16, 16) : mix(hex.hashCode());
    }

    private static long second(String hex) {
        return isHex(hex) ? Long.parseUnsignedLong(hex, 16, 32, 16) : mix(~hex.hashCode());
    }

    private static boolean isHex(String s) {
        if (s.length() < 32) return false;
        for (int i = 0; i < 32; i++) if (Character.digit(s.charAt(i), 16) < 0) return false;
        return true;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }
}
