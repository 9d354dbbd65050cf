-- Times are epoch milliseconds, money is cents, JSON is text. STRICT tables reject values of the wrong type.

CREATE TABLE config_versions (
    version    INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    author     TEXT,
    comment    TEXT,
    document   TEXT NOT NULL
) STRICT;

CREATE TABLE leads (
    id               TEXT PRIMARY KEY,
    campaign         TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    received_at      INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    defer_until      INTEGER,
    config_version   INTEGER NOT NULL,
    fields_json      TEXT    NOT NULL,
    duplicate_of     TEXT,
    idempotency_key  TEXT,
    queue            TEXT,
    speed_to_lead_ms INTEGER
) STRICT;
-- Listing pages newest first (ids sort by time) under each combination of the campaign and status filters.
CREATE INDEX leads_campaign_status_id ON leads (campaign, status, id);
CREATE INDEX leads_campaign_id ON leads (campaign, id);
CREATE INDEX leads_status_id ON leads (status, id);
CREATE INDEX leads_status_defer ON leads (status, defer_until);
CREATE UNIQUE INDEX leads_idempotency ON leads (source, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE assignments (
    id          TEXT PRIMARY KEY,
    lead_id     TEXT    NOT NULL,
    buyer       TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    price_cents INTEGER NOT NULL,
    exclusive   INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    released_at INTEGER
) STRICT;
-- (lead_id, buyer): also answers "does this lead have an assignment with this buyer" for the lead list.
CREATE INDEX assignments_lead_buyer ON assignments (lead_id, buyer);
CREATE INDEX assignments_buyer_created ON assignments (buyer, created_at);

CREATE TABLE dedupe_keys (
    campaign    TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL,
    lead_id     TEXT    NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX dedupe_keys_lookup ON dedupe_keys (campaign, key_hash, received_at);
-- Pruning deletes by age; without this index it would scan the whole table while holding the write lock.
CREATE INDEX dedupe_keys_received ON dedupe_keys (received_at);

CREATE TABLE cap_counters (
    buyer        TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    leads        INTEGER NOT NULL,
    cents        INTEGER NOT NULL,
    PRIMARY KEY (buyer, period, window_start)
) STRICT, WITHOUT ROWID;
-- Loading state reads each period's windows from a start time on.
CREATE INDEX cap_counters_period_window ON cap_counters (period, window_start);

CREATE TABLE rotation (
    campaign TEXT    NOT NULL,
    rule     TEXT    NOT NULL,
    buyer    TEXT    NOT NULL,
    turns   INTEGER NOT NULL,
    PRIMARY KEY (campaign, rule, buyer)
) STRICT, WITHOUT ROWID;

CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    lead_id         TEXT    NOT NULL,
    assignment_id   TEXT,
    buyer           TEXT    NOT NULL,
    endpoint_index  INTEGER NOT NULL,
    endpoint_type   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_error      TEXT,
    buyer_lead_id   TEXT,
    idempotency_key TEXT,
    -- The outbox is read soonest-first; a pending delivery must say when it is due.
    CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
) STRICT;
CREATE INDEX deliveries_lead ON deliveries (lead_id);
CREATE INDEX deliveries_status_next ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_status_id ON deliveries (status, id);

-- AUTOINCREMENT: ids are never reused, so readers can follow the log by id.
CREATE TABLE audit_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id        TEXT,
    type           TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    config_version INTEGER,
    data           TEXT
) STRICT;
CREATE INDEX audit_events_lead ON audit_events (lead_id, id);
CREATE INDEX audit_events_type ON audit_events (type, id);

-- The audit log is append-only: the database itself refuses to change or remove an event.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
