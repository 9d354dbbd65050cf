package leadrouter.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Unique ids that sort by creation time (ULID layout): a 48-bit millisecond timestamp followed by
 * 80 random bits, in Crockford base32, 26 characters. Within one JVM every id is greater than the
 * one before: in the same millisecond (or when the clock steps back) the random part is
 * incremented instead of drawn again.
 */
public final class Ids {
    public static final int LENGTH = 26;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long MAX_TIME = (1L << 48) - 1;
    // Seeded once from SecureRandom: ids must be unique and ordered, not secret, and a fast source keeps the writer quick.
    private static final Generator DEFAULT = new Generator(System::currentTimeMillis, new Random(new SecureRandom().nextLong()));

    private Ids() {
    }

    public static String next() {
        return DEFAULT.next();
    }

    /** The millisecond an id was created at. */
    public static Instant time(String id) {
        if (!isValid(id)) throw new IllegalArgumentException("not an id: '" + id + "'");
        long t = 0;
        for (int i = 0; i < 10; i++) t = (t << 5) | decode(id.charAt(i));
        return Instant.ofEpochMilli(t);
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != LENGTH || id.charAt(0) > '7') return false;
        for (int i = 0; i < LENGTH; i++) if (decode(id.charAt(i)) < 0) return false;
        return true;
    }

    private static int decode(char c) {
        for (int i = 0; i < ALPHABET.length; i++) if (ALPHABET[i] == c) return i;
        return -1;
    }

    /** One monotonic sequence; the clock and random source are injectable for tests. */
    static final class Generator {
        private final LongSupplier clock;
        private final Random random;
        private long lastTime = -1;
        private long randomHigh; // top 16 of the 80 random bits
        private long randomLow;  // low 64 bits

        Generator(LongSupplier clock, Random random) {
            this.clock = clock;
            this.random = random;
        }

        synchronized String next() {
            long now = clock.getAsLong();
            if (now > lastTime) {
                lastTime = now;
                draw();
            } else if (++randomLow == 0 && ++randomHigh > 0xFFFF) {
                // 2^80 ids in one millisecond cannot happen with a random start, but if it did,
                // borrowing the next millisecond keeps the order.
                lastTime++;
                draw();
            }
            if (lastTime > MAX_TIME) throw new IllegalStateException("clock beyond the id range: " + lastTime);
            return encode(lastTime, randomHigh, randomLow);
        }

        private void draw() {
            randomHigh = random.nextInt() & 0xFFFF;
            randomLow = random.nextLong();
        }
    }

    static String encode(long time, long high, long low) {
        char[] out = new char[LENGTH];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        for (int i = LENGTH - 1; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | (high << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
