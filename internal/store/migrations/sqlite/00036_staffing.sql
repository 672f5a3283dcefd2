-- +goose Up
-- Staffing establishment (编制) and professional posts (专业技术岗位), seed
-- 004: a school's classes, pupils and boarders; the county's yearly
-- settings (total establishment, pupils per staff by level, additions);
-- the allocation per school in versions, a filed (备案) version being a
-- snapshot; posts per school or per rotation area by grade, and the
-- appointments against them.

ALTER TABLE schools ADD COLUMN classes INTEGER;
ALTER TABLE schools ADD COLUMN pupils INTEGER;
ALTER TABLE schools ADD COLUMN boarders INTEGER;

CREATE TABLE staffing_settings (
    county_id          INTEGER NOT NULL REFERENCES counties (id),
    year               INTEGER NOT NULL,
    total              INTEGER NOT NULL,
    ratio_senior       REAL NOT NULL,
    ratio_junior       REAL NOT NULL,
    ratio_primary      REAL NOT NULL,
    ratio_special      REAL NOT NULL,
    boarders_per_staff REAL NOT NULL,
    village_point_staff REAL NOT NULL,
    hardship_second_years INTEGER NOT NULL,
    hardship_first_years  INTEGER NOT NULL,
    post_unit          TEXT NOT NULL,
    updated_by         TEXT NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (county_id, year)
);

CREATE TABLE staffing_allocations (
    id          INTEGER PRIMARY KEY,
    county_id   INTEGER NOT NULL REFERENCES counties (id),
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    seats       INTEGER NOT NULL,
    basis       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    filed_by    TEXT NOT NULL DEFAULT '',
    filed_at    TIMESTAMP,
    UNIQUE (county_id, year, version)
);

CREATE TABLE staffing_allocation_lines (
    allocation_id INTEGER NOT NULL REFERENCES staffing_allocations (id) ON DELETE CASCADE,
    school_id     INTEGER NOT NULL REFERENCES schools (id),
    level         TEXT NOT NULL,
    classes       INTEGER NOT NULL,
    pupils        INTEGER NOT NULL,
    boarders      INTEGER NOT NULL,
    standard      REAL NOT NULL,
    computed      INTEGER NOT NULL,
    allocated     INTEGER NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (allocation_id, school_id)
);

CREATE TABLE staffing_posts (
    id          INTEGER PRIMARY KEY,
    county_id   INTEGER NOT NULL REFERENCES counties (id),
    unit_kind   TEXT NOT NULL,
    unit_id     INTEGER NOT NULL,
    grade       TEXT NOT NULL,
    posts       INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (unit_kind, unit_id, grade)
);
CREATE INDEX staffing_posts_county ON staffing_posts (county_id);

CREATE TABLE staffing_appointments (
    id          INTEGER PRIMARY KEY,
    county_id   INTEGER NOT NULL REFERENCES counties (id),
    unit_kind   TEXT NOT NULL,
    unit_id     INTEGER NOT NULL,
    educator_id INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    grade       TEXT NOT NULL,
    start_date  DATE NOT NULL,
    end_date    DATE,
    ahead       BOOLEAN NOT NULL DEFAULT FALSE,
    higher      BOOLEAN NOT NULL DEFAULT FALSE,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX staffing_appointments_unit ON staffing_appointments (unit_kind, unit_id, grade);
CREATE INDEX staffing_appointments_educator ON staffing_appointments (educator_id);

-- +goose Down
DROP TABLE staffing_appointments;
DROP TABLE staffing_posts;
DROP TABLE staffing_allocation_lines;
DROP TABLE staffing_allocations;
DROP TABLE staffing_settings;
ALTER TABLE schools DROP COLUMN boarders;
ALTER TABLE schools DROP COLUMN pupils;
ALTER TABLE schools DROP COLUMN classes;
