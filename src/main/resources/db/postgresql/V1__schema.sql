-- Times are epoch milliseconds, money is cents, JSON is text.
-- Id columns use the "C" collation: ids are compared and ordered byte-wise (they sort by time), and
-- every id column shares the collation so joins between them need no explicit COLLATE.

CREATE TABLE config_versions (
    version    INTEGER PRIMARY KEY,
    created_at BIGINT NOT NULL,
    author     TEXT,
    comment    TEXT,
    document   TEXT NOT NULL
);

CREATE TABLE leads (
    id               TEXT COLLATE "C" PRIMARY KEY,
    campaign         TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    received_at      BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    defer_until      BIGINT,
    config_version   INTEGER NOT NULL,
    fields_json      TEXT    NOT NULL,
    duplicate_of     TEXT COLLATE "C",
    idempotency_key  TEXT,
    queue            TEXT,
    speed_to_lead_ms BIGINT
);
-- Listing pages newest first (ids sort by time) under each combination of the campaign and status filters.
CREATE INDEX leads_campaign_status_id ON leads (campaign, status, id);
CREATE INDEX leads_campaign_id ON leads (campaign, id);
CREATE INDEX leads_status_id ON leads (status, id);
CREATE INDEX leads_status_defer ON leads (status, defer_until);
CREATE UNIQUE INDEX leads_idempotency ON leads (source, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE assignments (
    id          TEXT COLLATE "C" PRIMARY KEY,
    lead_id     TEXT COLLATE "C" NOT NULL,
    buyer       TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    price_cents BIGINT  NOT NULL,
    exclusive   BOOLEAN NOT NULL,
    status      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    released_at BIGINT
);
-- (lead_id, buyer): also answers "does this lead have an assignment with this buyer" for the lead list.
CREATE INDEX assignments_lead_buyer ON assignments (lead_id, buyer);
CREATE INDEX assignments_buyer_created ON assignments (buyer, created_at);

CREATE TABLE dedupe_keys (
    campaign    TEXT   NOT NULL,
    key_hash    TEXT   NOT NULL,
    lead_id     TEXT COLLATE "C" NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX dedupe_keys_lookup ON dedupe_keys (campaign, key_hash, received_at);
-- Pruning deletes by age; without this index it would scan the whole table.
CREATE INDEX dedupe_keys_received ON dedupe_keys (received_at);

CREATE TABLE cap_counters (
    buyer        TEXT   NOT NULL,
    period       TEXT   NOT NULL,
    window_start BIGINT NOT NULL,
    leads        BIGINT NOT NULL,
    cents        BIGINT NOT NULL,
    PRIMARY KEY (buyer, period, window_start)
);
-- Loading state reads each period's windows from a start time on.
CREATE INDEX cap_counters_period_window ON cap_counters (period, window_start);

CREATE TABLE rotation (
    campaign TEXT   NOT NULL,
    rule     TEXT   NOT NULL,
    buyer    TEXT   NOT NULL,
    turns   BIGINT NOT NULL,
    PRIMARY KEY (campaign, rule, buyer)
);

CREATE TABLE deliveries (
    id              TEXT COLLATE "C" PRIMARY KEY,
    lead_id         TEXT COLLATE "C" NOT NULL,
    assignment_id   TEXT COLLATE "C",
    buyer           TEXT    NOT NULL,
    endpoint_index  INTEGER NOT NULL,
    endpoint_type   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    last_error      TEXT,
    buyer_lead_id   TEXT,
    idempotency_key TEXT,
    -- The outbox is read soonest-first; a pending delivery must say when it is due.
    CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX deliveries_lead ON deliveries (lead_id);
CREATE INDEX deliveries_status_next ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_status_id ON deliveries (status, id);

CREATE TABLE audit_events (
    id             BIGSERIAL PRIMARY KEY,
    lead_id        TEXT COLLATE "C",
    type           TEXT   NOT NULL,
    at             BIGINT NOT NULL,
    config_version INTEGER,
    data           TEXT
);
CREATE INDEX audit_events_lead ON audit_events (lead_id, id);
CREATE INDEX audit_events_type ON audit_events (type, id);

-- The audit log is append-only: the database itself refuses to change, remove or truncate events.
-- Statement-level, so even a statement that matches no row is refused.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
