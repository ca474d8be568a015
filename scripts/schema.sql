-- Schema of the orders pipeline. Idempotent: `make init-db` applies it any
-- number of times; a second run changes nothing.

-- Reference data that the enrich stage reads.
CREATE TABLE IF NOT EXISTS users (
    user_id      TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    country      CHAR(2) NOT NULL,
    tier         TEXT NOT NULL CHECK (tier IN ('standard', 'silver', 'gold')),
    signup_date  DATE NOT NULL
);

CREATE TABLE IF NOT EXISTS products (
    product_id   TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    price        NUMERIC(12, 2) NOT NULL CHECK (price >= 0)
);

-- Event store: one row per unique event (insert-if-absent on event_id), with
-- what enrichment and fraud scoring added.
CREATE TABLE IF NOT EXISTS order_events (
    event_id          TEXT PRIMARY KEY,
    event_type        TEXT NOT NULL,
    order_id          TEXT NOT NULL,
    user_id           TEXT,
    "timestamp"       TIMESTAMPTZ NOT NULL,
    payload           JSONB NOT NULL,
    enrichment        JSONB,
    fraud_score       REAL,
    fraud_decision    TEXT,
    fraud_reasons     TEXT[],
    source_topic      TEXT,
    source_partition  INTEGER,
    source_offset     BIGINT,
    processed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Why the order's lifecycle refused the event (an invalid transition),
    -- kept with it so a replay fails it again: null when it was applied.
    rejected          TEXT
);
-- Databases made before the rejection was kept.
ALTER TABLE order_events ADD COLUMN IF NOT EXISTS rejected TEXT;
CREATE INDEX IF NOT EXISTS order_events_order_idx ON order_events (order_id, "timestamp");
CREATE INDEX IF NOT EXISTS order_events_timestamp_idx ON order_events ("timestamp" DESC);

-- Current state per order. `sequence` is the lifecycle position of the last
-- applied event (CREATED 1, PAID 2, SHIPPED 3, DELIVERED 4; CANCELLED ends
-- any state before SHIPPED): upserts only move forward, so a replay or an
-- out-of-order event never rewinds an order.
CREATE TABLE IF NOT EXISTS order_states (
    order_id         TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('CREATED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    sequence         SMALLINT NOT NULL,
    total_amount     NUMERIC(12, 2) NOT NULL,
    currency         CHAR(3) NOT NULL DEFAULT 'USD',
    item_count       INTEGER NOT NULL DEFAULT 0,
    fraud_decision   TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    last_event_id    TEXT NOT NULL,
    last_event_type  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS order_states_created_idx ON order_states (created_at DESC);
-- No index on status: with five values it selects little, and every move of
-- an order changes it, so it made each lifecycle update write all three
-- indexes instead of none (a HOT update, room for which fillfactor keeps).
-- Databases made before drop it here.
DROP INDEX IF EXISTS order_states_status_idx;
ALTER TABLE order_states SET (fillfactor = 90);

-- Failed events (dead letters). One row per failed event, keyed by its origin
-- so a replayed failure bumps `attempts` instead of adding a row.
CREATE TABLE IF NOT EXISTS processing_errors (
    id                BIGSERIAL PRIMARY KEY,
    error_key         TEXT NOT NULL UNIQUE,
    stage             TEXT NOT NULL,
    error             TEXT NOT NULL,
    raw_payload       TEXT NOT NULL,
    event_id          TEXT,
    source_topic      TEXT,
    source_partition  INTEGER,
    source_offset     BIGINT,
    attempts          INTEGER NOT NULL DEFAULT 1,
    first_seen        TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS processing_errors_stage_idx ON processing_errors (stage, last_seen DESC);
-- The dead-letter write that last touched the row: a batch written again
-- after an in-doubt COMMIT finds its own token and does not count again.
ALTER TABLE processing_errors ADD COLUMN IF NOT EXISTS write_token TEXT;

-- Orders the fraud stage flagged for review or blocked.
CREATE TABLE IF NOT EXISTS fraud_alerts (
    event_id     TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL,
    user_id      TEXT,
    score        REAL,  -- null when the model could not score
    decision     TEXT NOT NULL CHECK (decision IN ('review', 'block')),
    reasons      TEXT[] NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS fraud_alerts_order_idx ON fraud_alerts (order_id);
-- Databases made before the score could be unknown.
ALTER TABLE fraud_alerts ALTER COLUMN score DROP NOT NULL;

-- Source positions written by sinks in the same transaction as their rows
-- (exactly-once into PostgreSQL): a source resumes from here when it is ahead
-- of the broker's committed offsets.
CREATE TABLE IF NOT EXISTS sink_offsets (
    consumer      TEXT NOT NULL,
    topic         TEXT NOT NULL,
    partition     INTEGER NOT NULL,
    next_offset   BIGINT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, partition)
);

-- Deterministic reference data: the same rows on every machine, so the
-- generator's user and product ids always resolve.
INSERT INTO users (user_id, name, email, country, tier, signup_date)
SELECT format('user-%s', lpad(i::text, 5, '0')),
       format('User %s', i),
       format('user%s@example.com', i),
       (ARRAY['US', 'DE', 'GB', 'FR', 'NL', 'ES', 'IT', 'PL', 'SE', 'BR'])[1 + (i * 7) % 10],
       (ARRAY['standard', 'standard', 'standard', 'silver', 'gold'])[1 + (i * 13) % 5],
       DATE '2020-01-01' + ((i * 37) % 1800)
FROM generate_series(1, 10000) AS i
ON CONFLICT (user_id) DO NOTHING;

INSERT INTO products (product_id, name, category, price)
SELECT format('prod-%s', lpad(i::text, 4, '0')),
       format('Product %s', i),
       (ARRAY['electronics', 'books', 'clothing', 'home', 'toys', 'sports', 'beauty', 'grocery'])[1 + (i * 3) % 8],
       round((5 + ((i * 7919) % 49500) / 100.0)::numeric, 2)
FROM generate_series(1, 1000) AS i
ON CONFLICT (product_id) DO NOTHING;
