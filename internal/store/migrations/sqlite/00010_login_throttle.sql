-- +goose Up
-- Login throttling that holds under concurrency (issue 16): one counter row
-- per account, client address or proven device, taken under a row lock
-- before a password is hashed, so parallel attempts each see the ones
-- before them. A counter slows attempts down (next_at) instead of locking.
CREATE TABLE login_counters (
    key         TEXT PRIMARY KEY,
    failures    INTEGER NOT NULL,
    next_at     TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX login_counters_next ON login_counters (next_at);

-- A device that has signed in to an account before (the hash of its
-- cookie's token): its correct password passes while strangers are throttled.
CREATE TABLE login_devices (
    id           TEXT NOT NULL,
    username     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (id, username)
);
CREATE INDEX login_devices_seen ON login_devices (last_seen_at);

DROP TABLE login_failures;

-- +goose Down
CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY,
    username    TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_addr ON login_failures (client_addr, at);
DROP TABLE login_devices;
DROP TABLE login_counters;
