-- +goose Up
-- The product's one public notice (公示, package notice): a procedure's
-- published record for a period, the objections raised while it runs and
-- their answers; and the one store of uploaded files (附件, package
-- attach), kept sealed with the data key.
CREATE TABLE notices (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL,
    subject_id           INTEGER NOT NULL,
    city_id              INTEGER NOT NULL DEFAULT 0,
    county_id            INTEGER NOT NULL DEFAULT 0,
    school_id            INTEGER NOT NULL DEFAULT 0,
    programme_id         INTEGER NOT NULL DEFAULT 0,
    title                TEXT NOT NULL,
    body                 TEXT NOT NULL DEFAULT '',
    start_on             DATE NOT NULL,
    end_on               DATE NOT NULL,
    state                TEXT NOT NULL,
    state_note           TEXT NOT NULL DEFAULT '',
    state_by             TEXT NOT NULL DEFAULT '',
    state_at             TIMESTAMP,
    published_by         TEXT NOT NULL,
    published_by_user_id INTEGER,
    published_at         TIMESTAMP NOT NULL
);
CREATE INDEX notices_subject ON notices (kind, subject_id);

-- The published record, frozen at publication.
CREATE TABLE notice_entries (
    notice_id   INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    entry_key   TEXT NOT NULL,
    educator_id INTEGER,
    label       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, position),
    UNIQUE (notice_id, entry_key)
);

-- Objections name their authors by account (the label is for display);
-- like the audit log's actor_id, the ids are no foreign keys.
CREATE TABLE notice_objections (
    id                  INTEGER PRIMARY KEY,
    notice_id           INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    entry_key           TEXT NOT NULL DEFAULT '',
    text                TEXT NOT NULL,
    raised_by           TEXT NOT NULL,
    raised_by_user_id   INTEGER,
    raised_on           DATE NOT NULL,
    raised_at           TIMESTAMP NOT NULL,
    answer              TEXT NOT NULL DEFAULT '',
    outcome             TEXT NOT NULL DEFAULT '',
    answered_by         TEXT NOT NULL DEFAULT '',
    answered_by_user_id INTEGER,
    answered_at         TIMESTAMP
);
CREATE INDEX notice_objections_notice ON notice_objections (notice_id);

CREATE TABLE attachments (
    id                  INTEGER PRIMARY KEY,
    owner_kind          TEXT NOT NULL,
    owner_id            INTEGER NOT NULL,
    name                TEXT NOT NULL,
    content_type        TEXT NOT NULL,
    size                INTEGER NOT NULL,
    sha256              TEXT NOT NULL,
    content             BLOB NOT NULL,
    uploaded_by         TEXT NOT NULL,
    uploaded_by_user_id INTEGER,
    uploaded_at         TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);

-- +goose Down
DROP TABLE attachments;
DROP TABLE notice_objections;
DROP TABLE notice_entries;
DROP TABLE notices;
