package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.Json;
import leadrouter.audit.EventType;
import leadrouter.store.GroupCommit;
import leadrouter.store.Rows.AuditEvent;
import leadrouter.store.Rows.ConfigVersionRow;
import leadrouter.store.Store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live config: one immutable version at a time, swapped atomically. A change is validated
 * as a whole, stored as a new numbered version with author and time, logged as
 * {@code config.changed} with its diff, and only then made live.
 */
public final class ConfigService {
    private final Store store;
    private final GroupCommit writer;
    private final Clock clock;
    private final Path baseDir;
    private final AtomicReference<Config> current = new AtomicReference<>();
    /** Writer thread: the newest config accepted, possibly not durable yet (null: the live one). */
    private Config accepted;
    private final java.util.List<java.util.function.Consumer<Config>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ConfigService(Store store, GroupCommit writer, Clock clock, Path baseDir) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.baseDir = baseDir;
        writer.listen(new GroupCommit.Listener() {
            @Override
            public void rolledBack(RuntimeException cause) {
                accepted = null;
            }
        });
    }

    /** Called with each config that becomes live (and with the live one, at once). */
    public void onChange(java.util.function.Consumer<Config> listener) {
        listeners.add(listener);
        Config c = current.get();
        if (c != null) listener.accept(c);
    }

    private void activate(Config c) {
        current.set(c);
        for (var l : listeners) l.accept(c);
    }

    /** The live config; null until {@link #start} has run. */
    public Config current() {
        return current.get();
    }

    /**
     * Loads the newest stored version; when a document is given (a config file) and differs from
     * it, stores the document as a new version first.
     */
    public Config start(JsonNode document, String author) {
        Optional<ConfigVersionRow> latest = store.latestConfig();
        if (latest.isPresent()) {
            ConfigVersionRow row = latest.get();
            Config stored = parse(Json.tree(row.document()), row.version());
            activate(stored);
            if (document == null || document.equals(stored.document())) return stored;
        } else if (document == null) {
            throw new ConfigException(List.of(new ConfigError("$",
                    "no config stored yet: start with --config FILE or --demo")));
        }
        return replace(document, author, "loaded at start-up");
    }

    /** Validates, stores and activates a new version; throws {@link ConfigException} listing every error. */
    public Config replace(JsonNode document, String author, String comment) {
        return writer.call(ctx -> {
            Config before = accepted != null ? accepted : current.get();
            int version = before == null ? store.latestConfig().map(ConfigVersionRow::version).orElse(0) + 1 : before.version() + 1;
            Config next = parse(document, version);
            Instant now = clock.instant();
            ctx.batch.configs.add(new ConfigVersionRow(version, now, author, comment, Json.write(document)));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("version", version);
            data.put("author", author);
            data.put("comment", comment);
            data.put("changes", before == null ? List.of() : ConfigDiff.diff(before.document(), document));
            ctx.batch.events.add(AuditEvent.of(null, EventType.CONFIG_CHANGED, now, version, Json.write(data)));
            accepted = next;
            ctx.afterCommit(() -> activate(next));
            return next;
        });
    }

    /** Checks a document without storing it. */
    public Config validate(JsonNode document) {
        Config c = current.get();
        return parse(document, c == null ? 1 : c.version() + 1);
    }

    private Config parse(JsonNode document, int version) {
        return ConfigParser.parse(document, version, baseDir).orThrow();
    }
}
