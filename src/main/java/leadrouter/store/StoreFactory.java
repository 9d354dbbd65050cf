package leadrouter.store;

/** Opens the configured store; the schema is migrated to the current version on open. */
public final class StoreFactory {
    private StoreFactory() {
    }

    public static Store open(StoreSettings settings) {
        return switch (settings) {
            case StoreSettings.Embedded embedded -> SqliteStore.open(embedded);
            case StoreSettings.Postgres postgres -> PostgresStore.open(postgres);
        };
    }
}
