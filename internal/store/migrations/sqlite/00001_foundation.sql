-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE cities (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE counties (
    id         INTEGER PRIMARY KEY,
    city_id    INTEGER NOT NULL REFERENCES cities (id),
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (city_id, name)
);

CREATE TABLE consortia (
    id             INTEGER PRIMARY KEY,
    county_id      INTEGER NOT NULL REFERENCES counties (id),
    name           TEXT NOT NULL,
    lead_school_id INTEGER,
    UNIQUE (county_id, name)
);

CREATE TABLE schools (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    county_id     INTEGER NOT NULL REFERENCES counties (id),
    level         TEXT NOT NULL,
    location      TEXT NOT NULL,
    terrain       TEXT NOT NULL DEFAULT '',
    weak          BOOLEAN NOT NULL DEFAULT FALSE,
    demonstration TEXT NOT NULL DEFAULT '',
    village_point BOOLEAN NOT NULL DEFAULT FALSE,
    consortium_id INTEGER REFERENCES consortia (id),
    longitude     REAL,
    latitude      REAL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX schools_county ON schools (county_id);

CREATE TABLE educators (
    id            INTEGER PRIMARY KEY,
    id_cipher     BLOB NOT NULL,
    id_lookup     TEXT NOT NULL UNIQUE,
    id_masked     TEXT NOT NULL,
    name          TEXT NOT NULL,
    search_keys   TEXT NOT NULL,
    sort_key      TEXT NOT NULL,
    gender        TEXT NOT NULL,
    birth_date    DATE NOT NULL,
    school_id     INTEGER NOT NULL REFERENCES schools (id),
    post          TEXT NOT NULL,
    subjects      TEXT NOT NULL DEFAULT '',
    staff_status  TEXT NOT NULL,
    backbone      TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    honours       TEXT NOT NULL DEFAULT '',
    joined_school DATE NOT NULL,
    post_since    DATE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX educators_school ON educators (school_id);
CREATE INDEX educators_sort ON educators (sort_key, id);

CREATE TABLE career_entries (
    id          INTEGER PRIMARY KEY,
    educator_id INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    school_id   INTEGER NOT NULL REFERENCES schools (id),
    post        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    start_date  DATE NOT NULL,
    end_date    DATE,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX career_entries_educator ON career_entries (educator_id, start_date);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    educator_id         INTEGER REFERENCES educators (id),
    county_id           INTEGER REFERENCES counties (id),
    school_id           INTEGER REFERENCES schools (id),
    password_changed_at TIMESTAMP NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);

CREATE TABLE grants (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id   INTEGER NOT NULL DEFAULT 0,
    full_id    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, role, scope_kind, scope_id)
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    client_addr  TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY,
    username    TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_addr ON login_failures (client_addr, at);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE career_entries;
DROP TABLE educators;
DROP TABLE schools;
DROP TABLE consortia;
DROP TABLE counties;
DROP TABLE cities;
DROP TABLE settings;
