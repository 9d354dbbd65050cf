package leadrouter.store;

import java.nio.file.Path;
import java.util.Objects;

/** Which store to open: the embedded SQLite file or a shared PostgreSQL database. */
public sealed interface StoreSettings {

    /**
     * When a commit counts as durable. FULL: synced to disk before {@code commit} returns. NORMAL:
     * survives a crash of the process, but the last commits may be lost if the machine loses power.
     */
    enum Durability { FULL, NORMAL }

    /** "sqlite" or "postgresql", for /health. */
    default String kind() {
        return this instanceof Embedded ? "sqlite" : "postgresql";
    }

    static StoreSettings sqlite(Path dataDir, boolean normalDurability) {
        return new Embedded(dataDir, normalDurability ? Durability.NORMAL : Durability.FULL);
    }

    /** A PostgreSQL JDBC URL; user and password may be in it, or come from trust authentication. */
    static StoreSettings postgres(String jdbcUrl) {
        return new Postgres(jdbcUrl, null, null, 16);
    }

    /** {@code leadrouter.db} in {@code dataDir} (created if missing), with {@code readers} read connections. */
    record Embedded(Path dataDir, Durability durability, int readers) implements StoreSettings {
        public static final int DEFAULT_READERS = 4;

        public Embedded {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(durability, "durability");
            if (readers < 1 || readers > 64) throw new IllegalArgumentException("readers must be 1..64, got " + readers);
        }

        public Embedded(Path dataDir, Durability durability) {
            this(dataDir, durability, DEFAULT_READERS);
        }
    }

    /** {@code user} and {@code password} may be null (given in the URL, or trust authentication). */
    record Postgres(String jdbcUrl, String user, String password, int poolSize) implements StoreSettings {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:"))
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: '" + jdbcUrl + "'");
            if (poolSize < 1 || poolSize > 500) throw new IllegalArgumentException("poolSize must be 1..500, got " + poolSize);
        }

        @Override
        public String toString() {
            return "Postgres[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", poolSize=" + poolSize + "]";
        }
    }
}
