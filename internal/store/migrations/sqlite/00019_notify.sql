-- +goose Up
-- The inbox (待办): an item waits on whoever holds a permission at a place,
-- or on one account; it is open until done_at. Reopening an item (Wait
-- again after Done) starts a new generation: its read marks go and it is
-- delivered again.
CREATE TABLE notify_items (
    id           INTEGER PRIMARY KEY,
    item_key     TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    link         TEXT NOT NULL,
    permission   TEXT NOT NULL DEFAULT '',
    user_id      INTEGER NOT NULL DEFAULT 0,
    city_id      INTEGER NOT NULL DEFAULT 0,
    county_id    INTEGER NOT NULL DEFAULT 0,
    school_id    INTEGER NOT NULL DEFAULT 0,
    educator_id  INTEGER NOT NULL DEFAULT 0,
    programme_id INTEGER NOT NULL DEFAULT 0,
    due          DATE,
    generation   INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    done_at      TIMESTAMP,
    dispatched   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_items_open ON notify_items (done_at, county_id);

CREATE TABLE notify_reads (
    item_id INTEGER NOT NULL REFERENCES notify_items (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (item_id, user_id)
);

-- A user's choice of delivery outside the product.
CREATE TABLE notify_prefs (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT NOT NULL DEFAULT '',
    email_on   INTEGER NOT NULL DEFAULT 0,
    digest     INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

-- A unit's (county's or school's) group robots; the URLs are secrets.
CREATE TABLE notify_units (
    unit_kind    TEXT NOT NULL,
    unit_id      INTEGER NOT NULL,
    wecom_url    TEXT NOT NULL DEFAULT '',
    dingtalk_url TEXT NOT NULL DEFAULT '',
    digest       INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (unit_kind, unit_id)
);

-- What is sent or to be sent: one row per item (or digest) × recipient ×
-- channel, unique by its key, so that no message is made twice.
CREATE TABLE notify_deliveries (
    id            INTEGER PRIMARY KEY,
    delivery_key  TEXT NOT NULL UNIQUE,
    channel       TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    item_id       INTEGER REFERENCES notify_items (id) ON DELETE SET NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    status        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    claimed_until TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    sent_at       TIMESTAMP
);
CREATE INDEX notify_deliveries_status ON notify_deliveries (status);

-- +goose Down
DROP TABLE notify_deliveries;
DROP TABLE notify_units;
DROP TABLE notify_prefs;
DROP TABLE notify_reads;
DROP TABLE notify_items;
