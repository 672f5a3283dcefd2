-- +goose Up
-- Staffing support (seed [004]): new recruits placed on the vacancies of
-- rural and weak schools first; allowances per person; turnover housing
-- (周转房) and its tenancies; the city's inspections of a county's rotation
-- work with their findings; the weights of the yearly target-responsibility
-- score (年度目标责任考核) per city and school year.

CREATE TABLE staffing_recruits (
    id              INTEGER PRIMARY KEY,
    county_id       INTEGER NOT NULL REFERENCES counties (id),
    name            TEXT NOT NULL,
    gender          TEXT NOT NULL,
    birth_date      DATE NOT NULL,
    id_cipher       BLOB NOT NULL,
    id_lookup       TEXT NOT NULL,
    id_masked       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    level           TEXT NOT NULL,
    qualifications  TEXT NOT NULL DEFAULT '',
    home_school_id  INTEGER REFERENCES schools (id),
    status          TEXT NOT NULL DEFAULT 'waiting',
    school_id       INTEGER REFERENCES schools (id),
    educator_id     INTEGER REFERENCES educators (id),
    start_date      DATE,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    placed_by       TEXT NOT NULL DEFAULT '',
    placed_at       TIMESTAMP
);
CREATE UNIQUE INDEX staffing_recruits_lookup ON staffing_recruits (id_lookup);
CREATE INDEX staffing_recruits_county ON staffing_recruits (county_id, status);

CREATE TABLE staffing_allowances (
    id            INTEGER PRIMARY KEY,
    educator_id   INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    amount_fen    INTEGER NOT NULL,
    town_rate_fen INTEGER NOT NULL DEFAULT 0,
    payer         TEXT NOT NULL,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX staffing_allowances_educator ON staffing_allowances (educator_id);

CREATE TABLE staffing_housing_units (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools (id),
    name        TEXT NOT NULL,
    area_m2     INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (school_id, name)
);

CREATE TABLE staffing_housing_tenancies (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES staffing_housing_units (id) ON DELETE CASCADE,
    educator_id  INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    move_in      DATE NOT NULL,
    move_out     DATE,
    reason       TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX staffing_housing_tenancies_unit ON staffing_housing_tenancies (unit_id);
CREATE INDEX staffing_housing_tenancies_educator ON staffing_housing_tenancies (educator_id);

CREATE TABLE staffing_inspections (
    id            INTEGER PRIMARY KEY,
    county_id     INTEGER NOT NULL REFERENCES counties (id),
    inspected_on  DATE NOT NULL,
    inspectors    TEXT NOT NULL,
    checklist     TEXT NOT NULL,
    grade         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX staffing_inspections_county ON staffing_inspections (county_id, inspected_on);

CREATE TABLE staffing_inspection_findings (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES staffing_inspections (id) ON DELETE CASCADE,
    finding        TEXT NOT NULL,
    deadline       DATE NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    answer         TEXT NOT NULL DEFAULT '',
    answered_by    TEXT NOT NULL DEFAULT '',
    answered_at    TIMESTAMP,
    closed_by      TEXT NOT NULL DEFAULT '',
    closed_at      TIMESTAMP
);
CREATE INDEX staffing_inspection_findings_inspection ON staffing_inspection_findings (inspection_id);

CREATE TABLE staffing_score_weights (
    city_id                  INTEGER NOT NULL REFERENCES cities (id),
    school_year              INTEGER NOT NULL,
    quota                    INTEGER NOT NULL,
    backbone                 INTEGER NOT NULL,
    return_on_time           INTEGER NOT NULL,
    exemptions               INTEGER NOT NULL,
    inspections              INTEGER NOT NULL,
    exemption_limit_percent  INTEGER NOT NULL,
    updated_by               TEXT NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    PRIMARY KEY (city_id, school_year)
);

-- +goose Down
DROP TABLE staffing_score_weights;
DROP TABLE staffing_inspection_findings;
DROP TABLE staffing_inspections;
DROP TABLE staffing_housing_tenancies;
DROP TABLE staffing_housing_units;
DROP TABLE staffing_allowances;
DROP TABLE staffing_recruits;
