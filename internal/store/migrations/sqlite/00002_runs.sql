-- +goose Up
-- A run is one piece of background work a user started (a roster import,
-- a planning run): its progress and result, which pages poll.
CREATE TABLE runs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    owner_id       INTEGER REFERENCES users (id),
    title          TEXT NOT NULL DEFAULT '',
    input          TEXT NOT NULL DEFAULT '',
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    message        TEXT NOT NULL DEFAULT '',
    result         TEXT NOT NULL DEFAULT '',
    error          TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    started_at     TIMESTAMP,
    finished_at    TIMESTAMP
);
CREATE INDEX runs_owner ON runs (owner_id, id);

-- Files users upload for a run, kept until the run is done with them.
CREATE TABLE uploads (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER REFERENCES runs (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX uploads_run ON uploads (run_id);

-- +goose Down
DROP TABLE uploads;
DROP TABLE runs;
