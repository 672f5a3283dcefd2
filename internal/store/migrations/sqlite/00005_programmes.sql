-- +goose Up
-- Programmes (项目, SPEC §4): secondment, training and pairing programmes
-- organised by a city or a county, with participant categories and their
-- quotas, and the enrolled participants. Grants may be scoped to one.

CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    city_id     INTEGER NOT NULL REFERENCES cities (id),
    -- NULL for a city-wide programme.
    county_id   INTEGER REFERENCES counties (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    organiser   TEXT NOT NULL,
    hosts       TEXT NOT NULL DEFAULT '',
    start_date  DATE NOT NULL,
    end_date    DATE NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX programmes_name ON programmes (city_id, COALESCE(county_id, 0), name);
CREATE INDEX programmes_county ON programmes (county_id);

-- Participant categories (e.g. 中层干部 20, 级部主任 13, 学科骨干教师 16).
CREATE TABLE programme_categories (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    quota        INTEGER NOT NULL,
    UNIQUE (programme_id, name)
);

CREATE TABLE programme_members (
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    educator_id  INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    category     TEXT NOT NULL DEFAULT '',
    added_by     TEXT NOT NULL,
    added_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, educator_id)
);
CREATE INDEX programme_members_educator ON programme_members (educator_id);

-- +goose Down
DROP TABLE programme_members;
DROP TABLE programme_categories;
DROP TABLE programmes;
